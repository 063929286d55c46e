"""Logging (issue 8, operations.md §6 and §3): every line has the documented format; start-up logs
an inventory of what the collector runs (version, configuration file, mappings with their sources,
sinks, schema and script, sinks with their paths, sources with their paths, the user-agent rules
and geolocation database with their dates); a flood of per-event problems gives one line per
10 s with a count of the lines suppressed, never one line per event."""

import re
import socket

import pytest

from geo_databases import make_database
from harness import Collector, VECTOR1_QUERY, http_get, send_beacon, wait_until, with_params

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d) \[[^\]]+\] "
                  r"(TRACE |DEBUG |INFO  |WARN  |ERROR )\[[A-Za-z]+\]: \S")
SCHEMA = """{"type": "record", "name": "UaRecord", "namespace": "test", "fields": [
  {"name": "eventId", "type": "string"},
  {"name": "agent", "type": ["null", "string"], "default": null},
  {"name": "city", "type": ["null", "string"], "default": null}]}"""
SCRIPT = """mapping {
  map eventId() onto 'eventId'
  map userAgent().name() onto 'agent'
  map ip2geo().cityName() onto 'city'
}
"""
FLOOD = 200


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("logging")
    (tmp / "ua.avsc").write_text(SCHEMA)
    (tmp / "ua.groovy").write_text(SCRIPT)
    database = tmp / "City.mmdb"
    make_database(database, [("81.2.69.0/24", {"city": {"names": {"en": "London"}}})])
    collector = Collector(Collector.default_config(
        extra=f'server.use_x_forwarded_for = true\nmapper.ip2geo_database = "{database}"',
        mapping_extra=f'schema_file = "{tmp / "ua.avsc"}"\n'
                      f'mapping_script_file = "{tmp / "ua.groovy"}"')).start()
    try:
        # Invalid X-Forwarded-For values: a per-event message (operations.md §6).
        for i in range(FLOOD):
            send_beacon(collector, with_params(VECTOR1_QUERY, e=f"0%3Aflood{i}"),
                        {"X-Forwarded-For": "not-an-address"})
        invalid = collector.metric("divolte_http_x_forwarded_for_invalid_total")
    finally:
        assert collector.stop() == 0, collector.log()
    return {"collector": collector, "tmp": tmp, "database": database, "invalid": invalid}


def test_every_line_has_the_documented_format(run):
    lines = run["collector"].log().splitlines()
    assert len(lines) > 15
    bad = [line for line in lines if not LINE.match(line) and not line.startswith("    ")]
    assert bad == []
    assert re.search(r"\[main\] INFO  \[Server\]: Starting server on 127\.0\.0\.1:\d+$",
                     run["collector"].log(), re.MULTILINE)


def test_start_up_lists_what_the_collector_runs(run):
    collector, tmp = run["collector"], run["tmp"]
    expected = [
        r"INFO  \[Main\]: divolte-collector \d+\.\d+\.\d+ \(divolte-cpp\)$",
        r"Using configuration file: " + re.escape(collector.config_path) + "$",
        r"Loaded schemas used for mappings: \[default: " + re.escape(str(tmp / "ua.avsc")) + r"\]$",
        r"Using mapping from script file: " + re.escape(str(tmp / "ua.groovy")) + "$",
        r"Mapping\[default\]: sources \[browser\] -> sinks \[files\]; schema " +
        re.escape(str(tmp / "ua.avsc")) + "; script " + re.escape(str(tmp / "ua.groovy")) +
        "; discard_corrupted = false, discard_duplicates = false$",
        r"Using uap-core rules \S+regexes\.yaml \(modified \d{4}-\d\d-\d\dT[\d:]+Z\): "
        r"\d+ user-agent, \d+ OS and \d+ device patterns$",
        r"Loaded GeoIP database: " + re.escape(str(run["database"])) +
        r" \(GeoIP2-City, built \d{4}-\d\d-\d\d\)$",
        r"Sink\[files\]: local files, working directory " + re.escape(collector.working) +
        ", publish directory " + re.escape(collector.published) + "; codec null",
        r"Initialized sinks: \[files\]$",
        r"Compressed resource: \d+ -> \d+$",
        r"Registered source\[browser\] script location: /divolte\.js$",
        r"Registered source\[browser\] event handler: /csc-event$",
        r"Initialized sources: \[browser\]$",
        r"Starting server on 127\.0\.0\.1:\d+$",
    ]
    log = collector.log()
    missing = [pattern for pattern in expected if not re.search(pattern, log, re.MULTILINE)]
    assert missing == [], log
    # In start-up order: the server starts last.
    positions = [re.search(p, log, re.MULTILINE).start() for p in expected]
    assert positions[-1] == max(positions)


def test_a_flood_of_per_event_problems_is_summarised(run):
    assert run["invalid"] == FLOOD  # every one counted
    lines = [line for line in run["collector"].log().splitlines()
             if "Ignoring invalid X-Forwarded-For value" in line]
    # One line per 10 s: the first, and at most one summary per further 10 s of the flood.
    assert 1 <= len(lines) <= 2, lines
    assert "'not-an-address'" in lines[0]
    if len(lines) == 2:
        suppressed = int(re.search(r"\((\d+) similar messages suppressed\)", lines[1]).group(1))
        assert suppressed <= FLOOD - 2


def test_shutdown_is_logged_step_by_step(run):
    log = run["collector"].log()
    steps = ["Requested to kill process, init graceful shutdown",
             "Waiting until all the connections are closed:",
             "Shutting down cleanly; all requests completed.",
             "Stopping thread pools.",
             "Stopping all sinks."]
    positions = [log.find(step) for step in steps]
    assert -1 not in positions, log
    assert positions == sorted(positions)
    assert "WARN  [Server]: Requested to kill process" in log


def levels_of(log):
    return {match.group(2).strip() for match in map(LINE.match, log.splitlines()) if match}


def test_the_level_is_set_by_flag_or_environment():
    """operations.md §6: --log-level or DIVOLTE_LOG_LEVEL; an unknown level is a usage error."""
    with socket.socket() as probe:  # WARN hides "Starting server on": the port is chosen here
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quiet = Collector(Collector.default_config(), extra_args=[
        "--log-level", "WARN", "-D", f"divolte.global.server.port={port}"]).start(
        expect_port=False)

    def answers():
        try:
            return http_get(port, "/ping")[0] == 200
        except OSError:
            return False
    wait_until(answers, timeout=20, message="the quiet collector to answer /ping")
    assert quiet.stop() == 0
    assert levels_of(quiet.log()) == {"WARN"}, quiet.log()  # the shutdown request only

    chatty = Collector(Collector.default_config(), env={"DIVOLTE_LOG_LEVEL": "debug"}).start()
    assert chatty.stop() == 0
    assert "INFO" in levels_of(chatty.log())

    wrong = Collector(Collector.default_config(), extra_args=["--log-level", "LOUD"]).start(
        expect_port=False)
    assert wrong.wait_exit() == 2
    assert "LOUD" in wrong.log()
