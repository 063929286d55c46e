"""A many-to-many topology end to end (issue 5): two browser sources (prefixes /a/ and /b/), one
JSON source, three scripted mappings and three local file sinks, wired

    m1: sources [a, json] -> sinks [s1, s2], discard_duplicates = true
    m2: sources [b, json] -> sinks [s2]                  (same schema_file as m1: config.md rule 3)
    m3: sources [a, b]    -> sinks [s3], discard_corrupted = true   (its own schema)

A known mix of events is sent (valid, corrupt and repeated browser events, valid and invalid JSON
events, browser events dropped at the mapper stage); the records every sink must hold are computed
here from what was sent and the routing (config.md §6.5, enrich.md §1-§2, protocol.md §5-§8), and
compared exactly with the published Avro files (read with python3-avro), together with the
counters of /metrics before stopping and the per-party order within each sink file (sinks.md §1.2,
operations.md §1.3)."""

import collections
import glob
import http.client
import json
import os
import random
import re
import urllib.parse

import pytest

from dump_avro import read_records
from harness import GIF, Collector, wait_until
from browser_protocol import base36, checksum, murmur3_32

MAPPER_THREADS = 2
SINK_THREADS = 2
CLIENT_TIMESTAMP = 1414499908146

# (name, sources, sinks, discard_corrupted, discard_duplicates), in configuration order.
MAPPINGS = [
    ("m1", ("a", "json"), ("s1", "s2"), False, True),
    ("m2", ("b", "json"), ("s2",), False, False),
    ("m3", ("a", "b"), ("s3",), True, False),
]
SINKS = ("s1", "s2", "s3")
SOURCES = ("a", "b", "json")

SCHEMA_12 = {
    "type": "record", "name": "TopologyRecord", "namespace": "test",
    "fields": [
        {"name": "marker", "type": "string"},
        {"name": "partyId", "type": "string"},
        {"name": "sessionId", "type": "string"},
        {"name": "eventId", "type": "string"},
        {"name": "corrupt", "type": "boolean"},
        {"name": "duplicate", "type": "boolean"},
    ]}
# m3 feeds s3 alone and has a schema of its own (other record name, other field order).
SCHEMA_3 = {
    "type": "record", "name": "OtherRecord", "namespace": "test.other",
    "fields": [
        {"name": "eventId", "type": "string"},
        {"name": "duplicate", "type": "boolean"},
        {"name": "corrupt", "type": "boolean"},
        {"name": "marker", "type": "string"},
        {"name": "sessionId", "type": "string"},
        {"name": "partyId", "type": "string"},
        {"name": "eventType", "type": ["null", "string"], "default": None},
    ]}

SCRIPT = """mapping {{
  map '{marker}' onto 'marker'
  map partyId() onto 'partyId'
  map sessionId() onto 'sessionId'
  map eventId() onto 'eventId'
  map corrupt() onto 'corrupt'
  map duplicate() onto 'duplicate'{extra}
}}
"""

# Party ids as sent, and their normalised form (protocol.md §4.1). The last one is sent
# non-canonically (upper-case timestamp) to check that records, the duplicate memory and the
# affinity use the normalised value.
PARTIES = [(f"0:i1t84hgy:party{i}", f"0:i1t84hgy:party{i}") for i in range(7)] + [
    ("0:I1T84HGY:Party7", "0:i1t84hgy:Party7")]
SESSIONS = [(f"0:i1t84hgy:session{i}", f"0:i1t84hgy:session{i}") for i in range(7)] + [
    ("0:+0I1T84HGY:Session7", "0:i1t84hgy:Session7")]


def affinity(normalised_party):
    return murmur3_32(normalised_party.encode("utf-8"), seed=42) & 0x7fffffff


