"""A full disk under the file sink (issue 9, point 4; sinks.md §2.4, operations.md §2): the
working and publish directories are on a small tmpfs mounted by the test, which is filled while the
collector runs and freed again. No crash; the records already durable stay published; the sink
pauses and keeps what it holds; events are counted as dropped only once its queue is full; after
the space returns, writing resumes and every record that was not counted as dropped is published.

The other faults of point 4 are covered where their component is tested: the Kafka cluster going
away and returning (test_kafka.py: outages shorter and longer than the buffer) and a corrupt
replacement of the geolocation database (test_enrichment.py: the old database stays in use)."""

import errno
import os
import subprocess

import pytest

from dump_avro import read_records
from harness import Collector, VECTOR1_QUERY, send_beacon, wait_until, with_params

QUEUE = 50
BEFORE, DURING, FLOOD = 20, 30, 300


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                   check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(directory):
    """Fills the file system with one file until it reports ENOSPC; returns the file."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out:
        while True:
            try:
                out.write(b"\0" * 4096)
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break
    return filler


def test_a_full_disk_pauses_the_sink_and_loses_only_counted_drops(small_disk):
    config = Collector.default_config(
        extra=f"hdfs {{ threads = 1, buffer_size = {QUEUE} }}",
        sink_extra=", sync_file_after_records = 1, roll_every = 1 hour")
    collector = Collector(config, workdir=str(small_disk))
    collector.start()

    def metric(name, **labels):
        return collector.metric(name, sink="files", **labels)

    def send(tag, count):
        for i in range(count):
            send_beacon(collector, with_params(VECTOR1_QUERY, e=f"0%3A{tag}{i}"))
    try:
        send("before", BEFORE)
        wait_until(lambda: metric("divolte_sink_delivered_total") == BEFORE, timeout=20,
                   message="the first records durable")
        filler = fill(small_disk)

        # The sink fails, pauses and holds the records; nothing is dropped while its queue has
        # room.
        send("during", DURING)
        wait_until(lambda: metric("divolte_sink_paused", thread="1") == 1, timeout=20,
                   message="the sink paused")
        # (The log line may reach the pipe after the gauge moved.)
        wait_until(lambda: collector.find_line("File system connection error. Marking file "
                                               "system as unavailable. Attempting reconnect "
                                               "after 15 s."),
                   message="the failure's log line")
        assert metric("divolte_sink_failures_total") >= 1
        assert metric("divolte_sink_dropped_total", reason="queue_full") == 0
        # What was durable before the failure (the last page of the file may have taken a few
        # more records after the filler) was published, not deleted.
        durable = metric("divolte_sink_delivered_total")
        assert BEFORE <= durable < BEFORE + DURING
        published = collector.published_files()
        assert len(published) == 1
        assert len(read_records(published)) == durable
        assert collector.partial_files() == []

        # Beyond the queue's capacity, events are dropped and counted.
        send("flood", FLOOD)
        wait_until(lambda: metric("divolte_sink_dropped_total", reason="queue_full") > 0,
                   timeout=20, message="drops once the queue is full")
        dropped = metric("divolte_sink_dropped_total", reason="queue_full")
        assert dropped <= DURING + FLOOD - QUEUE  # the queue itself was full first
        assert collector.metric("divolte_events_dropped_total", source="browser",
                                reason="queue_full") == 0  # the mapper stage kept up

        # Space returns: writing resumes within the 15 s reconnect period.
        os.remove(filler)
        total = BEFORE + DURING + FLOOD
        wait_until(lambda: metric("divolte_sink_delivered_total") == total - dropped,
                   timeout=40, message="every held record written after recovery")
        wait_until(lambda: collector.find_line("Recovered file system connection when creating "
                                               "file:"),
                   message="the recovery's log line")
        assert metric("divolte_sink_paused", thread="1") == 0
        assert metric("divolte_sink_pending_records") == 0
        assert metric("divolte_sink_enqueued_total") == total - dropped
    finally:
        assert collector.stop() == 0, collector.log()
    records = read_records(collector.published_files())
    assert len(records) == total - dropped
    assert collector.partial_files() == []
    assert not collector.find_line("Shutdown lost")


def test_shutdown_on_a_full_disk_ends_and_counts_what_it_lost(small_disk):
    """The disk never recovers: the shutdown still ends (records of a paused sink are not
    waited for), and every event is either published, dropped at the queue, or reported lost."""
    config = Collector.default_config(
        extra=f"hdfs {{ threads = 1, buffer_size = {QUEUE} }}",
        sink_extra=", sync_file_after_records = 1")
    collector = Collector(config, workdir=str(small_disk)).start()
    for i in range(BEFORE):
        send_beacon(collector, with_params(VECTOR1_QUERY, e=f"0%3Abefore{i}"))
    wait_until(lambda: collector.metric("divolte_sink_delivered_total", sink="files") == BEFORE,
               timeout=20, message="the first records durable")
    fill(small_disk)
    sent = BEFORE + FLOOD
    for i in range(FLOOD):
        send_beacon(collector, with_params(VECTOR1_QUERY, e=f"0%3Aflood{i}"))
    wait_until(lambda: collector.metric("divolte_sink_paused", sink="files", thread="1") == 1,
               timeout=20, message="the sink paused")
    dropped = collector.metric("divolte_sink_dropped_total", sink="files", reason="queue_full")
    assert collector.stop(timeout=30) == 0, collector.log()
    line = collector.find_line("Shutdown lost")
    assert line is not None, collector.log()
    lost = int(line.split("Shutdown lost ")[1].split()[0])
    published = len(read_records(collector.published_files()))
    assert published >= BEFORE
    assert published + dropped + lost == sent, (published, dropped, lost)
