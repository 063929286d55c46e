"""Mapping scripts in the real collector: a sample of the corpus of tests/mapping (see
mapping_corpus.py) sent as browser events to /csc-event, the records read back from the published
Avro files and compared with the same expectations the mapping test tool is held to. The query of
each event (protocol.md §5.2), its mincode `u` (§7) and its checksum `x` (§6) are built here,
independently of the collector."""

import json
import urllib.parse

import pytest

from browser_protocol import base36, canonical_string, checksum, mincode, murmur3_32
from harness import GIF, Collector, exchange_until_close, parse_response
from mapping_corpus import REJECTED, corpus_names, corpus_paths, differences, load_cases

# Every corpus entry whose expectations hold for browser events as well. Excluded: entries that
# depend on what only the test tool does (a remote_host key, a duplicate flag given by the event,
# repeated identifiers that the collector would flag duplicate).
TOOL_ONLY = {
    "14-event-values": "remote_host, duplicate, repeated identifiers",
    "45-example-15-1": "remote_host",
}
SAMPLE = [name for name in corpus_names() if name not in TOOL_ONLY]

CLIENT_TIMESTAMP = 1414499908146  # i1t8q2b6


# ---- A case as a browser event ----

def event_params(case, index):
    """The decoded query parameters (in the tag's order) of a case's event."""
    event = case["event"]
    page_view = event.get("page_view_id", f"0:sample{index}")
    params = [
        ("p", event.get("party_id", "0:i1t84hgy:party")),
        ("s", event.get("session_id", "0:i1t84hgy:session")),
        ("v", page_view),
        ("e", event.get("event_id", page_view + "0")),
        ("c", base36(CLIENT_TIMESTAMP)),
        ("n", "t" if event.get("new_party_id") else "f"),
        ("f", "t" if event.get("first_in_session") else "f"),
    ]
    for key, param in (("location", "l"), ("referer", "r")):
        if key in event:
            params.append((param, event[key]))
    for key, param in (("screen_pixel_width", "i"), ("screen_pixel_height", "j"),
                       ("device_pixel_ratio", "k"), ("viewport_pixel_width", "w"),
                       ("viewport_pixel_height", "h")):
        if key in event:
            params.append((param, base36(event[key])))
    if "event_type" in event:
        params.append(("t", event["event_type"]))
    if event.get("parameters") is not None:
        params.append(("u", mincode(event["parameters"])))
    return params


def event_query(case, index):
    params = event_params(case, index)
    sum_ = checksum(params)
    if case["event"].get("corrupt"):
        sum_ = base36(int(sum_, 36) + 1)  # a mismatching checksum flags the event corrupt
    return "&".join(f"{name}={urllib.parse.quote(value, safe='')}"
                    for name, value in params + [("x", sum_)])


def send_event(port, case, index):
    head = f"GET /csc-event?{event_query(case, index)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for name, value in case.get("headers", {}).items():
        for line in (value if isinstance(value, list) else [value]):
            head += f"{name}: {line}\r\n"
    raw = exchange_until_close(port, (head + "Connection: close\r\n\r\n").encode("latin-1"))
    status, _, body = parse_response(raw)
    assert status == 200 and body == GIF, f"{case['name']}: {raw[:200]!r}"


def mapping_config(name):
    schema, script = corpus_paths(name)
    return Collector.default_config(
        extra="mapper { threads = 1 }\n    hdfs { threads = 1 }",
        mapping_extra=f"schema_file = {json.dumps(schema)}\n"
                      f"      mapping_script_file = {json.dumps(script)}")


# ---- Tests ----

def test_checksum_matches_the_vectors_of_protocol_md():
    vector1 = [("p", "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"),
               ("s", "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8"),
               ("v", "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF"),
               ("e", "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0"), ("c", "i1t8q2b6"), ("n", "f"),
               ("f", "f"), ("l", "http://localhost:8290/"), ("i", "1ak"), ("j", "sj"),
               ("k", "2"), ("w", "uq"), ("h", "qd"), ("t", "pageView")]
    assert canonical_string(vector1) == (
        "c=i1t8q2b6,;e=0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0,;f=f,;h=qd,;i=1ak,;j=sj,;k=2,;"
        "l=http://localhost:8290/,;n=f,;p=0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG,;"
        "s=0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8,;t=pageView,;"
        "v=0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF,;w=uq,;")
    assert checksum(vector1) == "si9804"
    vector2 = [("p", "0:i1t84hgy:party"), ("s", "0:i1t84hgy:session"), ("v", "0:pageView"),
               ("e", "0:eventId")] + vector1[4:13] + [("t", "ụñ⚕©ºḌℨ")]
    assert checksum(vector2) == "-ql2p2c"
    assert checksum(vector2[:-1] + [("t", "sentinelEvent")]) == "-y99lem"
    assert murmur3_32(b"") == 0 and murmur3_32(b"abc") == -1277324294  # 0xb3dd93fa


def test_mincode_matches_the_examples_of_protocol_md():
    assert mincode({"foo": "hello", "bar": 42}) == "(sfoo!hello!dbar!16!)"
    assert mincode("a!b~c") == "sa~!b~~c!"
    assert mincode([1, "x", True, None, None]) == "ad1!sx!tnn."
    assert mincode({"a": {"b": [1.5, -3]}}) == "((a!ab!j1.5!d-3!.))"
    assert mincode(123456789) == "d21i3v9!"
    assert mincode(1000000) == "dlfls!"
    assert mincode({"we!rd~": "x"}) == "(swe~!rd~~!x!)"
    assert mincode({"n": float("nan"), "e": {}, "l": []}) == "(nn!(e!)al!.)"
    assert mincode({"value": 59.9, "items": [{"sku": "A1", "qty": 2},
                                             {"sku": "B7", "color": "red"}]}) == \
        "(jvalue!59.9!aitems!(ssku!A1!dqty!2!)(ssku!B7!scolor!red!).)"  # mapping.md §15.3


@pytest.mark.parametrize("name", SAMPLE)
def test_corpus_sample_in_the_collector(name):
    cases = load_cases(name)
    keys = set()
    for index, case in enumerate(cases):
        params = dict(event_params(case, index))
        key = (params["p"], params["s"], params["e"])
        assert key not in keys, f"{case['name']}: would be flagged duplicate"
        keys.add(key)
    collector = Collector(mapping_config(name)).start()
    try:
        for index, case in enumerate(cases):
            send_event(collector.port, case, index)
    finally:
        assert collector.stop() == 0, collector.log()
    records = collector.records()
    expected = [case for case in cases if case["expect"] is not None and case["expect"] != REJECTED]
    assert len(records) == len(expected), (
        f"{len(records)} records for {len(expected)} expected ones:\n{records}\n" + collector.log())
    problems = []
    for case, record in zip(expected, records):
        ignored = set(case.get("ignore", ()))
        problems += [f"{case['name']}: {problem}" for problem in differences(
            {k: v for k, v in case["expect"].items() if k not in ignored},
            {k: v for k, v in record.items() if k not in ignored})]
    assert not problems, "\n".join(problems)