def config(tmp):
    schema_12 = os.path.join(tmp, "record12.avsc")
    schema_3 = os.path.join(tmp, "record3.avsc")
    with open(schema_12, "w") as out:
        json.dump(SCHEMA_12, out)
    with open(schema_3, "w") as out:
        json.dump(SCHEMA_3, out)
    mappings = ""
    for name, sources, sinks, discard_corrupted, discard_duplicates in MAPPINGS:
        script = os.path.join(tmp, f"{name}.groovy")
        extra = "\n  map eventType() onto 'eventType'" if name == "m3" else ""
        with open(script, "w") as out:
            out.write(SCRIPT.format(marker=name, extra=extra))
        mappings += f"""
    {name} {{
      sources = [{", ".join(sources)}]
      sinks = [{", ".join(sinks)}]
      schema_file = {json.dumps(schema_3 if name == "m3" else schema_12)}
      mapping_script_file = {json.dumps(script)}
      discard_corrupted = {str(discard_corrupted).lower()}
      discard_duplicates = {str(discard_duplicates).lower()}
    }}"""
    sinks = ""
    for name in SINKS:
        for kind in ("working", "published"):
            os.makedirs(os.path.join(tmp, name, kind))
        sinks += f"""
    {name} {{
      type = hdfs
      file_strategy {{
        working_dir = {json.dumps(os.path.join(tmp, name, "working"))}
        publish_dir = {json.dumps(os.path.join(tmp, name, "published"))}
      }}
    }}"""
    return f"""
divolte {{
  global {{
    server {{ host = 127.0.0.1, port = 0 }}
    mapper {{ threads = {MAPPER_THREADS} }}
    hdfs {{ threads = {SINK_THREADS} }}
  }}
  sources {{
    a {{ type = browser, prefix = /a/ }}
    b {{ type = browser, prefix = /b }}  # "/" appended (config.md §6.4)
    json {{ type = json, event_path = /json }}
  }}
  mappings {{{mappings}
  }}
  sinks {{{sinks}
  }}
}}
"""


# ---- The plan: what is sent, in which order, and what each send means ----

class Send:
    """One request. kind: "event" (a browser event or a JSON event answered 204), "dropped"
    (a browser event dropped at the mapper stage: `reason`), "rejected" (a browser event with an
    invalid party id, or a JSON event answered 400: `reason`)."""

    def __init__(self, source, party, event_id, kind="event", corrupt=False, reason=None,
                 variant=None):
        self.source, self.party, self.event_id = source, party, event_id
        self.kind, self.corrupt, self.reason, self.variant = kind, corrupt, reason, variant


INVALID_JSON = [  # (variant, expected 400 text, rejection reason)
    ("no_session", "Missing required property: session_id.", "invalid_body"),
    ("bad_session", "Invalid session identifier.", "invalid_body"),
    ("bad_timestamp",
     "Invalid client_timestamp_iso; expected an ISO-8601 date-time with offset.", "invalid_body"),
    ("not_json", "Request body is not valid JSON.", "invalid_body"),
    ("no_party", "Missing or invalid party identifier.", "invalid_party_id"),
]
DROPPED_BROWSER = [  # (variant, drop reason)
    ("bad_timestamp", "invalid_client_timestamp"),
    ("no_page_view", "missing_page_view_id"),
]


def plan():
    """Every send, in order. Per (party, source): fresh events, some corrupt, and repeats of
    earlier ones (with the original or a wrong checksum); failed attempts that carry the
    identifiers of a later fresh event (they must not enter the duplicate memory)."""
    rng = random.Random(5)
    streams = []
    failures = collections.Counter()
    for index in range(len(PARTIES)):
        for source in SOURCES:
            stream = []
            sent = []
            prefix = {"a": "a", "b": "b", "json": "j"}[source]
            for k in range(rng.randint(4, 6)):
                event_id = f"{prefix}-{index}-{k}"
                if k == 1 and (source == "json" or (index + len(source)) % 2 == 0):
                    # A failed attempt with this event's identifiers first.
                    failures[source] += 1
                    if source == "json":
                        variant, _, reason = INVALID_JSON[failures[source] % len(INVALID_JSON)]
                        stream.append(Send(source, index, event_id, "rejected",
                                           reason=reason, variant=variant))
                    else:
                        variant, reason = DROPPED_BROWSER[failures[source] %
                                                          len(DROPPED_BROWSER)]
                        stream.append(Send(source, index, event_id, "dropped",
                                           reason=reason, variant=variant))
                corrupt = source != "json" and rng.random() < 0.3
                stream.append(Send(source, index, event_id, corrupt=corrupt))
                sent.append((event_id, corrupt))
                while rng.random() < 0.35:
                    again, was_corrupt = rng.choice(sent)
                    corrupt = source != "json" and (was_corrupt or rng.random() < 0.3)
                    stream.append(Send(source, index, again, corrupt=corrupt))
            streams.append(stream)
    # A browser beacon with an invalid party id: a GIF, nothing recorded.
    streams.append([Send("a", None, "a-x", "rejected", reason="invalid_party_id")])
    # Interleave the streams at random, each stream in its own order.
    sends = []
    while any(streams):
        stream = rng.choice([s for s in streams if s])
        sends.append(stream.pop(0))
    return sends


