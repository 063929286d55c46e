"""Browser events end to end: HTTP in, published Avro files out, read back with python3-avro."""

import socket
import threading

import pytest

from browser_protocol import base36
from harness import (GIF, VECTOR1_QUERY, Collector, exchange_until_close, header, http_exchange,
                     http_get, parse_response, read_responses, wait_until)

SENTINEL = '"6b3edc43-20ec-4078-bc47-e965dd76b88a"'


@pytest.fixture
def collector():
    running = Collector(Collector.default_config()).start()
    yield running
    if running.process.poll() is None:
        running.stop()


def test_beacon_is_answered_with_the_gif_and_recorded_exactly(collector):
    status, headers, body = http_get(collector.port, "/csc-event?" + VECTOR1_QUERY,
                                     "User-Agent: TestAgent/1.0\r\n")
    assert status == 200
    assert body == GIF and len(body) == 37
    assert header(headers, "Content-Type") == "image/gif"
    assert header(headers, "Content-Length") == "37"
    assert header(headers, "ETag") == SENTINEL
    assert header(headers, "Cache-Control") == "private, no-cache, proxy-revalidate"
    assert header(headers, "Pragma") == "no-cache"
    assert header(headers, "Expires") == "Fri, 14 Apr 1995 11:30:00 GMT"
    assert header(headers, "Server") == "divolte"
    assert header(headers, "Date").endswith(" GMT")
    assert header(headers, "Set-Cookie") is None

    assert collector.stop() == 0
    records = collector.records()
    assert len(records) == 1
    record = records[0]
    assert record["detectedDuplicate"] is False
    assert record["detectedCorruption"] is False
    assert record["firstInSession"] is False
    assert record["clientTimestamp"] == 1414499908146
    assert record["remoteHost"] == "127.0.0.1"
    assert record["referer"] is None
    assert record["location"] == "http://localhost:8290/"
    assert (record["viewportPixelWidth"], record["viewportPixelHeight"]) == (1106, 949)
    assert (record["screenPixelWidth"], record["screenPixelHeight"]) == (1676, 1027)
    assert record["partyId"] == "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"
    assert record["sessionId"] == "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8"
    assert record["pageViewId"] == "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF"
    assert record["eventType"] == "pageView"
    assert record["userAgentString"] == "TestAgent/1.0"
    # No uap-core rule knows this agent (enrich.md §3.4).
    assert [record[name] for name in (
        "userAgentName", "userAgentFamily", "userAgentVendor", "userAgentType",
        "userAgentVersion", "userAgentDeviceCategory", "userAgentOsFamily", "userAgentOsVersion",
        "userAgentOsVendor")] == ["unknown", "unknown", "", "", "", "", "", "", ""]
    assert not collector.partial_files()


def test_header_bytes_above_ascii_are_read_as_latin1(collector):
    request = (f"GET /csc-event?{VECTOR1_QUERY} HTTP/1.1\r\n".encode() +
               b"User-Agent: Caf\xe9/1.0\r\nConnection: close\r\n\r\n")
    assert parse_response(http_exchange(collector.port, request)[0])[0] == 200
    assert collector.stop() == 0
    [record] = collector.records()
    assert record["userAgentString"] == "Caf\u00e9/1.0"


def test_identifiers_are_normalised_and_event_type_defaults_to_unknown(collector):
    query = ("p=0:I1T84HGY:abc&s=0:%2B00i1t84hgy:def&v=pv&e=ev&c=i1t8q2b6&n=t&f=t&x=1")
    assert http_get(collector.port, "/csc-event?" + query)[0] == 200
    assert collector.stop() == 0
    [record] = collector.records()
    assert record["partyId"] == "0:i1t84hgy:abc"
    assert record["sessionId"] == "0:i1t84hgy:def"
    assert record["eventType"] == "unknown"
    assert record["firstInSession"] is True
    assert record["detectedCorruption"] is True  # the checksum does not match
    assert record["userAgentString"] is None


def test_sentinel_etag_gets_304_and_is_not_recorded(collector):
    status, headers, body = http_get(collector.port, "/csc-event?" + VECTOR1_QUERY,
                                     f"If-None-Match: W/{SENTINEL}\r\n")
    assert status == 304
    assert body == b""
    assert header(headers, "ETag") == SENTINEL
    assert header(headers, "Content-Type") == "image/gif"
    assert header(headers, "Content-Length") is None
    assert collector.metric("divolte_events_rejected_total", source="browser",
                            reason="not_modified") == 1
    assert collector.stop() == 0
    assert collector.records() == []


