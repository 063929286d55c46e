"""The mapping test tool (mapping.md §16, operations.md §7.1): `divolte-collector
mapping-test-server` loads a schema and a mapping script and answers POSTed JSON events with the
record the script makes, as JSON. Start-up problems exit 1 with the message on standard error."""

import base64
import json
import re
import time

import pytest

from geo_databases import make_database
from harness import (BINARY, DEFAULT_SCHEMA, Collector, http_exchange, parse_response, header,
                     run_binary)

LISTENING = re.compile(r"Mapping test server listening on http://127\.0\.0\.1:(\d+)/")

ITEM = {"type": "record", "name": "Item",
        "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int", "default": 1}]}

SCHEMA = {
    "type": "record", "name": "TestRecord", "namespace": "io.divolte.test",
    "fields": [
        {"name": "ts", "type": "long"},
        {"name": "remoteHost", "type": "string"},
        {"name": "pageLocation", "type": "string"},  # required: an event without location fails
        {"name": "pagePath", "type": ["null", "string"], "default": None},
        {"name": "eventType", "type": ["null", "string"], "default": None},
        {"name": "corrupt", "type": "boolean", "default": False},
        {"name": "party", "type": ["null", "string"], "default": None},
        {"name": "session", "type": ["null", "string"], "default": None},
        {"name": "pageView", "type": ["null", "string"], "default": None},
        {"name": "eventId", "type": ["null", "string"], "default": None},
        {"name": "width", "type": ["null", "int"], "default": None},
        {"name": "userAgent", "type": ["null", "string"], "default": None},
        {"name": "languages", "type": ["null", {"type": "array", "items": "string"}],
         "default": None},
        {"name": "cookieValue", "type": ["null", "string"], "default": None},
        {"name": "value", "type": ["null", "double"], "default": None},
        {"name": "raw", "type": ["null", "bytes"], "default": None},
        {"name": "color", "type": ["null", {"type": "enum", "name": "Color",
                                            "symbols": ["RED", "GREEN"]}], "default": None},
        {"name": "counters", "type": ["null", {"type": "map", "values": "long"}], "default": None},
        {"name": "items", "type": ["null", {"type": "array", "items": ITEM}], "default": None},
    ],
}

SCRIPT = """mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  map location() onto 'pageLocation'
  def uri = parse location() to uri
  map uri.path() onto 'pagePath'
  map eventType() onto 'eventType'
  map corrupt() onto 'corrupt'
  map partyId() onto 'party'
  map sessionId() onto 'session'
  map pageViewId() onto 'pageView'
  map eventId() onto 'eventId'
  map viewportPixelWidth() onto 'width'
  map userAgentString() onto 'userAgent'
  map header('Accept-Language') onto 'languages'
  map cookie('c') onto 'cookieValue'
  map eventParameters().path('$.value') onto 'value'
  map eventParameters().path('$.raw') onto 'raw'
  map eventParameters().path('$.color') onto 'color'
  map eventParameters().path('$.counters') onto 'counters'
  map eventParameters().path('$.items') onto 'items'
  when eventType().equalTo('ignored') drop()
}
"""

# The script equivalent of the default mapping (schema.md §2).
DEFAULT_SCRIPT = """mapping {
  map corrupt() onto 'detectedCorruption'
  map duplicate() onto 'detectedDuplicate'
  map firstInSession() onto 'firstInSession'
  map timestamp() onto 'timestamp'
  map clientTimestamp() onto 'clientTimestamp'
  map remoteHost() onto 'remoteHost'
  map referer() onto 'referer'
  map location() onto 'location'
  map viewportPixelWidth() onto 'viewportPixelWidth'
  map viewportPixelHeight() onto 'viewportPixelHeight'
  map screenPixelWidth() onto 'screenPixelWidth'
  map screenPixelHeight() onto 'screenPixelHeight'
  map partyId() onto 'partyId'
  map sessionId() onto 'sessionId'
  map pageViewId() onto 'pageViewId'
  map eventType() onto 'eventType'
  map userAgentString() onto 'userAgentString'
  def ua = userAgent()
  map ua.name() onto 'userAgentName'
  map ua.family() onto 'userAgentFamily'
  map ua.vendor() onto 'userAgentVendor'
  map ua.type() onto 'userAgentType'
  map ua.version() onto 'userAgentVersion'
  map ua.deviceCategory() onto 'userAgentDeviceCategory'
  map ua.osFamily() onto 'userAgentOsFamily'
  map ua.osVersion() onto 'userAgentOsVersion'
  map ua.osVendor() onto 'userAgentOsVendor'
}
"""

