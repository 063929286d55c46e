"""The JSON source (issue 5; protocol.md §8) against the real binary: one test per answer of the
validation table of §8.3, the event's values in the records (read back with python3-avro), and
back-pressure: a full queue answers 503 with Retry-After and nothing accepted is lost."""

import http.client
import json
import threading

import pytest

from harness import Collector, wait_until

PARTY = "0:is8tiwk4:GKv5gCc5TtrvBTs9bXfVD8KIQ3oO~sEg"
SESSION = "0:is8tiwk4:XLEUVj9hA6AXRUOp2zuIdUpaeFOC~7AU"
BODY = {"session_id": SESSION, "event_id": "AruZ~Em0WNlAnbyzVmwM~GR0cMb6Xl9r",
        "is_new_party": True, "is_new_session": True,
        "client_timestamp_iso": "2016-08-24T13:29:39.412+02:00",
        "event_type": "newUser", "parameters": {"channel": "google"}}


def config(extra="", source_extra="", sink_extra=""):
    return f"""
divolte {{
  global {{
    server {{ host = 127.0.0.1, port = 0 }}
    {extra}
  }}
  sources {{
    app {{ type = json, event_path = /json-source {source_extra} }}
  }}
  mappings {{
    default {{ sources = [app], sinks = [files] }}
  }}
  sinks {{
    files {{
      type = hdfs
      file_strategy {{ working_dir = "@WORKING@", publish_dir = "@PUBLISHED@" }}
      {sink_extra}
    }}
  }}
}}
"""


@pytest.fixture(scope="module")
def collector():
    running = Collector(config()).start()
    yield running
    running.stop()


