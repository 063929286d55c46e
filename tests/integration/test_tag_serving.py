"""The browser tag (protocol.md §11, tag.md §2) and the static test page (§12) end to end."""

import base64
import gzip
import hashlib
import re

import pytest

from harness import Collector, exchange_until_close, header, http_get, parse_response

GZIP_HEADER = bytes.fromhex("1f8b0800000000000000")
TAG_HEADERS_200 = {"server", "date", "content-length", "content-type", "cache-control", "etag",
                   "vary"}


def digest(body):
    return base64.b64encode(hashlib.sha256(body).digest()).decode()


def names(headers):
    """The header names of a response, without `Connection` (the tests ask for close)."""
    return {name.lower() for name, _ in headers} - {"connection"}


def raw_request(port, method, target, extra_headers=""):
    """A request answered with Connection: close, read to the end (HEAD answers have no body)."""
    raw = exchange_until_close(port, f"{method} {target} HTTP/1.1\r\nHost: localhost\r\n"
                                     f"{extra_headers}Connection: close\r\n\r\n".encode())
    return parse_response(raw)


def start(**kwargs):
    return Collector(Collector.default_config(**kwargs)).start()


# One collector for the tests that only read what it serves (a start costs seconds under a
# sanitizer); a test that counts requests starts its own.
@pytest.fixture(scope="module")
def collector():
    running = start()
    yield running
    assert running.stop() == 0, running.log()


@pytest.fixture
def fresh_collector():
    running = start()
    yield running
    assert running.stop() == 0, running.log()


def test_tag_is_served_with_the_headers_of_section_11(collector):
    status, headers, body = http_get(collector.port, "/divolte.js")
    assert status == 200
    assert names(headers) == TAG_HEADERS_200
    assert header(headers, "Content-Type") == "application/javascript"
    assert header(headers, "Cache-Control") == "public, max-age=3600"
    assert header(headers, "Vary") == "Accept-Encoding"
    assert header(headers, "Content-Length") == str(len(body))
    etag = header(headers, "ETag")
    assert etag == f'"{digest(body)}"' and len(etag) == 46
    assert body.isascii()
    assert b"__DIVOLTE_" not in body
    assert collector.find_line(f"Compressed resource: {len(body)} -> ")
    assert collector.find_line("Registered source[browser] script location: /divolte.js")


def test_gzip_variant_decompresses_to_the_plain_body(collector):
    plain = http_get(collector.port, "/divolte.js")[2]
    status, headers, body = http_get(collector.port, "/divolte.js", "Accept-Encoding: gzip\r\n")
    assert status == 200
    assert names(headers) == TAG_HEADERS_200 | {"content-encoding"}
    assert header(headers, "Content-Encoding") == "gzip"
    assert header(headers, "Vary") == "Accept-Encoding"
    assert header(headers, "Content-Type") == "application/javascript"
    assert header(headers, "ETag") == f'"gz+{digest(plain)}"'
    assert body[:10] == GZIP_HEADER
    assert len(body) < len(plain)
    assert gzip.decompress(body) == plain
    assert collector.find_line(f"Compressed resource: {len(plain)} -> {len(body)}")
    # The size budget of tag.md §1 (bench/tag_size.py records the sizes).
    assert len(plain) <= 12 * 1024
    assert len(body) <= 4500


@pytest.mark.parametrize("accept, compressed", [
    ("GZIP", True), ("deflate, gzip;q=0.5", True), ("br\r\nAccept-Encoding: gzip", True),
    ("gzip;q=0", False), ("gzip;q=0.000", False), ("*", False), ("deflate, br", False),
    ("gzip;q=abc", False), ("gzip;q=0, gzip", False)])
def test_accept_encoding_chooses_the_variant(collector, accept, compressed):
    status, headers, _ = http_get(collector.port, "/divolte.js", f"Accept-Encoding: {accept}\r\n")
    assert status == 200
    assert (header(headers, "Content-Encoding") == "gzip") == compressed
    assert header(headers, "ETag").startswith('"gz+') == compressed
    assert header(headers, "Vary") == "Accept-Encoding"


