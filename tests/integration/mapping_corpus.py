"""The mapping-script corpus of tests/mapping (mapping.md): loading it, checking it without the
collector, and running scripts through the mapping test tool (mapping.md §16).

Layout:
  corpus/<NN>-<name>/mapping.groovy, schema.avsc (may contain comments), cases.json and optionally
  log.txt (substrings the tool's log must contain, in order). cases.json is a list of
  {"name", "event": {<§16 keys>}, "headers": {"Name": "value" | ["line1", "line2"]} (optional),
   "expect": <record as the tool renders it> | null (dropped) | {"status": 422},
   "ignore": [field, ...] (optional: present, value not compared)}.
  invalid/<NN>-<name>.groovy, its schema (<NN>-<name>.avsc or invalid/schema.avsc) and
  <NN>-<name>.expected: the exact error lines, the script path written as <script>; a line ending
  in "..." matches any line starting with the text before it.
"""

import fractions
import json
import os
import re
import subprocess
import threading

import avro.io
import avro.schema

from harness import (BINARY, check_sanitizer_report, exchange_until_close, parse_response, scaled,
                     wait_until)

MAPPING_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                           "mapping"))
CORPUS_DIR = os.path.join(MAPPING_DIR, "corpus")
INVALID_DIR = os.path.join(MAPPING_DIR, "invalid")

# The keys the test tool accepts in an event (mapping.md §16).
EVENT_KEYS = {
    "party_id", "session_id", "event_id", "page_view_id", "location", "referer",
    "viewport_pixel_width", "viewport_pixel_height", "screen_pixel_width", "screen_pixel_height",
    "device_pixel_ratio", "corrupt", "duplicate", "new_party_id", "first_in_session", "event_type",
    "parameters", "remote_host"}
REJECTED = {"status": 422}


def corpus_names():
    return sorted(name for name in os.listdir(CORPUS_DIR)
                  if os.path.isdir(os.path.join(CORPUS_DIR, name)))


def invalid_names():
    return sorted(name[:-len(".groovy")] for name in os.listdir(INVALID_DIR)
                  if name.endswith(".groovy"))


def corpus_paths(name):
    directory = os.path.join(CORPUS_DIR, name)
    return (os.path.join(directory, "schema.avsc"), os.path.join(directory, "mapping.groovy"))


def load_cases(name):
    with open(os.path.join(CORPUS_DIR, name, "cases.json"), encoding="utf-8") as stream:
        return json.load(stream)


def load_log_expectations(name):
    path = os.path.join(CORPUS_DIR, name, "log.txt")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as stream:
        return [line for line in stream.read().splitlines() if line]


def invalid_paths(name):
    script = os.path.join(INVALID_DIR, name + ".groovy")
    own_schema = os.path.join(INVALID_DIR, name + ".avsc")
    schema = own_schema if os.path.exists(own_schema) else os.path.join(INVALID_DIR, "schema.avsc")
    return schema, script, os.path.join(INVALID_DIR, name + ".expected")


def load_expected_errors(name, script_path):
    with open(invalid_paths(name)[2], encoding="utf-8") as stream:
        return [line.replace("<script>", script_path) for line in stream.read().splitlines() if line]


# ---- Schemas and records ----

def strip_json_comments(text):
    """Removes // and /* */ comments outside JSON strings (schema.md §3)."""
    out = []
    i = 0
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            assert end >= 0, "unterminated comment"
            i = end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def load_schema(path):
    with open(path, encoding="utf-8") as stream:
        return avro.schema.parse(strip_json_comments(stream.read()))


def to_datum(schema, value):
    """The tool's JSON rendering of a value (mapping.md §16) as a python-avro datum."""
    kind = schema.type
    if kind == "union":
        for branch in schema.schemas:
            try:
                datum = to_datum(branch, value)
            except (TypeError, ValueError, AttributeError, KeyError, UnicodeEncodeError):
                continue
            if avro.io.validate(branch, datum):
                return datum
        raise ValueError(f"{value!r} matches no branch of {schema}")
    if kind in ("bytes", "fixed"):
        if not isinstance(value, str):
            raise TypeError(value)
        return value.encode("latin-1")
    if kind == "record":
        if not isinstance(value, dict):
            raise TypeError(value)
        return {field.name: to_datum(field.type, value[field.name]) for field in schema.fields}
    if kind == "array":
        return [to_datum(schema.items, item) for item in value]
    if kind == "map":
        return {key: to_datum(schema.values, item) for key, item in value.items()}
    if kind in ("int", "long", "float", "double") and isinstance(value, bool):
        raise TypeError(value)  # python-avro would accept True as a number
    if kind in ("float", "double") and isinstance(value, int):
        return float(value)
    return value


