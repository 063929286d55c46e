"""`divolte-collector avro-tools` (operations.md §7.1) on files the collector wrote with each codec,
checked against two independent readers: python3-avro (records, schema, metadata) and Avro C's
avrocat (the JSON encoding of every record, unions wrapped in their branch name)."""

import json
import subprocess

import avro.datafile
import avro.io
import pytest

from harness import Collector, VECTOR1_QUERY, run_binary, send_beacon, with_params

EVENTS = 7


def avro_tools(*args):
    return run_binary(["avro-tools", *args])


@pytest.fixture(scope="module", params=["null", "deflate", "snappy"])
def written(request):
    collector = Collector(Collector.default_config(sink_extra=f", codec = {request.param}")).start()
    try:
        for i in range(EVENTS):
            send_beacon(collector, with_params(VECTOR1_QUERY, e=f"0%3Aevent{i}"),
                        {"User-Agent": "curl/8.4.0"})
    finally:
        assert collector.stop() == 0, collector.log()
    [path] = collector.published_files()
    with open(path, "rb") as file:
        reader = avro.datafile.DataFileReader(file, avro.io.DatumReader())
        records = list(reader)
        meta = {key: value.decode() for key, value in reader.meta.items()}
    return {"path": path, "records": records, "meta": meta, "codec": request.param}


def test_count(written):
    result = avro_tools("count", written["path"])
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{EVENTS}\n", "")


def test_getschema_is_the_writer_schema(written):
    result = avro_tools("getschema", written["path"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(written["meta"]["avro.schema"])
    assert result.stdout.count("\n") > 10  # pretty-printed


def test_getmeta_lists_the_header(written):
    result = avro_tools("getmeta", written["path"])
    assert result.returncode == 0, result.stderr
    entries = dict(line.split("\t", 1) for line in result.stdout.splitlines())
    assert entries == written["meta"]
    assert entries["avro.codec"] == written["codec"]


def test_tojson_matches_avrocat_and_python_avro(written):
    result = avro_tools("tojson", written["path"])
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    reference = subprocess.run(["avrocat", written["path"]], capture_output=True, text=True,
                               check=True).stdout
    assert lines == [json.loads(line) for line in reference.splitlines()]

    # Without the union wrappers, the records python3-avro reads.
    def unwrap(value):
        return next(iter(value.values())) if isinstance(value, dict) and len(value) == 1 else value
    plain = [{name: unwrap(value) for name, value in line.items()} for line in lines]
    assert plain == written["records"] and len(plain) == EVENTS
    assert lines[0]["userAgentString"] == {"string": "curl/8.4.0"}


def test_bad_input_gets_a_clear_answer(tmp_path):
    missing = avro_tools("count", str(tmp_path / "none.avro"))
    assert missing.returncode == 1
    assert "No such file or directory" in missing.stderr
    (tmp_path / "text.avro").write_text("not avro")
    invalid = avro_tools("tojson", str(tmp_path / "text.avro"))
    assert invalid.returncode == 1
    assert "not a valid Avro container file" in invalid.stderr
    usage = avro_tools("tocsv", str(tmp_path / "text.avro"))
    assert usage.returncode == 2