def test_matching_if_none_match_gets_304_without_body(collector):
    plain_tag = header(http_get(collector.port, "/divolte.js")[1], "ETag")
    gzip_tag = header(http_get(collector.port, "/divolte.js", "Accept-Encoding: gzip\r\n")[1],
                      "ETag")
    cases = [
        (f"If-None-Match: {plain_tag}\r\n", plain_tag),
        (f"If-None-Match: W/{plain_tag}\r\n", plain_tag),
        ("If-None-Match: *\r\n", plain_tag),
        (f'If-None-Match: "x"\r\nIf-None-Match: "y", {plain_tag}\r\n', plain_tag),
        (f"Accept-Encoding: gzip\r\nIf-None-Match: {gzip_tag}\r\n", gzip_tag),
    ]
    for extra, etag in cases:
        status, headers, body = http_get(collector.port, "/divolte.js", extra)
        assert status == 304, extra
        assert names(headers) == {"server", "date", "cache-control", "etag", "vary"}
        assert header(headers, "Cache-Control") == "public, max-age=3600"
        assert header(headers, "ETag") == etag
        assert header(headers, "Vary") == "Accept-Encoding"
        assert body == b""
    # The tag of the other variant does not match.
    assert http_get(collector.port, "/divolte.js",
                    f"Accept-Encoding: gzip\r\nIf-None-Match: {plain_tag}\r\n")[0] == 200
    assert http_get(collector.port, "/divolte.js", f"If-None-Match: {gzip_tag}\r\n")[0] == 200


def test_only_get_is_allowed(collector):
    status, headers, body = raw_request(collector.port, "HEAD", "/divolte.js")
    assert status == 405
    assert header(headers, "Allow") == "GET"
    assert body == b""
    status, headers, body = raw_request(collector.port, "POST", "/divolte.js")
    assert (status, header(headers, "Allow")) == (405, "GET")
    assert body == b"HTTP method POST not allowed."


def test_custom_name_and_prefix():
    collector = start(source_extra="prefix = /t, javascript.name = tag.js")
    try:
        status, _, body = http_get(collector.port, "/t/tag.js")
        assert status == 200
        assert b'"tag.js"' in body
        assert http_get(collector.port, "/divolte.js")[0] == 404
        assert http_get(collector.port, "/t/divolte.js")[0] == 404
        assert collector.find_line("Registered source[browser] script location: /t/tag.js")
        page = http_get(collector.port, "/")[2]
        assert b'<script src="/t/tag.js" async defer></script>' in page
    finally:
        collector.stop()


def test_configured_constants_are_injected_as_literals():
    collector = start(source_extra="""
        party_cookie = _mine, party_timeout = 12345 seconds
        session_cookie = _ours, session_timeout = 4321 seconds
        cookie_domain = ".ex<ample>.com", cookie_same_site = strict, cookie_secure = true
        event_suffix = ev
        javascript { logging = true, auto_page_view_event = false, event_timeout = 1234 ms }""")
    try:
        body = http_get(collector.port, "/divolte.js")[2]
        for literal in [b'"_mine"', b'"_ours"', b'".ex\\u003cample\\u003e.com"', b'"Strict"',
                        b'"ev"', b'"divolte.js"']:
            assert literal in body, literal
        for number in [b"12345", b"4321", b"1.234"]:
            assert re.search(rb"(?<![\w.])" + re.escape(number) + rb"(?![\w.])", body), number
        assert b"__DIVOLTE_" not in body
        assert body.isascii()
    finally:
        collector.stop()
    default = start()
    try:
        body = http_get(default.port, "/divolte.js")[2]
        assert b'"_dvp"' in body and b'"_mine"' not in body
        assert re.search(rb"(?<![\w.])0\.75(?![\w.])", body)
        assert re.search(rb"(?<![\w.])63072000(?![\w.])", body)
    finally:
        default.stop()


def test_long_timeouts_are_capped_with_a_warning():
    collector = start(source_extra="party_timeout = 30000 days")
    try:
        body = http_get(collector.port, "/divolte.js")[2]
        assert re.search(rb"(?<![\w.])2147483647(?![\w.])", body)
        line = collector.find_line("party_timeout of 2592000000 seconds exceeds")
        assert line and " WARN " in line
    finally:
        collector.stop()


def test_debug_serves_the_readable_variant(collector):
    minified = http_get(collector.port, "/divolte.js")[2]
    debug = start(source_extra="javascript.debug = true")
    try:
        status, headers, body = http_get(debug.port, "/divolte.js")
        assert status == 200
        assert body != minified and len(body) > len(minified)
        assert header(headers, "ETag") == f'"{digest(body)}"'
        assert b"__DIVOLTE_" not in body
    finally:
        debug.stop()