def expected_outcome(sends):
    """The records of every sink (in send order, mappings in configuration order) and the counters
    of /metrics, from the sends and the routing."""
    seen = set()
    records = {sink: [] for sink in SINKS}
    produced = collections.Counter()
    counters = collections.Counter()
    for send in sends:
        source = send.source
        if send.kind == "rejected":
            counters[("divolte_events_rejected_total", source, send.reason)] += 1
            continue
        counters[("divolte_events_received_total", source)] += 1
        if send.kind == "dropped":
            counters[("divolte_events_dropped_total", source, send.reason)] += 1
            continue
        counters[("divolte_events_processed_total", source)] += 1
        party = PARTIES[send.party][1]
        session = SESSIONS[send.party][1]
        key = (party, session, send.event_id)
        duplicate = key in seen
        seen.add(key)
        counters[("divolte_events_corrupt_total", source)] += send.corrupt
        counters[("divolte_events_duplicate_total", source)] += duplicate
        for name, sources, sinks, discard_corrupted, discard_duplicates in MAPPINGS:
            if source not in sources:
                continue
            if discard_corrupted and send.corrupt:
                counters[("divolte_mapping_discarded_total", name, "corrupt")] += 1
                continue
            if discard_duplicates and duplicate:
                counters[("divolte_mapping_discarded_total", name, "duplicate")] += 1
                continue
            produced[name] += 1
            record = (name, party, session, send.event_id, send.corrupt, duplicate)
            for sink in sinks:
                records[sink].append(record)
    for name, *_ in MAPPINGS:
        counters[("divolte_mapping_records_total", name)] = produced[name]
    for sink in SINKS:
        counters[("divolte_sink_enqueued_total", sink)] = len(records[sink])
    return records, counters


# ---- Sending ----

def browser_query(send):
    party_sent, _ = PARTIES[send.party]
    session_sent, _ = SESSIONS[send.party]
    params = [("p", party_sent), ("s", session_sent), ("v", f"0:pv{send.party}"),
              ("e", send.event_id), ("c", base36(CLIENT_TIMESTAMP + send.party)),
              ("n", "f"), ("f", "f"), ("l", f"http://localhost/{send.source}/"),
              ("t", "pageView")]
    if send.variant == "bad_timestamp":
        params[4] = ("c", "not*base36")
    elif send.variant == "no_page_view":
        del params[2]
    sum_ = checksum(params)
    if send.corrupt:
        sum_ = base36(int(sum_, 36) + 1)  # a mismatching checksum flags the event corrupt
    return "&".join(f"{name}={urllib.parse.quote(value, safe='')}"
                    for name, value in params + [("x", sum_)])


def json_body(send):
    body = {"session_id": SESSIONS[send.party][0], "event_id": send.event_id,
            "is_new_party": False, "is_new_session": False,
            "client_timestamp_iso": "2016-08-24T13:29:39.412+02:00", "event_type": "json"}
    if send.variant == "no_session":
        del body["session_id"]
    elif send.variant == "bad_session":
        body["session_id"] = "1:i1t84hgy:x"
    elif send.variant == "bad_timestamp":
        body["client_timestamp_iso"] = "2016-08-24T13:29:39"
    elif send.variant == "not_json":
        return '{"event_id": "' + send.event_id + '",'
    return json.dumps(body)


