"""Hostile clients against the real binary (issue 9, point 3; protocol.md §1.1, §3, §8.3).

* A crowd of idle connections and byte-at-a-time heads does not stop service for a normal client;
  the collector raises its open-file limit so that the crowd is not refused early; heads that
  never complete are closed after 30 s, idle connections after 60 s, and their descriptors freed.
* Oversized request lines, heads and bodies get 414, 431 and 413.
* Malformed percent-encoding, invalid UTF-8, NUL bytes, duplicated and very many parameters are
  answered and counted, and what is recorded is what the protocol says.
* 100,000 connection opens and closes leave no descriptor or memory behind."""

import http.client
import resource
import socket
import threading
import time

import pytest

from harness import (SANITIZER, Collector, VECTOR1_QUERY, http_exchange, http_get,
                     parse_response, wait_until, with_params)

CROWD_IDLE = 3000
CROWD_SLOW = 300
HEAD_TIMEOUT_S = 30
IDLE_TIMEOUT_S = 60


def raise_own_file_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def low_file_limit():
    """Starts the collector with the common default soft limit of 1024."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))


def closed_by_server(sock):
    """True once the server closed the connection (EOF or reset), without blocking."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionError:
        return True


def beacon_ok(port, number):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/csc-event?" + with_params(VECTOR1_QUERY, e=f"0%3Anormal{number}"))
        response = connection.getresponse()
        response.read()
        return response.status == 200
    finally:
        connection.close()


def test_a_crowd_of_idle_and_slow_connections_does_not_stop_service():
    raise_own_file_limit(CROWD_IDLE + CROWD_SLOW + 512)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    collector = Collector(Collector.default_config())
    collector.preexec = low_file_limit
    collector.start()
    idle, slow = [], []
    try:
        assert collector.find_line("Raised the open file limit from 1024 to"), collector.log()
        assert collector.metric("process_max_fds") == hard
        baseline = collector.metric("process_open_fds")
        started = time.monotonic()
        for _ in range(CROWD_IDLE):
            idle.append(socket.create_connection(("127.0.0.1", collector.port)))
        for _ in range(CROWD_SLOW):
            sock = socket.create_connection(("127.0.0.1", collector.port))
            sock.sendall(b"G")
            slow.append(sock)
        wait_until(lambda: collector.metric("process_open_fds") >=
                   baseline + CROWD_IDLE + CROWD_SLOW, timeout=30,
                   message="the crowd accepted (more than the 1024 of the original limit)")

        # Byte-at-a-time heads: one more byte per connection every second, never finishing.
        stop_dribbling = threading.Event()

        def dribble():
            while not stop_dribbling.wait(1.0):
                for sock in slow:
                    try:
                        sock.sendall(b"E")
                    except OSError:
                        pass
        dribbler = threading.Thread(target=dribble, daemon=True)
        dribbler.start()

        # A normal client is served at once while the crowd holds its connections.
        for number in range(50):
            before = time.monotonic()
            assert beacon_ok(collector.port, number)
            assert time.monotonic() - before < 2.0
        assert http_get(collector.port, "/ping")[0] == 200

        # Heads not complete within 30 s are closed; idle connections after 60 s.
        wait_until(lambda: all(closed_by_server(s) for s in slow),
                   timeout=HEAD_TIMEOUT_S + 20, message="slow heads closed")
        assert time.monotonic() - started >= HEAD_TIMEOUT_S - 1
        stop_dribbling.set()
        wait_until(lambda: all(closed_by_server(s) for s in idle),
                   timeout=IDLE_TIMEOUT_S + 25, message="idle connections closed")
        assert time.monotonic() - started >= IDLE_TIMEOUT_S - 1
        wait_until(lambda: collector.metric("process_open_fds") <= baseline + 2,
                   timeout=10, message="their descriptors freed")
        assert beacon_ok(collector.port, 99)
    finally:
        for sock in idle + slow:
            sock.close()
        assert collector.stop() == 0, collector.log()
    records = collector.records()
    assert len(records) == 51  # the normal client's beacons, nothing else


JSON_CONFIG = """
divolte {
  global.server { host = 127.0.0.1, port = 0 }
  sources { json { type = json, event_path = /json } }
  mappings { json { sources = [json], sinks = [files] } }
  sinks.files {
    type = hdfs
    file_strategy { working_dir = "@WORKING@", publish_dir = "@PUBLISHED@" }
  }
}
"""


def raw_status(port, request):
    raw = http_exchange(port, request)
    assert raw, "no response"
    return parse_response(raw[0])[0]


