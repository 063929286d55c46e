"""Peer addresses and X-Forwarded-For (protocol.md §13), server-side cookies (§5.5), the
artificial response delay (§5.8) and request logging (debug_requests)."""

import time

import pytest

from harness import VECTOR1_QUERY, Collector, header, http_exchange, http_get, parse_response, wait_until


@pytest.fixture
def forwarding():
    collector = Collector(Collector.default_config(
        extra="server { use_x_forwarded_for = true }")).start()
    yield collector
    if collector.process.poll() is None:
        collector.stop()


def send_with_headers(port, lines):
    request = f"GET /csc-event?{VECTOR1_QUERY} HTTP/1.1\r\nHost: x\r\n" + "".join(
        f"{line}\r\n" for line in lines) + "Connection: close\r\n\r\n"
    return parse_response(http_exchange(port, request.encode())[0])


def test_x_forwarded_for_examples_of_the_specification(forwarding):
    cases = [
        (["X-Forwarded-For: 10.200.13.28, 11.45.82.30"], "11.45.82.30"),
        (["X-Forwarded-For: 10.200.13.28", "X-Forwarded-For: 11.45.82.30"], "11.45.82.30"),
        (["X-Forwarded-For: 2001:db8::1"], "2001:db8:0:0:0:0:0:1"),
        (["X-Forwarded-For: [::ffff:1.2.3.4]"], "1.2.3.4"),
        (["X-Forwarded-For: 1.2.3.4, proxy.example.com"], "127.0.0.1"),
        (["X-Forwarded-For: 1.2.3.4:5678"], "127.0.0.1"),
        (["X-Forwarded-For: unknown"], "127.0.0.1"),
        ([], "127.0.0.1"),
    ]
    for lines, _ in cases:
        assert send_with_headers(forwarding.port, lines)[0] == 200
    assert forwarding.metric("divolte_http_x_forwarded_for_invalid_total") == 3
    assert forwarding.stop() == 0
    hosts = [record["remoteHost"] for record in forwarding.records()]
    assert hosts == [expected for _, expected in cases]
    assert forwarding.find_line("Ignoring invalid X-Forwarded-For value")


def test_x_forwarded_for_is_ignored_unless_enabled():
    collector = Collector(Collector.default_config()).start()
    assert send_with_headers(collector.port, ["X-Forwarded-For: 11.45.82.30"])[0] == 200
    assert collector.stop() == 0
    assert [r["remoteHost"] for r in collector.records()] == ["127.0.0.1"]


def test_server_side_cookies_refresh_both_identifiers():
    collector = Collector(Collector.default_config(source_extra="""
      server_side_cookies = true
      cookie_domain = ".example.com"
      cookie_same_site = lax
      cookie_secure = true
      session_timeout = 30 minutes""")).start()
    before = int(time.time())
    status, headers, _ = http_get(collector.port, "/csc-event?" + VECTOR1_QUERY)
    assert status == 200
    cookies = [value for name, value in headers if name == "Set-Cookie"]
    assert len(cookies) == 2
    session, party = cookies
    assert session.startswith("_dvs=0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8; Path=/; "
                              "Max-Age=1800; Expires=")
    assert session.endswith("; Domain=.example.com; SameSite=Lax; Secure")
    assert party.startswith("_dvp=0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG; Path=/; "
                            "Max-Age=63072000; Expires=")
    expires = time.mktime(time.strptime(session.split("Expires=")[1].split(";")[0],
                                        "%a, %d %b %Y %H:%M:%S GMT")) - time.timezone
    assert before + 1800 - 2 <= expires <= time.time() + 1800 + 2
    # No cookies on a 304, none for an invalid session id.
    status, headers, _ = http_get(collector.port, "/csc-event?" + VECTOR1_QUERY,
                                  'If-None-Match: "6b3edc43-20ec-4078-bc47-e965dd76b88a"\r\n')
    assert status == 304 and header(headers, "Set-Cookie") is None
    status, headers, _ = http_get(collector.port, "/csc-event?p=0:1:party&s=bad")
    cookies = [value for name, value in headers if name == "Set-Cookie"]
    assert len(cookies) == 1 and cookies[0].startswith("_dvp=0:1:party; Path=/; Max-Age=63072000;")
    assert collector.stop() == 0


def test_http_response_delay_delays_the_answer_not_the_event():
    collector = Collector(Collector.default_config(
        source_extra="http_response_delay = 700 milliseconds")).start()
    started = time.monotonic()
    assert http_get(collector.port, "/csc-event?" + VECTOR1_QUERY)[0] == 200
    assert time.monotonic() - started >= 0.7
    assert collector.stop() == 0
    assert len(collector.records()) == 1


def test_debug_requests_logs_requests_and_responses():
    collector = Collector(Collector.default_config(extra="server { debug_requests = true }")).start()
    http_get(collector.port, "/ping", "X-Trace-Me: yes\r\n")
    wait_until(lambda: collector.find_line("GET /ping HTTP/1.1 from 127.0.0.1"))
    wait_until(lambda: collector.find_line("X-Trace-Me: yes"))
    wait_until(lambda: collector.find_line("HTTP/1.1 200 OK"))
    assert collector.stop() == 0