def deliver(connection, send):
    if send.source == "json":
        party = PARTIES[send.party][0]
        target = "/json" if send.variant == "no_party" else \
            "/json?p=" + urllib.parse.quote(party, safe="")
        connection.request("POST", target, body=json_body(send),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read().decode()
        if send.kind == "rejected":
            expected = {v: t for v, t, _ in INVALID_JSON}[send.variant]
            assert (response.status, text) == (400, expected), send.event_id
        else:
            assert (response.status, text) == (204, ""), send.event_id
        return
    if send.party is None:
        query = "p=bogus&s=0%3Ai1t84hgy%3As&v=v&e=a-x&c=1&n=f&f=f"
    else:
        query = browser_query(send)
    connection.request("GET", f"/{send.source}/csc-event?{query}")
    response = connection.getresponse()
    body = response.read()
    assert (response.status, body) == (200, GIF), send.event_id


# ---- Reading back ----

def published_files(directory):
    """A sink's published files in creation order: <yyyyMMddHHmmss>-divolte-tracking-<host>-<n>
    (sinks.md §2.1)."""
    def order(path):
        match = re.match(r"^(\d{14})-divolte-tracking-.*-(\d+)\.avro$", os.path.basename(path))
        assert match, path
        return match.group(1), int(match.group(2))
    return sorted(glob.glob(os.path.join(directory, "*.avro")), key=order)


def as_tuple(record):
    return (record["marker"], record["partyId"], record["sessionId"], record["eventId"],
            record["corrupt"], record["duplicate"])


def source_of(event_id):
    return {"a": "a", "b": "b", "j": "json"}[event_id.split("-")[0]]


# ---- The test ----

@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Sends the plan to one collector; returns (sends, metrics before stopping, exit status,
    {sink: [records of each published file]}, collector)."""
    tmp = str(tmp_path_factory.mktemp("topology"))
    sends = plan()
    records, counters = expected_outcome(sends)
    collector = Collector(config(tmp), workdir=tmp).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", collector.port, timeout=10)
        for send in sends:
            deliver(connection, send)
        connection.close()

        # Settled when every mapping has handled every event of its sources and every record
        # produced has been offered to its sinks (operations.md §5, accounting identities); the
        # exact values are compared by the tests.
        handled = sum(counters[("divolte_events_processed_total", source)]
                      for _, sources, _, _, _ in MAPPINGS for source in sources)

        def settled():
            metrics = collector.metrics()

            def total(name, **labels):
                return sum(v for (n, l), v in metrics.items()
                           if n == name and set(labels.items()) <= l)
            offered = sum(total("divolte_mapping_records_total", mapping=name) * len(sinks)
                          for name, _, sinks, _, _ in MAPPINGS)
            return (total("divolte_mapping_records_total") +
                    total("divolte_mapping_discarded_total") +
                    total("divolte_mapping_failures_total") >= handled and
                    total("divolte_sink_enqueued_total") +
                    total("divolte_sink_dropped_total") >= offered)
        wait_until(settled, timeout=30, message="every event mapped and every record enqueued")
        metrics = collector.metrics()
    finally:
        status = collector.stop()
    files = {sink: [read_records([path]) for path in
                    published_files(os.path.join(tmp, sink, "published"))] for sink in SINKS}
    return {"sends": sends, "records": records, "counters": counters, "metrics": metrics,
            "status": status, "files": files, "tmp": tmp, "collector": collector}


def test_the_plan_covers_what_it_should(run):
    """A check of the test itself: every kind of event occurs on every source where it can, and
    the parties spread over both mapper threads and both threads of every sink."""
    sends = run["sends"]
    for source in SOURCES:
        events = [s for s in sends if s.source == source and s.kind == "event"]
        assert len(events) >= 20
        keys = [(s.party, s.event_id) for s in events]
        assert len(set(keys)) < len(keys), f"no repeated event on {source}"
        if source != "json":
            assert any(s.corrupt for s in events) and not all(s.corrupt for s in events)
            repeats = [s for n, s in enumerate(events) if (s.party, s.event_id) in keys[:n]]
            assert {s.corrupt for s in repeats} == {False, True}, source
            assert any(s.kind == "dropped" for s in sends if s.source == source)
    assert {v for s in sends if s.kind == "rejected" for v in [s.variant]} >= {
        v for v, _, _ in INVALID_JSON}
    residues = {affinity(normalised) % MAPPER_THREADS for _, normalised in PARTIES}
    assert residues == set(range(MAPPER_THREADS))
    assert {affinity(n) % SINK_THREADS for _, n in PARTIES} == set(range(SINK_THREADS))


def test_metrics_before_stopping_match_the_sends(run):
    metrics = run["metrics"]

    def value(key):
        name, *labels = key
        if name.startswith("divolte_events_"):
            names = ("source", "reason")
        elif name.startswith("divolte_mapping_"):
            names = ("mapping", "reason")
        else:
            names = ("sink", "reason")
        return metrics.get((name, frozenset(zip(names, labels))), 0.0)

    expected = dict(run["counters"])
    # Zeros that matter: m1 keeps corrupt events, m2 discards nothing, m3 keeps duplicates;
    # nothing is dropped at the sinks and no mapping fails.
    for mapping, reason in [("m1", "corrupt"), ("m2", "corrupt"), ("m2", "duplicate"),
                            ("m3", "duplicate"), ("m1", "drop"), ("m2", "drop"), ("m3", "drop")]:
        expected.setdefault(("divolte_mapping_discarded_total", mapping, reason), 0)
    for source in SOURCES:
        expected.setdefault(("divolte_events_dropped_total", source, "queue_full"), 0)
        expected.setdefault(("divolte_events_corrupt_total", source), 0)
    actual = {key: value(key) for key in expected}
    assert actual == expected
    for name in ("divolte_mapping_failures_total", "divolte_sink_dropped_total"):
        assert not {k: v for k, v in metrics.items() if k[0] == name and v}, name


def test_every_sink_holds_exactly_the_expected_records(run):
    assert run["status"] == 0, run["collector"].log()
    for sink in SINKS:
        leftovers = os.listdir(os.path.join(run["tmp"], sink, "working"))
        assert leftovers == [], f"{sink}: {leftovers}"
        actual = collections.Counter(as_tuple(r) for f in run["files"][sink] for r in f)
        expected = collections.Counter(run["records"][sink])
        missing, unexpected = expected - actual, actual - expected
        assert (sink, sum(actual.values()), missing, unexpected) == (
            sink, sum(expected.values()), collections.Counter(), collections.Counter())


def test_records_carry_the_schema_of_their_mapping(run):
    for sink in ("s1", "s2"):
        for records in run["files"][sink]:
            assert all(set(r) == {f["name"] for f in SCHEMA_12["fields"]} for r in records)
    for records in run["files"]["s3"]:
        assert all(set(r) == {f["name"] for f in SCHEMA_3["fields"]} for r in records)
        assert all(r["eventType"] == "pageView" for r in records)


def test_each_partys_records_keep_their_send_order_in_every_sink(run):
    """All records of one party in one sink come from one sink thread (one file here: no roll),
    that thread is the party's affinity thread, and the records of one (party, source) are in
    send order, the records of one event in mapping configuration order."""
    for sink in SINKS:
        files = run["files"][sink]
        assert 1 <= len(files) <= SINK_THREADS, f"{sink}: {len(files)} files"
        where = {}
        for number, records in enumerate(files):
            parties = {r["partyId"] for r in records}
            assert len({affinity(p) % SINK_THREADS for p in parties}) == 1, \
                f"{sink}: file {number} mixes sink threads: {sorted(parties)}"
            for party in parties:
                assert where.setdefault(party, number) == number, \
                    f"{sink}: {party} in two files"
        checked = 0
        for party in {r[1] for r in run["records"][sink]}:
            in_file = [as_tuple(r) for r in files[where[party]] if r["partyId"] == party]
            for source in SOURCES:
                actual = [t for t in in_file if source_of(t[3]) == source]
                expected = [t for t in run["records"][sink]
                            if t[1] == party and source_of(t[3]) == source]
                assert actual == expected, f"{sink}, {party}, source {source}"
                checked += len(expected) > 1
        assert checked >= len(PARTIES), sink