# enrich.md §3.5, first example.
CHROME_ON_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                     "Gecko) Chrome/120.0.0.0 Safari/537.36")


class MappingTestTool(Collector):
    """The tool's process, with the harness's log collection and SIGTERM stop."""

    def __init__(self, schema_path, script_path, extra_args=()):
        super().__init__()
        self.args = [BINARY, "mapping-test-server", "--schema", str(schema_path),
                     "--mapping", str(script_path), "--host", "127.0.0.1", "--port", "0",
                     *extra_args]

    def start(self):
        super().start(expect_port=False)
        self.wait_started(self.find_listening, "the mapping test server to listen")
        match = self.find_listening()
        if match is None:
            self.wait_exit()
            raise AssertionError("mapping test server exited:\n" + self.log())
        self.port = int(match.group(1))
        return self

    def find_listening(self):
        line = self.find_line("Mapping test server listening on")
        return LISTENING.search(line) if line else None


def write(directory, name, text):
    path = directory / name
    path.write_text(text)
    return path


def start_tool(directory, schema, script):
    return MappingTestTool(write(directory, "schema.avsc", json.dumps(schema)),
                           write(directory, "mapping.groovy", script)).start()


def post(port, body, headers="", path="/", method="POST"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    raw = http_exchange(port, f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n{headers}"
                              f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
                              .encode() + data)
    assert raw, f"no response to {method} {path}"
    return parse_response(raw[0])


def record_of(port, body, headers=""):
    status, response_headers, content = post(port, body, headers)
    assert status == 200, content
    assert header(response_headers, "Content-Type") == "application/json"
    return json.loads(content)


@pytest.fixture(scope="module")
def tool(tmp_path_factory):
    running = start_tool(tmp_path_factory.mktemp("mapping-test"), SCHEMA, SCRIPT)
    yield running
    assert running.stop() == 0


def test_the_record_comes_back_as_json_in_schema_order(tool):
    record = record_of(tool.port, {
        "location": "https://shop.example.com/products/42?x=1", "event_type": "click",
        "corrupt": True, "viewport_pixel_width": 1024, "party_id": "0:I1T84HGY:party",
        "session_id": "0:i1t84hgy:session", "page_view_id": "pv", "event_id": "pv7"})
    assert list(record) == [field["name"] for field in SCHEMA["fields"]]
    assert record["remoteHost"] == "127.0.0.1"
    assert record["pageLocation"] == "https://shop.example.com/products/42?x=1"
    assert record["pagePath"] == "/products/42"
    assert record["eventType"] == "click"
    assert record["corrupt"] is True
    assert record["width"] == 1024
    assert (record["party"], record["session"]) == ("0:i1t84hgy:party", "0:i1t84hgy:session")
    assert (record["pageView"], record["eventId"]) == ("pv", "pv7")
    assert record["userAgent"] is None and record["value"] is None and record["items"] is None


def test_missing_keys_get_identifiers_now_and_the_peer(tool):
    record = record_of(tool.port, {"location": "http://example.com/"})
    identifier = re.compile(r"^0:[0-9a-z]+:[A-Za-z0-9~_]{32}$")
    assert identifier.match(record["party"]) and identifier.match(record["session"])
    assert identifier.match(record["pageView"])
    assert record["eventId"] == record["pageView"] + "0"
    assert record["party"] != record["session"]
    assert abs(record["ts"] - int(time.time() * 1000)) < 60_000
    assert record["corrupt"] is False
    assert record["remoteHost"] == "127.0.0.1"
    assert record["eventType"] is None and record["width"] is None


def test_a_literal_remote_host_replaces_the_peer_and_a_name_is_ignored(tool):
    assert record_of(tool.port, {"location": "http://x/", "remote_host": "192.0.2.10"})[
        "remoteHost"] == "192.0.2.10"
    assert record_of(tool.port, {"location": "http://x/", "remote_host": "2001:db8::1"})[
        "remoteHost"] == "2001:db8:0:0:0:0:0:1"
    assert record_of(tool.port, {"location": "http://x/", "remote_host": "example.com"})[
        "remoteHost"] == "127.0.0.1"


def test_request_headers_serve_user_agent_header_and_cookie(tool):
    record = record_of(tool.port, {"location": "http://x/"},
                       "User-Agent: Mozilla/5.0 (Test)\r\nUser-Agent: Second\r\n"
                       "Accept-Language: nl, en;q=0.5\r\nCookie: a=1; c=\"chip\"\r\n")
    assert record["userAgent"] == "Mozilla/5.0 (Test)"
    assert record["languages"] == ["nl", "en;q=0.5"]
    assert record["cookieValue"] == "chip"


def test_parameters_are_converted_onto_every_kind_of_field(tool):
    raw = bytes([0, 1, 0x0A, 0x22, 0x7F, 0x80, 0xE9, 0xFF])
    record = record_of(tool.port, {"location": "http://x/", "parameters": {
        "value": 59.9, "raw": base64.b64encode(raw).decode(), "color": "GREEN",
        "counters": {"a": 1, "b": 9007199254740993},
        "items": [{"sku": "A1", "qty": 2}, {"sku": "B7", "color": "red"}]}})
    assert record["value"] == 59.9
    assert record["raw"] == raw.decode("latin-1")  # one character per byte
    assert record["color"] == "GREEN"
    assert record["counters"] == {"a": 1, "b": 9007199254740993}  # longs exactly
    assert record["items"] == [{"sku": "A1", "qty": 2}, {"sku": "B7", "qty": 1}]


def test_non_finite_doubles_are_strings(tool):
    status, _, content = post(tool.port, {"location": "http://x/", "parameters": {"value": "NaN"}})
    assert status == 200
    assert b'"value":"NaN"' in content


def test_a_dropped_event_answers_null(tool):
    status, headers, content = post(tool.port, {"location": "http://x/", "event_type": "ignored"})
    assert (status, content) == (200, b"null")
    assert header(headers, "Content-Type") == "application/json"


def test_a_record_that_cannot_be_built_answers_422(tool):
    status, headers, content = post(tool.port, {"event_type": "no location"})
    assert status == 422
    assert header(headers, "Content-Type").startswith("text/plain")
    assert b"pageLocation" in content


def test_bad_bodies_answer_400_with_the_reason(tool):
    status, _, content = post(tool.port, b'{"location": ')
    assert status == 400 and content.startswith(b"Invalid JSON")
    status, _, content = post(tool.port, [1, 2])
    assert (status, content) == (400, b"The body must be a JSON object.\n")
    status, _, content = post(tool.port, {"viewport_pixel_width": "wide"})
    assert (status, content) == (400, b"'viewport_pixel_width' must be a 32-bit integer.\n")


def test_every_path_answers_and_only_post_is_allowed(tool):
    status, _, content = post(tool.port, {"location": "http://x/"}, path="/some/where?q=1")
    assert status == 200 and json.loads(content)["pageLocation"] == "http://x/"
    for method in ("GET", "PUT", "DELETE"):
        status, headers, _ = post(tool.port, b"", method=method, path="/")
        assert status == 405, method
        assert header(headers, "Allow") == "POST"


def test_default_schema_with_the_default_mapping_script(tmp_path):
    running = start_tool(tmp_path, DEFAULT_SCHEMA, DEFAULT_SCRIPT)
    try:
        record = record_of(running.port, {
            "location": "http://example.com/", "referer": "http://example.org/",
            "screen_pixel_width": 1920, "screen_pixel_height": 1080,
            "first_in_session": True, "duplicate": True, "party_id": "0:1:p"},
            f"User-Agent: {CHROME_ON_WINDOWS}\r\n")
    finally:
        assert running.stop() == 0
    assert list(record) == [field["name"] for field in DEFAULT_SCHEMA["fields"]]
    assert record["timestamp"] == record["clientTimestamp"]
    assert record["detectedDuplicate"] is True and record["detectedCorruption"] is False
    assert record["firstInSession"] is True
    assert (record["location"], record["referer"]) == ("http://example.com/", "http://example.org/")
    assert (record["screenPixelWidth"], record["screenPixelHeight"]) == (1920, 1080)
    assert record["viewportPixelWidth"] is None
    assert record["partyId"] == "0:1:p"
    assert record["eventType"] == "unknown"
    assert record["userAgentString"] == CHROME_ON_WINDOWS
    assert [record[name] for name in (
        "userAgentName", "userAgentFamily", "userAgentVendor", "userAgentType",
        "userAgentVersion", "userAgentDeviceCategory", "userAgentOsFamily", "userAgentOsVersion",
        "userAgentOsVendor")] == ["Chrome", "Chrome", "Google Inc.", "Browser", "120.0.0.0",
                                  "Personal computer", "Windows", "10", "Microsoft Corporation"]


def run_tool(*args):
    result = run_binary(["mapping-test-server", *args])
    return result.returncode, result.stdout, result.stderr


def test_an_unreadable_schema_exits_1_naming_the_file(tmp_path):
    script = write(tmp_path, "mapping.groovy", SCRIPT)
    code, _, stderr = run_tool("-s", tmp_path / "absent.avsc", "-m", script, "-p", "0")
    assert code == 1
    assert f"{tmp_path / 'absent.avsc'}: cannot read Avro schema" in stderr


def test_a_script_with_a_syntax_error_exits_1_with_its_errors(tmp_path):
    schema = write(tmp_path, "schema.avsc", json.dumps(SCHEMA))
    script = write(tmp_path, "broken.groovy", "mapping {\n  map location() onto\n")
    code, stdout, stderr = run_tool("-s", schema, "-m", script, "-p", "0")
    assert code == 1
    assert f"{script}:" in stderr and "error:" in stderr
    assert "listening" not in stdout


def test_usage_and_configuration_errors(tmp_path):
    assert run_tool("-s", "schema.avsc")[0] == 2  # --mapping is required
    assert run_tool("-s", "a", "-m", "b", "--port", "70000")[0] == 2
    config = write(tmp_path, "bad.conf", "divolte.global.mapper.threads = 0\n")
    code, stdout, _ = run_tool("-s", "a", "-m", "b", "--config", config)
    assert code == 1
    assert "There are configuration errors" in stdout


def test_config_supplies_the_geo_database(tmp_path):
    """--config gives the tool the ip2geo database (mapping.md §16), built here for the test."""
    database = tmp_path / "city.mmdb"
    make_database(database, [("203.0.113.0/24",
                              {"city": {"geoname_id": 5, "names": {"en": "Testville"}},
                               "country": {"iso_code": "NL"}})])
    config = write(tmp_path, "tool.conf",
                   f'divolte.global.mapper.ip2geo_database = "{database}"\n')
    schema = {"type": "record", "name": "Geo", "fields": [
        {"name": "city", "type": ["null", "string"], "default": None},
        {"name": "country", "type": ["null", "string"], "default": None}]}
    script = """mapping {
  def geo = ip2geo(header('X-Lookup').first())
  map geo.cityName() onto 'city'
  map geo.countryCode() onto 'country'
}
"""
    running = MappingTestTool(write(tmp_path, "schema.avsc", json.dumps(schema)),
                              write(tmp_path, "mapping.groovy", script),
                              extra_args=("--config", str(config))).start()
    try:
        found = record_of(running.port, {}, "X-Lookup: 203.0.113.77\r\n")
        unknown = record_of(running.port, {}, "X-Lookup: 192.0.2.1\r\n")
    finally:
        assert running.stop() == 0
    assert found == {"city": "Testville", "country": "NL"}
    assert unknown == {"city": None, "country": None}
