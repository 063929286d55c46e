"""Mapping scripts in the real collector (issue 4): a configured schema_file and
mapping_script_file produce records of the user's schema in the sink files (read back with
python3-avro), drop() and JSON conversion failures are counted in /metrics, and a broken script
stops start-up with every error listed as file:line:col."""

import os

from harness import Collector, VECTOR1_QUERY, send_beacon as send, wait_until, with_params

SCHEMA = """{
  // Divolte's schemas carry comments.
  "type": "record", "name": "PageRecord", "namespace": "test",
  "fields": [
    {"name": "ts", "type": "long"},
    {"name": "path", "type": ["null", "string"], "default": null},
    {"name": "width", "type": ["null", "int"], "default": null},
    {"name": "language", "type": ["null", "string"], "default": null},
    {"name": "score", "type": ["null", "int"], "default": null},
    {"name": "kind", "type": "string", "default": "other"}
  ]
}"""

SCRIPT = """mapping {
  map timestamp() onto 'ts'
  def u = parse location() to uri
  map u.path() onto 'path'
  map viewportPixelWidth() onto 'width'
  map header('Accept-Language').first() onto 'language'
  map eventParameters().path('$.score') onto 'score'
  when eventType().equalTo('robot') drop()
  section {
    when u.path().equalTo('/') apply { map 'home' onto 'kind'; exit() }
    map 'page' onto 'kind'
  }
}
"""


def start(tmp_path, script=SCRIPT, expect_port=True):
    (tmp_path / "record.avsc").write_text(SCHEMA)
    (tmp_path / "mapping.groovy").write_text(script)
    mapping = (f'schema_file = "{tmp_path / "record.avsc"}"\n'
               f'mapping_script_file = "{tmp_path / "mapping.groovy"}"')
    collector = Collector(Collector.default_config(mapping_extra=mapping))
    return collector.start(expect_port=expect_port)


def test_records_follow_the_script_and_the_users_schema(tmp_path):
    collector = start(tmp_path)
    send(collector, VECTOR1_QUERY, {"Accept-Language": "nl-NL,nl;q=0.9"})
    # Parameters {"score": 7}: a corrupt checksum is fine, the mapping still runs.
    send(collector, with_params(VECTOR1_QUERY, e="e2", l="http%3A%2F%2Fx%2Fa%2Fb",
                                u="(jscore!7!)"))
    send(collector, with_params(VECTOR1_QUERY, e="e3", t="robot"))
    send(collector, with_params(VECTOR1_QUERY, e="e4", u="(sscore!high!)"))
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 3,
               message="three records")
    assert collector.metric("divolte_mapping_discarded_total", mapping="default",
                            reason="drop") == 1
    assert collector.metric("divolte_mapping_conversion_failures_total", mapping="default",
                            field="score") == 1
    collector.stop()
    records = sorted(collector.records(), key=lambda r: r["path"])
    assert [(r["path"], r["width"], r["language"], r["score"], r["kind"]) for r in records] == [
        ("/", 1106, "nl-NL", None, "home"),
        ("/", 1106, None, None, "home"),
        ("/a/b", 1106, None, 7, "page"),
    ]
    assert all(isinstance(r["ts"], int) and r["ts"] > 0 for r in records)


def test_a_broken_script_stops_start_up_with_every_error(tmp_path):
    script = ("mapping {\n"
              "  map timestamp() onto 'ts'\n"
              "  map lcation() onto 'path'\n"
              "  map 42 onto 'ts'\n"
              "}\n")
    collector = start(tmp_path, script, expect_port=False)
    assert collector.wait_exit() == 1
    path = tmp_path / "mapping.groovy"
    log = collector.log()
    assert f"{path}:3:7: error: unknown function 'lcation'; did you mean 'location'?" in log
    assert (f"{path}:4:3: error: Type mismatch. Cannot map literal 42 of type Integer onto a "
            "field of type \"long\"") in log
    assert "Starting server on" not in log


def test_a_missing_schema_file_names_the_file(tmp_path):
    (tmp_path / "mapping.groovy").write_text(SCRIPT)
    mapping = (f'schema_file = "{tmp_path / "absent.avsc"}"\n'
               f'mapping_script_file = "{tmp_path / "mapping.groovy"}"')
    collector = Collector(Collector.default_config(mapping_extra=mapping)).start(
        expect_port=False)
    assert collector.wait_exit() == 1
    assert str(tmp_path / "absent.avsc") in collector.log()
    assert os.path.exists(tmp_path / "mapping.groovy")


FAILING_SCRIPT = """mapping {
  when location().isPresent() apply { map timestamp() onto 'ts' }
  map eventType() onto 'kind'
}
"""


def test_a_failing_event_loses_only_itself_and_is_counted(tmp_path):
    """mapping.md §13: `ts` has no default and is mapped only when there is a location."""
    collector = start(tmp_path, FAILING_SCRIPT)
    send(collector, with_params(VECTOR1_QUERY, e="no-location", l=None))
    send(collector, with_params(VECTOR1_QUERY, e="good"))
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 1,
               message="the good record")
    assert collector.metric("divolte_mapping_failures_total", mapping="default",
                            reason="missing_field") == 1
    wait_until(lambda: collector.find_line("lost an event: a required field was not set: ts"),
               message="the WARN line naming the field")
    collector.stop()
    assert [r["kind"] for r in collector.records()] == ["pageView"]


def test_discarded_events_never_reach_the_script(tmp_path):
    """discard_corrupted and discard_duplicates (config.md §6.5) with a scripted mapping."""
    (tmp_path / "record.avsc").write_text(SCHEMA)
    (tmp_path / "mapping.groovy").write_text(SCRIPT)
    mapping = (f'schema_file = "{tmp_path / "record.avsc"}"\n'
               f'mapping_script_file = "{tmp_path / "mapping.groovy"}"\n'
               "discard_corrupted = true\ndiscard_duplicates = true")
    collector = Collector(Collector.default_config(mapping_extra=mapping)).start()
    send(collector, VECTOR1_QUERY)                       # valid
    send(collector, VECTOR1_QUERY)                       # the same event again: a duplicate
    send(collector, with_params(VECTOR1_QUERY, e="x1"))  # checksum no longer matches: corrupt
    wait_until(lambda: collector.metric("divolte_mapping_discarded_total", mapping="default",
                                        reason="corrupt") == 1, message="the corrupt discard")
    wait_until(lambda: collector.metric("divolte_mapping_discarded_total", mapping="default",
                                        reason="duplicate") == 1, message="the duplicate discard")
    assert collector.metric("divolte_mapping_records_total", mapping="default") == 1
    collector.stop()
    assert len(collector.records()) == 1