def test_invalid_party_id_still_gets_the_gif_but_is_counted_not_recorded(collector):
    for party in ["1:i1t84hgy:abc", "0::abc", "0:zzzzzzzzzzzzzzz:abc", ""]:
        status, _, body = http_get(collector.port, f"/csc-event?p={party}&s=0:1:a&v=v&e=e&c=1&n=f&f=f")
        assert (status, body) == (200, GIF)
    status, _, body = http_get(collector.port, "/csc-event?s=0:1:a")
    assert (status, body) == (200, GIF)
    assert collector.metric("divolte_events_rejected_total", source="browser",
                            reason="invalid_party_id") == 5
    assert collector.stop() == 0
    assert collector.records() == []


def test_malformed_query_gets_400(collector):
    status, _, body = http_get(collector.port, "/csc-event?p=0:1:a&bad=%zz")
    assert (status, body) == (400, b"")
    too_many = "&".join(f"a{i}=1" for i in range(1001))
    raw = http_exchange(collector.port,
                        f"GET /csc-event?p=0:1:a&{too_many} HTTP/1.1\r\n\r\n".encode())
    status, headers, _ = parse_response(raw[0])
    assert status == 400 and header(headers, "Connection") == "close"  # a protocol limit
    assert collector.metric("divolte_events_rejected_total", source="browser",
                            reason="malformed_query") == 2
    assert collector.stop() == 0
    assert collector.records() == []


def test_events_missing_required_parameters_are_dropped_with_a_reason(collector):
    base = {"p": "0:1:a", "s": "0:1:b", "v": "v", "e": "e", "c": "1", "n": "f", "f": "f"}
    cases = {"s": "invalid_session_id", "v": "missing_page_view_id", "e": "missing_event_id",
             "c": "invalid_client_timestamp", "n": "missing_new_party_flag",
             "f": "missing_first_in_session_flag"}
    for missing in cases:
        query = "&".join(f"{k}={v}" for k, v in base.items() if k != missing)
        assert http_get(collector.port, "/csc-event?" + query)[0] == 200
    assert http_get(collector.port, "/csc-event?" + "&".join(
        f"{k}={v}" for k, v in {**base, "c": "not-base36"}.items()))[0] == 200
    wait_until(lambda: collector.metric("divolte_events_dropped_total", source="browser",
                                        reason="invalid_client_timestamp") == 2,
               message="the mapper to drop the events")
    for reason in cases.values():
        expected = 2 if reason == "invalid_client_timestamp" else 1
        assert collector.metric("divolte_events_dropped_total", source="browser",
                                reason=reason) == expected
    assert collector.metric("divolte_events_received_total", source="browser") == 7
    assert collector.stop() == 0
    assert collector.records() == []


def test_a_repeated_event_is_flagged_duplicate(collector):
    for _ in range(2):
        assert http_get(collector.port, "/csc-event?" + VECTOR1_QUERY)[0] == 200
    assert collector.stop() == 0
    records = collector.records()
    assert [r["detectedDuplicate"] for r in records] == [False, True]


