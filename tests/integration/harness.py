"""Runs the real divolte-collector binary for end-to-end tests.

A Collector starts the binary with a generated configuration on a free port (port 0, read back
from the "Starting server on" log line), collects its log, stops it with SIGTERM and reads the
published Avro files with python3-avro (an independent reader). run_binary runs it to completion.

In sanitizer builds (cmake/Sanitizers.cmake) both fail the test when the process printed a
sanitizer report, and every deadline is stretched by DIVOLTE_TEST_TIME_SCALE."""

import glob
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

from dump_avro import read_records

BINARY = os.environ.get("DIVOLTE_BIN", os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "release", "src", "divolte-collector"))

# Sanitizer builds run several times slower: what a test waits for (start-up, deliveries, exits,
# socket reads) gets TIME_SCALE times longer. What it asserts does not change.
TIME_SCALE = float(os.environ.get("DIVOLTE_TEST_TIME_SCALE", "1"))

# "address" or "thread" in sanitizer builds, "" otherwise.
SANITIZER = os.environ.get("DIVOLTE_SANITIZER", "")

# The first line of every report of AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer
# and ThreadSanitizer contains one of these.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer")

# protocol.md §6 test vector 1 (valid checksum).
VECTOR1_QUERY = (
    "p=0%3Ai1t84hgy%3A5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"
    "&s=0%3Ai1t84hgy%3A95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8"
    "&v=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF&e=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0"
    "&c=i1t8q2b6&n=f&f=f&l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w=uq&h=qd"
    "&t=pageView&x=si9804")



def scaled(seconds):
    """A deadline of `seconds` in a normal build, stretched in sanitizer builds."""
    return seconds * TIME_SCALE


def sanitizer_report(output):
    """The output from the line of its first sanitizer report on, or None without a report."""
    found = [output.find(marker) for marker in SANITIZER_MARKERS if marker in output]
    if not found:
        return None
    return output[output.rfind("\n", 0, min(found)) + 1:]


def check_sanitizer_report(output, what="the collector"):
    """Fails the test with the report when `output` (of a process that exited) contains one."""
    report = sanitizer_report(output)
    if report is not None:
        raise AssertionError(f"{what} printed a sanitizer report:\n{report}")


def run_binary(args, timeout=30, **kwargs):
    """Runs BINARY with `args` to completion (subprocess.run, output captured as text, the
    timeout scaled) and fails on a sanitizer report."""
    result = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True,
                            timeout=scaled(timeout), **kwargs)
    check_sanitizer_report(result.stdout + result.stderr, f"divolte-collector {args[0]}")
    return result


def with_params(query, **replacements):
    """The query with parameters replaced or added; a value of None removes the parameter."""
    parts = dict(part.split("=", 1) for part in query.split("&"))
    parts.update(replacements)
    return "&".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def send_beacon(collector, query, headers=None):
    """GET /csc-event?<query>; asserts the 200 answer."""
    request = urllib.request.Request(collector.url("/csc-event?" + query), headers=headers or {})
    with urllib.request.urlopen(request, timeout=scaled(10)) as response:
        assert response.status == 200


def failed_start_log(config_body):
    """Starts a collector that must refuse to start; returns its log."""
    collector = Collector(config_body).start(expect_port=False)
    assert collector.wait_exit() != 0
    return collector.log()


# schema.md §1: the built-in DefaultEventRecord, as JSON data.
DEFAULT_SCHEMA = {
    "type": "record", "name": "DefaultEventRecord", "namespace": "io.divolte.record",
    "fields": [
        {"name": "detectedDuplicate", "type": "boolean"},
        {"name": "detectedCorruption", "type": "boolean"},
        {"name": "firstInSession", "type": "boolean"},
        {"name": "timestamp", "type": "long"},
        {"name": "clientTimestamp", "type": "long"},
        {"name": "remoteHost", "type": "string"},
        *[{"name": name, "type": ["null", "string"], "default": None}
          for name in ("referer", "location")],
        *[{"name": name, "type": ["null", "int"], "default": None}
          for name in ("viewportPixelWidth", "viewportPixelHeight", "screenPixelWidth",
                       "screenPixelHeight")],
        *[{"name": name, "type": ["null", "string"], "default": None}
          for name in ("partyId", "sessionId", "pageViewId")],
        {"name": "eventType", "type": "string", "default": "unknown"},
        *[{"name": name, "type": ["null", "string"], "default": None}
          for name in ("userAgentString", "userAgentName", "userAgentFamily", "userAgentVendor",
                       "userAgentType", "userAgentVersion", "userAgentDeviceCategory",
                       "userAgentOsFamily", "userAgentOsVersion", "userAgentOsVendor")],
    ],
}


GIF = bytes.fromhex(
    "47494638396101000100000000" "21f904010a0001002c00000000010001000002024c01003b")


def wait_until(condition, timeout=10.0, interval=0.01, message="condition"):
    """Polls `condition` until it returns a truthy value or the deadline (`timeout` seconds,
    scaled) passes."""
    timeout = scaled(timeout)
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