def post(collector, body, party=PARTY, content_type="application/json; charset=utf-8",
         method="POST", path="/json-source", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", collector.port, timeout=10)
    all_headers = dict(headers or {})
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    target = path + (f"?p={party}" if party is not None else "")
    connection.request(method, target, body=data, headers=all_headers)
    response = connection.getresponse()
    result = (response.status, response.read().decode(), dict(response.getheaders()))
    connection.close()
    return result


def test_a_valid_event_is_accepted_with_204(collector):
    status, text, _ = post(collector, BODY)
    assert (status, text) == (204, "")


@pytest.mark.parametrize("body,reason", [
    ("", "Request body is empty."),
    ("{", "Request body is not valid JSON."),
    ("[1, 2]", "Request body must be a JSON object."),
    ({k: v for k, v in BODY.items() if k != "event_id"}, "Missing required property: event_id."),
    (dict(BODY, is_new_party="yes"), "Invalid value for property: is_new_party."),
    (dict(BODY, session_id="nope"), "Invalid session identifier."),
    (dict(BODY, client_timestamp_iso="2016-08-24T13:29:39"),
     "Invalid client_timestamp_iso; expected an ISO-8601 date-time with offset."),
])
def test_invalid_bodies_get_400_with_a_reason(collector, body, reason):
    status, text, _ = post(collector, body)
    assert (status, text) == (400, reason)


def test_a_missing_or_invalid_party_gets_400(collector):
    assert post(collector, BODY, party=None)[:2] == (400, "Missing or invalid party identifier.")
    assert post(collector, BODY, party="x")[:2] == (400, "Missing or invalid party identifier.")


def test_other_methods_get_405_with_allow(collector):
    status, _, headers = post(collector, "", method="PUT")
    assert status == 405 and headers["Allow"] == "POST"


def test_other_content_types_get_415(collector):
    assert post(collector, BODY, content_type="text/plain")[:2] == (
        415, "Content type must be application/json.")
    assert post(collector, BODY, content_type="application/json; charset=latin1")[0] == 415
    assert post(collector, BODY, content_type="application/json")[0] == 204


def test_bodies_over_the_rounded_limit_get_413(collector):
    filler = "x" * 3600  # the default limit: 4096 bytes
    assert post(collector, dict(BODY, parameters={"f": filler}))[0] == 204
    assert post(collector, dict(BODY, parameters={"f": filler + "x" * 600}))[0] == 413


def test_expect_100_continue_is_refused_before_the_body_when_the_head_is_wrong(collector):
    """§8.3 checks 1-4: 415 and 413 come instead of "100 Continue"."""
    import socket
    for head, expected in [
        ("Content-Type: text/plain\r\nContent-Length: 10\r\n", b"HTTP/1.1 415"),
        ("Content-Type: application/json\r\nContent-Length: 100000\r\n", b"HTTP/1.1 413"),
        ("Content-Type: application/json\r\nContent-Length: 2\r\n", b"HTTP/1.1 100 Continue"),
    ]:
        with socket.create_connection(("127.0.0.1", collector.port), timeout=10) as sock:
            sock.sendall((f"POST /json-source?p={PARTY} HTTP/1.1\r\nHost: x\r\n{head}"
                          "Expect: 100-continue\r\n\r\n").encode())
            assert sock.recv(4096).startswith(expected)


def test_records_carry_the_json_events_values(tmp_path):
    running = Collector(config()).start()
    assert post(running, BODY)[0] == 204
    wait_until(lambda: running.metric("divolte_mapping_records_total", mapping="default") == 1,
               message="the record")
    running.stop()
    [record] = running.records()
    assert record["partyId"] == PARTY
    assert record["sessionId"] == SESSION
    assert record["clientTimestamp"] == 1472038179412
    assert record["eventType"] == "newUser"
    assert record["firstInSession"] is True
    assert record["detectedCorruption"] is False
    assert record["location"] is None and record["pageViewId"] is None


def test_a_full_queue_answers_503_and_loses_nothing_accepted():
    """A mapper queue and a sink queue of one event, eight clients at once: some answers are 503
    with Retry-After; every 204 becomes a record, and every 503 is counted."""
    running = Collector(config(extra="mapper { buffer_size = 1, threads = 1 }\n"
                                     "hdfs { buffer_size = 1 }\n"
                                     "server { backpressure { retry_after = 1500 milliseconds } }"
                               )).start()
    statuses = []
    lock = threading.Lock()

    def client(worker):
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        for i in range(150):
            body = json.dumps(dict(BODY, event_id=f"e{worker}-{i}"))
            connection.request("POST", f"/json-source?p={PARTY}", body=body,
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read().decode()
            with lock:
                statuses.append((response.status, text, response.getheader("Retry-After")))
        connection.close()

    workers = [threading.Thread(target=client, args=(w,)) for w in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    accepted = sum(1 for status, _, _ in statuses if status == 204)
    refused = [s for s in statuses if s[0] != 204]
    assert accepted > 0 and refused, f"{accepted} accepted, {len(refused)} refused"
    assert set(refused) == {(503, "Event queue full; retry later.", "2")}
    wait_until(lambda: running.metric("divolte_mapping_records_total", mapping="default")
               == accepted, message="every accepted event mapped")
    assert running.metric("divolte_events_rejected_total", source="app",
                          reason="backpressure") == len(refused)
    running.stop()
    assert len(running.records()) == accepted


def chunked_post(collector, data, chunk=500):
    import socket
    with socket.create_connection(("127.0.0.1", collector.port), timeout=10) as sock:
        head = (f"POST /json-source?p={PARTY} HTTP/1.1\r\nHost: x\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        body = b"".join(f"{len(data[i:i + chunk]):x}\r\n".encode() + data[i:i + chunk] + b"\r\n"
                        for i in range(0, len(data), chunk)) + b"0\r\n\r\n"
        sock.sendall(head.encode() + body)
        return sock.recv(4096).split(b" ", 2)[1]


def test_chunked_bodies_are_accepted_up_to_the_limit(collector):
    small = json.dumps(dict(BODY, parameters={"f": "x" * 3000})).encode()
    large = json.dumps(dict(BODY, parameters={"f": "x" * 5000})).encode()
    assert chunked_post(collector, small) == b"204"
    assert chunked_post(collector, large) == b"413"