def test_ping_unknown_paths_and_wrong_methods(collector):
    status, headers, body = http_get(collector.port, "/ping")
    assert (status, body) == (200, b"pong")
    assert header(headers, "Content-Type") == "text/plain; charset=utf-8"
    raw = http_exchange(collector.port, b"POST /ping HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
    assert parse_response(raw[0])[2] == b"pong"
    assert http_get(collector.port, "/nothing-here")[0] == 404
    assert http_get(collector.port, "/other.js")[0] == 404  # the tag: test_tag_serving.py
    raw = http_exchange(collector.port, b"POST /csc-event HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
    status, headers, body = parse_response(raw[0])
    assert status == 405
    assert header(headers, "Allow") == "GET"
    assert body == b"HTTP method POST not allowed."
    raw = exchange_until_close(collector.port,
                               b"HEAD /csc-event HTTP/1.1\r\nConnection: close\r\n\r\n")
    status, headers, body = parse_response(raw)
    assert (status, body) == (405, b"")  # HEAD: the length of the text, not the text
    assert header(headers, "Content-Length") == str(len("HTTP method HEAD not allowed."))
    assert http_get(collector.port, "//./csc-event?" + VECTOR1_QUERY)[0] == 200  # canonical path
    assert collector.stop() == 0
    assert len(collector.records()) == 1


def test_metrics_count_http_responses(collector):
    http_get(collector.port, "/csc-event?" + VECTOR1_QUERY)
    http_get(collector.port, "/missing")
    samples = collector.metrics()
    assert samples[("divolte_http_requests_total",
                    frozenset({("route", "event"), ("source", "browser"), ("status", "200")}))] == 1
    assert samples[("divolte_http_requests_total",
                    frozenset({("route", "not_found"), ("source", ""), ("status", "404")}))] == 1
    wait_until(lambda: collector.metric("divolte_events_processed_total", source="browser") == 1)
    assert collector.metric("divolte_build_info", version="0.1.0") == 1
    assert collector.stop() == 0


def test_pipelined_requests_are_all_answered_in_order(collector):
    requests = b"".join(
        f"GET /csc-event?{VECTOR1_QUERY.replace('t=pageView', f't=ev{i}')} HTTP/1.1\r\n"
        f"Host: x\r\n\r\n".encode() for i in range(50))
    with socket.create_connection(("127.0.0.1", collector.port), timeout=10) as connection:
        connection.sendall(requests)
        responses = read_responses(connection, 50)
    assert len(responses) == 50
    assert all(parse_response(r)[2] == GIF for r in responses)
    assert collector.stop() == 0
    assert [r["eventType"] for r in collector.records()] == [f"ev{i}" for i in range(50)]


def test_twenty_thousand_events_over_sixteen_keep_alive_connections():
    """20,000 requests over 16 keep-alive connections; every 50th re-sends the sentinel ETag
    and must not be recorded. Every other event must arrive exactly once with its values."""
    collector = Collector(Collector.default_config(
        extra="mapper { threads = 2 }\n    hdfs { threads = 3 }",
        sink_extra=", sync_file_after_records = 500")).start()
    connections, per_connection = 16, 1250
    expected = {}
    not_modified = 0
    lock = threading.Lock()
    failures = []

    def run(connection_index):
        nonlocal not_modified
        try:
            with socket.create_connection(("127.0.0.1", collector.port), timeout=30) as sock:
                for i in range(per_connection):
                    n = connection_index * per_connection + i
                    party = f"0:i1t84hgy:party{n % 97}"
                    query = (f"p={party}&s=0:i1t84hgy:session{connection_index}&v=pv{n}&e=ev{n}"
                             f"&c=i1t8q2b6&n=f&f=f&l=http%3A%2F%2Fexample.com%2F{n}&w={base36(n % 5000)}"
                             f"&t=type{n}")
                    sentinel = n % 50 == 0
                    extra = f"If-None-Match: {SENTINEL}\r\n" if sentinel else ""
                    sock.sendall(f"GET /csc-event?{query} HTTP/1.1\r\nHost: x\r\n{extra}\r\n"
                                 .encode())
                    [raw] = read_responses(sock, 1)
                    status = parse_response(raw)[0]
                    with lock:
                        if sentinel:
                            assert status == 304
                            not_modified += 1
                        else:
                            assert status == 200
                            expected[f"ev{n}"] = (party, f"type{n}", n % 5000,
                                                  f"http://example.com/{n}")
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert not_modified == 400

    # operations.md §5 accounting identities, once the queues are empty.
    accepted = 20000 - not_modified
    wait_until(lambda: collector.metric("divolte_events_processed_total", source="browser")
               == accepted, message="every event to be mapped")

    def sink_accounts():
        m = collector.metrics()
        depth = sum(v for (name, labels), v in m.items()
                    if name == "divolte_sink_queue_depth" and ("sink", "files") in labels)
        enqueued = m[("divolte_sink_enqueued_total", frozenset({("sink", "files")}))]
        delivered = m[("divolte_sink_delivered_total", frozenset({("sink", "files")}))]
        pending = m[("divolte_sink_pending_records", frozenset({("sink", "files")}))]
        return depth == 0 and enqueued == accepted and enqueued == delivered + pending

    wait_until(sink_accounts, message="enqueued = delivered + pending")
    assert collector.metric("divolte_events_received_total", source="browser") == accepted
    assert collector.metric("divolte_mapping_records_total", mapping="default") == accepted
    assert collector.metric("divolte_events_rejected_total", source="browser",
                            reason="not_modified") == not_modified
    assert collector.stop() == 0
    records = collector.records()
    assert len(records) == 20000 - not_modified
    seen = {}
    for record in records:
        event_id = "ev" + record["pageViewId"][2:]
        seen[event_id] = (record["partyId"], record["eventType"], record["viewportPixelWidth"],
                          record["location"])
        assert record["detectedCorruption"] is True  # no checksum was sent
    assert seen == expected