class Collector:
    """One running collector process with its own temporary directories."""

    def __init__(self, config_body="", extra_args=(), env=None, workdir=None):
        self.dir = workdir or tempfile.mkdtemp(prefix="divolte-e2e-")
        self.working = os.path.join(self.dir, "working")
        self.published = os.path.join(self.dir, "published")
        os.makedirs(self.working, exist_ok=True)
        os.makedirs(self.published, exist_ok=True)
        self.config_path = os.path.join(self.dir, "divolte-collector.conf")
        with open(self.config_path, "w") as config:
            config.write(config_body.replace("@WORKING@", self.working)
                         .replace("@PUBLISHED@", self.published))
        self.args = [BINARY, "--config", self.config_path, *extra_args]
        self.env = dict(os.environ, **(env or {}))
        self.lines = []
        self._lock = threading.Lock()
        self.process = None
        self.port = None
        self.preexec = None  # run in the child before exec (e.g. resource limits)

    @staticmethod
    def default_config(extra="", sink_extra="", mapping_extra="", source_extra=""):
        """A configuration with one browser source, the default mapping and one file sink."""
        return f"""
divolte {{
  global {{
    server {{ host = 127.0.0.1, port = 0 }}
    {extra}
  }}
  sources {{
    browser {{
      type = browser
      {source_extra}
    }}
  }}
  mappings {{
    default {{
      sources = [browser], sinks = [files]
      {mapping_extra}
    }}
  }}
  sinks {{
    files {{
      type = hdfs
      file_strategy {{ working_dir = "@WORKING@", publish_dir = "@PUBLISHED@" {sink_extra} }}
    }}
  }}
}}
"""

    def start(self, expect_port=True):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, env=self.env, text=True,
                                        preexec_fn=self.preexec)
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()
        if expect_port:
            self.wait_started(lambda: self.find_line("Starting server on"), "the collector to start")
            line = self.find_line("Starting server on")
            if line is None:
                self.wait_exit()
                raise AssertionError("collector exited:\n" + self.log())
            self.port = int(re.search(r":(\d+)$", line.strip()).group(1))
        return self

    def wait_started(self, condition, message):
        """Waits until `condition()` is truthy or the process exits; kills it when neither
        happens within 20 s (scaled), so that no test leaves a process behind."""
        try:
            wait_until(lambda: condition() or self.process.poll() is not None, timeout=20,
                       message=message)
        except AssertionError:
            self.process.kill()
            self.wait_exit()
            raise

    def _pump(self):
        for line in self.process.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def find_line(self, text):
        with self._lock:
            for line in self.lines:
                if text in line:
                    return line
        return None

    def log(self):
        with self._lock:
            return "\n".join(self.lines)

    def wait_exit(self, timeout=60):
        """Waits for the exit (`timeout` scaled) and returns the status; fails the test when the
        process printed a sanitizer report."""
        try:
            code = self.process.wait(timeout=scaled(timeout))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self._pump_thread.join(timeout=5)
            raise AssertionError("collector did not exit:\n" + self.log())
        self._pump_thread.join(timeout=5)
        check_sanitizer_report(self.log())
        return code

    def stop(self, timeout=60):
        """SIGTERM, then waits for a clean exit; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.wait_exit(timeout)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def published_files(self):
        return sorted(glob.glob(os.path.join(self.published, "*.avro")))

    def partial_files(self):
        return sorted(glob.glob(os.path.join(self.working, "*.partial")))

    def records(self):
        """Every record of every published file, in file order."""
        return read_records(self.published_files())

    def metrics(self):
        """Scrapes /metrics into {(name, frozenset(labels)): value}."""
        return parse_metrics(http_get(self.port, "/metrics")[2].decode())

    def metric(self, name, **labels):
        return self.metrics().get((name, frozenset(labels.items())), 0.0)


def parse_metrics(text):
    """The Prometheus text format as {(name, frozenset(labels)): value}."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples


def http_exchange(port, request_bytes, responses=1, timeout=10):
    """Sends raw bytes on a new connection and returns the raw bytes of `responses` responses."""
    with socket.create_connection(("127.0.0.1", port), timeout=scaled(timeout)) as connection:
        connection.sendall(request_bytes)
        return read_responses(connection, responses)


def exchange_until_close(port, request_bytes, timeout=10):
    """Sends raw bytes and returns everything received until the server closes (for HEAD,
    whose answers announce a Content-Length without a body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=scaled(timeout)) as connection:
        connection.sendall(request_bytes)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
        return data


def read_responses(connection, count):
    """Reads `count` complete HTTP responses (head + Content-Length body) from a socket."""
    data = b""
    parsed = []
    while len(parsed) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            match = re.search(r"(?im)^content-length: (\d+)", head)
            length = int(match.group(1)) if match else 0
            if len(data) >= head_end + 4 + length:
                parsed.append(data[:head_end + 4 + length])
                data = data[head_end + 4 + length:]
                continue
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    return parsed


def parse_response(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return status, headers, body


def header(headers, name):
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


def http_get(port, target, extra_headers=""):
    raw = http_exchange(port, f"GET {target} HTTP/1.1\r\nHost: localhost\r\n{extra_headers}"
                              f"Connection: close\r\n\r\n".encode())
    assert raw, f"no response to GET {target}"
    return parse_response(raw[0])
