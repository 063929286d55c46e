"""Mapping scripts through the mapping test tool (mapping.md §16): the golden corpus of valid
scripts with their expected records, and invalid scripts with their exact start-up errors
(mapping.md §12). The corpus itself is checked without the collector first (JSON, Avro schemas,
expected records valid for their schema)."""

import concurrent.futures
import functools
import os

import avro.io
import pytest

from mapping_corpus import (EVENT_KEYS, REJECTED, MappingTool, corpus_names, corpus_paths,
                            error_line_differences, invalid_names, invalid_paths, load_cases,
                            load_expected_errors, load_log_expectations, load_schema,
                            record_differences, run_invalid, to_datum)

CORPUS = corpus_names()
INVALID = invalid_names()


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 45
    assert len(INVALID) >= 24


# ---- The corpus on its own ----

@pytest.mark.parametrize("name", CORPUS)
def test_corpus_entry_is_well_formed(name):
    schema_path, script_path = corpus_paths(name)
    assert os.path.exists(script_path)
    schema = load_schema(schema_path)
    assert schema.type == "record"
    field_names = [field.name for field in schema.fields]
    cases = load_cases(name)
    assert isinstance(cases, list) and cases
    assert len({case["name"] for case in cases}) == len(cases), "case names must be unique"
    for case in cases:
        assert set(case) <= {"name", "event", "headers", "expect", "ignore"}, case["name"]
        assert set(case["event"]) <= EVENT_KEYS, case["name"]
        for value in case.get("headers", {}).values():
            assert isinstance(value, (str, list)), case["name"]
        expect = case["expect"]
        if expect is None or expect == REJECTED:
            continue
        assert list(expect) == field_names, f"{case['name']}: every field, in schema order"
        assert set(case.get("ignore", ())) <= set(field_names), case["name"]
        datum = to_datum(schema, expect)
        assert avro.io.validate(schema, datum), f"{case['name']}: not valid for the schema"


@pytest.mark.parametrize("name", INVALID)
def test_invalid_entry_is_well_formed(name):
    schema_path, script_path, expected_path = invalid_paths(name)
    assert os.path.exists(script_path) and os.path.exists(expected_path)
    assert load_schema(schema_path).type == "record"
    lines = load_expected_errors(name, "<script>")
    assert lines
    for line in lines:
        assert line.startswith("<script>:") and ": error: " in line, line


# ---- Valid scripts through the tool ----

@pytest.mark.parametrize("name", CORPUS)
def test_corpus(name):
    schema_path, script_path = corpus_paths(name)
    field_names = [field.name for field in load_schema(schema_path).fields]
    tool = MappingTool(schema_path, script_path).start()
    try:
        problems = []
        for case in load_cases(name):
            status, body = tool.post(case["event"], case.get("headers"))
            expect = case["expect"]
            label = f"{case['name']}:"
            if expect == REJECTED:
                if status != 422:
                    problems.append(f"{label} expected 422, got {status} {body!r}")
            elif status != 200:
                problems.append(f"{label} expected 200, got {status} {body!r}")
            elif expect is None:
                if body is not None:
                    problems.append(f"{label} expected the event to be dropped, got {body!r}")
            elif not isinstance(body, dict):
                problems.append(f"{label} expected a record, got {body!r}")
            else:
                if list(body) != field_names:
                    problems.append(f"{label} fields not in schema order: {list(body)}")
                problems += [f"{label} {problem}"
                             for problem in record_differences(case, body, field_names)]
        log = tool.log().splitlines()
        position = 0
        for wanted in load_log_expectations(name):
            while position < len(log) and wanted not in log[position]:
                position += 1
            if position == len(log):
                problems.append(f"log line not found (in order): {wanted}")
                break
            position += 1
    finally:
        tool.stop()
    assert not problems, "\n".join(problems) + "\n--- tool log ---\n" + tool.log()


# ---- Invalid scripts: exit status 1 and the exact errors ----

@functools.lru_cache(maxsize=None)
def invalid_results():
    """Runs every invalid script at once (one process each, in parallel)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip(INVALID, pool.map(run_invalid, INVALID)))


@pytest.mark.parametrize("name", INVALID)
def test_invalid_script(name):
    script_path = invalid_paths(name)[1]
    status, stderr, outcome = invalid_results()[name]
    assert outcome == "exited", f"the tool did not exit ({outcome}):\n{stderr}"
    problems = error_line_differences(load_expected_errors(name, script_path), stderr, script_path)
    if status != 1:
        problems.insert(0, f"exit status {status}, expected 1")
    assert not problems, "\n".join(problems) + "\n--- stderr ---\n" + stderr


def test_error_lines_are_compared_exactly_or_by_prefix():
    expected = ["/s.groovy:1:1: error: a", "/s.groovy:2:1: error: b ..."]
    stderr = "/s.groovy:1:1: error: a\nother text\n/s.groovy:2:1: error: b and more\n"
    assert error_line_differences(expected, stderr, "/s.groovy") == []
    assert error_line_differences(expected[:1], stderr, "/s.groovy")
    assert error_line_differences(expected, stderr.replace("error: a", "error: ab"), "/s.groovy")