def test_test_page_is_served_at_root_and_index(collector):
    bodies = []
    for path in ["/", "/index.html"]:
        status, headers, body = http_get(collector.port, path)
        assert status == 200
        assert names(headers) == {"server", "date", "content-length", "content-type",
                                  "cache-control", "etag"}
        assert header(headers, "Content-Type") == "text/html; charset=utf-8"
        assert header(headers, "Cache-Control") == "no-cache"
        assert header(headers, "ETag") == f'"{digest(body)}"'
        bodies.append(body)
    page = bodies[0]
    assert bodies[1] == page
    assert b"<title>Divolte</title>" in page
    assert b'<script src="/divolte.js" async defer></script>' in page
    assert b'id="signal"' in page and b"divolte.signal('bannerClick'" in page
    assert b"http:" not in page and b"https:" not in page and b"//" not in page


def test_test_page_conditional_head_and_wrong_method(collector):
    status, headers, page = http_get(collector.port, "/")
    etag = header(headers, "ETag")
    status, headers, body = http_get(collector.port, "/index.html", f"If-None-Match: {etag}\r\n")
    assert status == 304 and body == b""
    assert names(headers) == {"server", "date", "cache-control", "etag"}
    assert (header(headers, "Cache-Control"), header(headers, "ETag")) == ("no-cache", etag)
    status, headers, body = raw_request(collector.port, "HEAD", "/")
    assert status == 200 and body == b""
    assert header(headers, "Content-Length") == str(len(page))
    assert header(headers, "Content-Type") == "text/html; charset=utf-8"
    assert header(headers, "ETag") == etag
    status, headers, body = raw_request(collector.port, "POST", "/index.html")
    assert (status, header(headers, "Allow")) == (405, "GET, HEAD")
    assert body == b"HTTP method POST not allowed."


def test_test_page_uses_the_first_browser_source():
    config = """
divolte {
  global.server { host = 127.0.0.1, port = 0 }
  sources {
    first { type = browser, prefix = "/a&b/", javascript.name = one.js }
    second { type = browser, prefix = /b }
  }
  mappings.default { sources = [first, second], sinks = [files] }
  sinks.files {
    type = hdfs
    file_strategy { working_dir = "@WORKING@", publish_dir = "@PUBLISHED@" }
  }
}
"""
    collector = Collector(config).start()
    try:
        page = http_get(collector.port, "/")[2]
        assert b'<script src="/a&amp;b/one.js" async defer></script>' in page
        assert http_get(collector.port, "/b/divolte.js")[0] == 200
    finally:
        collector.stop()


def test_exact_routes_take_precedence_over_the_test_page():
    collector = start(source_extra="event_suffix = index.html")
    try:
        status, headers, _ = http_get(collector.port, "/index.html?p=x")
        assert header(headers, "Content-Type") == "image/gif"
        status, headers, _ = http_get(collector.port, "/")
        assert (status, header(headers, "Content-Type")) == (200, "text/html; charset=utf-8")
    finally:
        collector.stop()


def test_no_test_page_when_static_resources_are_off():
    collector = start(extra="server.serve_static_resources = false")
    try:
        assert http_get(collector.port, "/")[0] == 404
        assert http_get(collector.port, "/index.html")[0] == 404
        assert http_get(collector.port, "/divolte.js")[0] == 200
    finally:
        collector.stop()


def test_requests_are_counted_by_route(fresh_collector):
    collector = fresh_collector
    etag = header(http_get(collector.port, "/divolte.js")[1], "ETag")
    http_get(collector.port, "/divolte.js", "Accept-Encoding: gzip\r\n")
    http_get(collector.port, "/divolte.js", f"If-None-Match: {etag}\r\n")
    raw_request(collector.port, "HEAD", "/divolte.js")
    http_get(collector.port, "/")
    http_get(collector.port, "/index.html")
    raw_request(collector.port, "HEAD", "/")
    raw_request(collector.port, "PUT", "/")
    metric = "divolte_http_requests_total"
    assert collector.metric(metric, route="tag", source="browser", status="200") == 2
    assert collector.metric(metric, route="tag", source="browser", status="304") == 1
    assert collector.metric(metric, route="tag", source="browser", status="405") == 1
    assert collector.metric(metric, route="static", source="", status="200") == 3
    assert collector.metric(metric, route="static", source="", status="405") == 1