def test_oversized_requests_get_414_431_and_413():
    collector = Collector(JSON_CONFIG).start()
    try:
        line = b"GET /csc-event?" + b"a" * (1024 * 1024 + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        assert raw_status(collector.port, line) == 414
        head = (b"GET /ping HTTP/1.1\r\nHost: x\r\n" +
                b"".join(b"X-Filler-%d: %s\r\n" % (i, b"v" * 8000) for i in range(140)) + b"\r\n")
        assert raw_status(collector.port, head) == 431
        fields = b"GET /ping HTTP/1.1\r\nHost: x\r\n" + b"".join(
            b"X-F%d: v\r\n" % i for i in range(201)) + b"\r\n"
        assert raw_status(collector.port, fields) == 400
        body = b"{" + b" " * 5000 + b"}"
        post = (b"POST /json?p=0%3Ai1t84hgy%3Aparty HTTP/1.1\r\nHost: x\r\n" +
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        assert raw_status(collector.port, post) == 413
        chunked = (b"POST /json?p=0%3Ai1t84hgy%3Aparty HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   b"".join(b"400\r\n" + b" " * 1024 + b"\r\n" for _ in range(6)) + b"0\r\n\r\n")
        assert raw_status(collector.port, chunked) == 413
        metrics = collector.metrics()
        assert metrics[("divolte_http_requests_total",
                        frozenset({("route", "invalid"), ("source", ""), ("status", "414")}))] == 1
        assert metrics[("divolte_http_requests_total",
                        frozenset({("route", "invalid"), ("source", ""), ("status", "431")}))] == 1
        assert metrics[("divolte_events_rejected_total",
                        frozenset({("source", "json"), ("reason", "body_too_large")}))] == 2
        assert http_get(collector.port, "/ping")[0] == 200
    finally:
        assert collector.stop() == 0, collector.log()


def test_malformed_and_strange_parameters_are_answered_and_counted():
    collector = Collector(Collector.default_config()).start()
    try:
        def beacon(query):
            return raw_status(collector.port, b"GET /csc-event?" + query +
                              b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        vector = VECTOR1_QUERY.encode()
        # A '%' without two hex digits: 400, not recorded, counted.
        assert beacon(vector + b"&l2=%zz") == 400
        assert beacon(vector + b"&l2=%4") == 400
        # Invalid UTF-8, NUL bytes and duplicated parameters are recorded as the protocol says.
        assert beacon(with_params(VECTOR1_QUERY, e="0%3Autf8", l="http%3A%2F%2Fx%2F%FF%FE").encode()) == 200
        assert beacon(with_params(VECTOR1_QUERY, e="0%3Anul", l="http%3A%2F%2Fx%2F%00y").encode()) == 200
        assert beacon(with_params(VECTOR1_QUERY, e="0%3Adup").encode() +
                      b"&l=http%3A%2F%2Fsecond%2F&t=second") == 200
        # 1000 parameters are accepted; 1001 are refused.
        many = with_params(VECTOR1_QUERY, e="0%3Amany")
        count = len(many.split("&"))
        assert beacon((many + "".join(f"&z{i}=1" for i in range(1000 - count))).encode()) == 200
        assert beacon((many + "".join(f"&z{i}=1" for i in range(1001 - count))).encode()) == 400
        # A raw NUL or a control byte in the request line is not HTTP: 400.
        assert raw_status(collector.port, b"GET /csc-event?a=\x00 HTTP/1.1\r\nHost: x\r\n\r\n") == 400
        assert raw_status(collector.port, b"GET /csc\x01event HTTP/1.1\r\nHost: x\r\n\r\n") == 400
        assert http_get(collector.port, "/ping")[0] == 200
        metrics = collector.metrics()
        # The two bad escapes and the 1001 parameters.
        assert metrics[("divolte_events_rejected_total",
                        frozenset({("source", "browser"), ("reason", "malformed_query")}))] == 3
        assert metrics[("divolte_events_received_total", frozenset({("source", "browser")}))] == 4
    finally:
        assert collector.stop() == 0, collector.log()
    records = collector.records()
    assert len(records) == 4  # utf8, nul, dup, many
    locations = sorted(str(r["location"]) for r in records)
    assert "http://x/\ufffd\ufffd" in locations, locations
    assert "http://x/\x00y" in locations, locations
    assert locations.count("http://localhost:8290/") == 2  # dup (the first value wins) and many


def test_a_hundred_thousand_connections_leave_nothing_behind():
    collector = Collector(Collector.default_config()).start()
    try:
        def churn(count):
            for _ in range(count):
                sock = socket.create_connection(("127.0.0.1", collector.port))
                sock.close()
        churn(5000)  # warm-up: allocator pools, thread caches
        wait_until(lambda: collector.metric("process_open_fds") <= 64, timeout=10,
                   message="warm-up connections closed")
        fds = collector.metric("process_open_fds")
        rss = collector.metric("process_resident_memory_bytes")
        threads = [threading.Thread(target=churn, args=(25000,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wait_until(lambda: collector.metric("process_open_fds") <= fds, timeout=20,
                   message="every connection's descriptor closed")
        grown = collector.metric("process_resident_memory_bytes") - rss
        # Under AddressSanitizer freed memory waits in a quarantine of up to 256 MiB, so resident
        # memory says nothing there; LeakSanitizer checks every allocation when the collector
        # exits instead, and the harness fails the test on its report.
        if not SANITIZER:
            assert grown < 8 * 1024 * 1024, f"resident memory grew by {grown} bytes"
        assert http_get(collector.port, "/ping")[0] == 200
    finally:
        assert collector.stop() == 0, collector.log()