def differences(expected, actual, path="record"):
    """Differences between an expected and an actual JSON value: numbers by value (42 == 42.0),
    booleans only equal booleans, objects without regard to member order."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        ok = isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
        return [] if ok else [f"{path}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = fractions.Fraction(expected) == fractions.Fraction(actual)  # exact, also 2**63
        return [] if ok else [f"{path}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, bytes) != isinstance(actual, bytes):
        # Avro files give bytes where the tool gives one character per byte.
        expected = expected.encode("latin-1") if isinstance(expected, str) else expected
        actual = actual.encode("latin-1") if isinstance(actual, str) else actual
    if isinstance(expected, dict) and isinstance(actual, dict):
        problems = []
        for key in expected.keys() | actual.keys():
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            elif key not in expected:
                problems.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                problems += differences(expected[key], actual[key], f"{path}.{key}")
        return problems
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        problems = []
        for index, (left, right) in enumerate(zip(expected, actual)):
            problems += differences(left, right, f"{path}[{index}]")
        return problems
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def record_differences(case, actual, field_names):
    """Differences between a case's expected record and an actual one; ignored fields must be
    present but are not compared."""
    ignored = set(case.get("ignore", ()))
    problems = []
    missing = [name for name in field_names if name not in actual]
    if missing:
        problems.append(f"fields missing from the record: {missing}")
    expected = {key: value for key, value in case["expect"].items() if key not in ignored}
    actual = {key: value for key, value in actual.items() if key not in ignored}
    return problems + differences(expected, actual)


# ---- The mapping test tool ----

class MappingTool:
    """One `divolte-collector mapping-test-server` process on a free port."""

    LISTENING = re.compile(r"listening on http://[^/\s]+:(\d+)/")

    def __init__(self, schema, script):
        self.args = [BINARY, "mapping-test-server", "-s", schema, "-m", script,
                     "-i", "127.0.0.1", "-p", "0"]
        self.lines = []
        self._lock = threading.Lock()
        self.process = None
        self.port = None

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()
        try:
            wait_until(lambda: self._port() or self.process.poll() is not None, timeout=20,
                       message="the mapping test tool to listen")
        except AssertionError:
            self.process.kill()
            self.stop()
            raise
        self.port = self._port()
        if self.port is None:
            self.stop()
            raise AssertionError(f"the mapping test tool exited with {self.process.returncode}:\n"
                                 + self.log())
        return self

    def _pump(self):
        for line in self.process.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def _port(self):
        with self._lock:
            for line in self.lines:
                match = self.LISTENING.search(line)
                if match:
                    return int(match.group(1))
        return None

    def log(self):
        with self._lock:
            return "\n".join(self.lines)

    def post(self, event, headers=None):
        """POSTs one event; returns (status, parsed JSON body or the body text)."""
        body = json.dumps(event, ensure_ascii=False).encode("utf-8")
        head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n")
        for name, value in (headers or {}).items():
            for line in (value if isinstance(value, list) else [value]):
                head += f"{name}: {line}\r\n"
        raw = exchange_until_close(self.port, head.encode("latin-1") + b"\r\n" + body)
        assert raw, "no response from the mapping test tool"
        status, _, response_body = parse_response(raw)
        text = response_body.decode("utf-8")
        return status, (json.loads(text) if status == 200 else text)

    def stop(self):
        """SIGTERM; fails the test when the tool printed a sanitizer report."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=scaled(20))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._pump_thread.join(timeout=5)
        check_sanitizer_report(self.log(), "the mapping test tool")


def run_invalid(name, timeout=30):
    """Starts the tool on an invalid script. Returns (exit status, stderr, outcome) where outcome
    is "exited", "accepted" (it started listening: the script was accepted; it is stopped at once)
    or "timeout" (after `timeout` seconds, scaled). Fails on a sanitizer report."""
    schema, script, _ = invalid_paths(name)
    process = subprocess.Popen(
        [BINARY, "mapping-test-server", "-s", schema, "-m", script, "-i", "127.0.0.1", "-p", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outcome = ["exited"]
    stderr = []

    def watch_log():
        for line in process.stdout:
            if MappingTool.LISTENING.search(line) and outcome[0] == "exited":
                outcome[0] = "accepted"
                process.terminate()

    threads = [threading.Thread(target=watch_log, daemon=True),
               threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        process.wait(timeout=scaled(timeout))
    except subprocess.TimeoutExpired:
        outcome[0] = "timeout"
        process.kill()
        process.wait()
    for thread in threads:
        thread.join(timeout=5)
    check_sanitizer_report("".join(stderr), f"the mapping test tool on invalid/{name}")
    return process.returncode, "".join(stderr), outcome[0]


def error_line_differences(expected, stderr, script_path):
    """Compares the `<script>:line:col: error: …` lines of stderr with the expected ones."""
    actual = [line for line in stderr.splitlines()
              if line.startswith(script_path + ":") and ": error: " in line]
    problems = []
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else None
        got = actual[index] if index < len(actual) else None
        if want is None:
            problems.append(f"unexpected error line: {got}")
        elif got is None:
            problems.append(f"missing error line: {want}")
        elif want.endswith("..."):
            if not got.startswith(want[:-3]):
                problems.append(f"expected a line starting with: {want[:-3]}\n"
                                f"                          got: {got}")
        elif want != got:
            problems.append(f"expected: {want}\n     got: {got}")
    return problems
