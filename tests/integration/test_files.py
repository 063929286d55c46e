"""The file sink as users see it: codecs, syncing, rolling, naming, leftovers; files read back
with python3-avro and with avrocat (Avro C), two independent readers."""

import os
import re
import socket
import subprocess

import pytest
from avro.datafile import DataFileReader
from avro.io import DatumReader

from harness import VECTOR1_QUERY, Collector, read_responses, wait_until


def send_events(port, count, tag="e"):
    with socket.create_connection(("127.0.0.1", port)) as connection:
        for i in range(count):
            query = VECTOR1_QUERY.replace("t=pageView", f"t={tag}{i}")
            connection.sendall(f"GET /csc-event?{query} HTTP/1.1\r\n\r\n".encode())
        assert len(read_responses(connection, count)) == count


def count_records(path):
    try:
        with open(path, "rb") as stream:
            reader = DataFileReader(stream, DatumReader())
            count = sum(1 for _ in reader)
            reader.close()
            return count
    except Exception:  # the header may not be complete yet
        return -1


@pytest.mark.parametrize("codec", ["null", "deflate", "snappy"])
def test_every_codec_reads_back_with_two_independent_readers(codec):
    collector = Collector(Collector.default_config(sink_extra=f", codec = {codec}")).start()
    send_events(collector.port, 250)
    assert collector.stop() == 0
    [path] = collector.published_files()
    with open(path, "rb") as stream:
        reader = DataFileReader(stream, DatumReader())
        assert reader.meta["avro.codec"] == codec.encode()
        types = [record["eventType"] for record in reader]
        reader.close()
    assert types == [f"e{i}" for i in range(250)]
    avrocat = subprocess.run(["avrocat", path], capture_output=True, text=True, check=True)
    assert len(avrocat.stdout.strip().splitlines()) == 250
    assert '"eventType": "e249"' in avrocat.stdout


def test_records_become_durable_in_blocks_of_sync_file_after_records():
    collector = Collector(Collector.default_config(
        extra="hdfs { threads = 1 }",
        sink_extra=", sync_file_after_records = 10, sync_file_after_duration = 1 hour")).start()
    send_events(collector.port, 25)
    [partial] = wait_until(collector.partial_files, message="an open file")
    wait_until(lambda: count_records(partial) == 20, message="two synced blocks of 10")
    assert collector.published_files() == []
    assert collector.stop() == 0
    [published] = collector.published_files()
    assert count_records(published) == 25
    assert os.path.basename(published) + ".partial" == os.path.basename(partial)


def test_unsynced_records_are_synced_after_sync_file_after_duration():
    collector = Collector(Collector.default_config(
        extra="hdfs { threads = 1 }",
        sink_extra=", sync_file_after_records = 1000, sync_file_after_duration = 1 second")).start()
    send_events(collector.port, 3)
    [partial] = wait_until(collector.partial_files, message="an open file")
    wait_until(lambda: count_records(partial) == 3, timeout=15, message="a time-based sync")
    assert collector.stop() == 0


def test_files_roll_and_are_published_with_unique_names():
    collector = Collector(Collector.default_config(
        sink_extra=", roll_every = 1 second, sync_file_after_records = 1")).start()
    send_events(collector.port, 5, tag="a")
    wait_until(lambda: len(collector.published_files()) >= 1, timeout=15, message="a roll")
    send_events(collector.port, 5, tag="b")
    assert collector.stop() == 0
    files = collector.published_files()
    assert len(files) >= 2
    host = socket.gethostname() or "localhost"
    pattern = re.compile(r"^\d{14}-divolte-tracking-" + re.escape(host) + r"-(\d+)\.avro$")
    numbers = [int(pattern.match(os.path.basename(f)).group(1)) for f in files]
    assert len(set(numbers)) == len(numbers)
    types = sorted(r["eventType"] for r in collector.records())
    assert types == sorted([f"a{i}" for i in range(5)] + [f"b{i}" for i in range(5)])
    assert not collector.partial_files()


def test_an_idle_collector_publishes_no_empty_files():
    collector = Collector(Collector.default_config(sink_extra=", roll_every = 1 second")).start()
    wait_until(lambda: collector.partial_files(), message="an open file")
    assert collector.stop() == 0
    assert collector.published_files() == []
    assert collector.partial_files() == []


def test_leftover_partial_files_are_reported_and_kept():
    collector = Collector(Collector.default_config())
    leftover = os.path.join(collector.working, "20200101000000-divolte-tracking-x-1.avro.partial")
    with open(leftover, "wb") as stream:
        stream.write(b"Obj\x01")
    collector.start()
    line = collector.find_line("leftover *.avro.partial files")
    assert line and "WARN" in line
    assert f"Found 1 leftover *.avro.partial files in working directory {collector.working}" in line
    assert collector.stop() == 0
    assert os.path.exists(leftover)
