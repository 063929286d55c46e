"""The Kafka sink in the real collector (issue 7) against librdkafka's mock cluster (the real
Kafka protocol over TCP, tests/kafka/kafka_mock_cluster.cc): records consumed back with
confluent-kafka and decoded with python3-avro in both modes; keys, timestamps and Java-compatible
partitions; an outage shorter than the buffer loses nothing, a longer one loses exactly the
counted drops; confluent mode without or with mismatching ids stops start-up."""

import io
import json
import urllib.request

import avro.io
import avro.schema

from harness import Collector, VECTOR1_QUERY, wait_until
from kafka_harness import MockCluster, consume, java_partition

PARTITIONS = 6

# schema.md §1, the built-in DefaultEventRecord: what the default mapping writes.
DEFAULT_SCHEMA = avro.schema.parse(json.dumps({
    "type": "record", "name": "DefaultEventRecord", "namespace": "io.divolte.record",
    "fields": [
        {"name": "detectedDuplicate", "type": "boolean"},
        {"name": "detectedCorruption", "type": "boolean"},
        {"name": "firstInSession", "type": "boolean"},
        {"name": "timestamp", "type": "long"},
        {"name": "clientTimestamp", "type": "long"},
        {"name": "remoteHost", "type": "string"},
        *[{"name": n, "type": ["null", "string"], "default": None} for n in ("referer", "location")],
        *[{"name": n, "type": ["null", "int"], "default": None}
          for n in ("viewportPixelWidth", "viewportPixelHeight", "screenPixelWidth",
                    "screenPixelHeight")],
        *[{"name": n, "type": ["null", "string"], "default": None}
          for n in ("partyId", "sessionId", "pageViewId")],
        {"name": "eventType", "type": "string", "default": "unknown"},
        *[{"name": n, "type": ["null", "string"], "default": None}
          for n in ("userAgentString", "userAgentName", "userAgentFamily", "userAgentVendor",
                    "userAgentType", "userAgentVersion", "userAgentDeviceCategory",
                    "userAgentOsFamily", "userAgentOsVersion", "userAgentOsVendor")],
    ]}))


def decode(value):
    return avro.io.DatumReader(DEFAULT_SCHEMA).read(avro.io.BinaryDecoder(io.BytesIO(value)))


def kafka_config(bootstrap, mode="naked", confluent_id=None, kafka_extra="", extra=""):
    confluent = f"confluent_id = {confluent_id}" if confluent_id is not None else ""
    return f"""
divolte {{
  global {{
    server {{ host = 127.0.0.1, port = 0 }}
    kafka {{
      enabled = true
      producer {{ bootstrap.servers = "{bootstrap}", message.timeout.ms = 2000 }}
      {kafka_extra}
    }}
    {extra}
  }}
  sources {{ browser {{ type = browser }} }}
  mappings {{ default {{ sources = [browser], sinks = [kafka], {confluent} }} }}
  sinks {{ kafka {{ type = kafka, topic = clicks, mode = {mode} }} }}
}}
"""


def send(collector, number):
    """A beacon of its own party (the Kafka key) and event."""
    party = f"0:i1t84hgy:party{number}"
    query = VECTOR1_QUERY.replace("p=0%3Ai1t84hgy%3A5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG",
                                  "p=" + party.replace(":", "%3A"))
    query = query.replace("e=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0", f"e=event{number}")
    with urllib.request.urlopen(collector.url("/csc-event?" + query), timeout=10) as response:
        assert response.status == 200
    return party


def delivered(collector):
    return collector.metric("divolte_sink_delivered_total", sink="kafka")


def test_naked_records_keys_timestamps_and_partitions():
    with MockCluster(brokers=3, topics={"clicks": PARTITIONS}) as cluster:
        collector = Collector(kafka_config(cluster.bootstrap)).start()
        parties = [send(collector, n) for n in range(30)]
        wait_until(lambda: delivered(collector) == 30, timeout=30, message="30 deliveries")
        # Every delivery report is counted, with its latency from arrival.
        assert collector.metric("divolte_sink_delivery_latency_seconds_count", sink="kafka") == 30
        assert collector.stop() == 0
        records = consume(cluster.bootstrap, "clicks", 30)
    producer = collector.find_line("Kafka producer for sink kafka (topic clicks): ")
    assert "partitioner=murmur2_random" in producer and "linger.ms=0" in producer, producer
    assert sorted(r.key.decode() for r in records) == sorted(parties)
    for record in records:
        event = decode(record.value)
        assert event["partyId"] == record.key.decode()
        assert record.timestamp[1] == event["timestamp"]  # CreateTime = arrival time
        assert record.partition == java_partition(record.key, PARTITIONS)
        assert event["eventType"] == "pageView"


def test_confluent_values_carry_the_mappings_schema_id():
    with MockCluster(brokers=1, topics={"clicks": PARTITIONS}) as cluster:
        collector = Collector(kafka_config(cluster.bootstrap, mode="confluent",
                                           confluent_id=594)).start()
        party = send(collector, 1)
        wait_until(lambda: delivered(collector) == 1, timeout=30, message="one delivery")
        assert collector.stop() == 0
        [record] = consume(cluster.bootstrap, "clicks", 1)
    assert record.value[:5] == b"\x00\x00\x00\x02\x52"  # magic 0, id 594 big-endian
    assert decode(record.value[5:])["partyId"] == party


def test_outage_shorter_than_the_buffer_loses_nothing():
    with MockCluster(brokers=3, topics={"clicks": PARTITIONS}) as cluster:
        collector = Collector(kafka_config(cluster.bootstrap)).start()
        send(collector, 0)
        wait_until(lambda: delivered(collector) == 1, timeout=30, message="the first delivery")
        cluster.down()
        for n in range(1, 21):
            send(collector, n)
        wait_until(lambda: collector.metric("divolte_sink_pending_records", sink="kafka") > 0,
                   timeout=30, message="records pending while the cluster is down")
        cluster.up()
        wait_until(lambda: delivered(collector) == 21, timeout=60, message="21 deliveries")
        # The failed attempts are counted by reason; nothing was lost.
        assert collector.metric("divolte_sink_delivery_failures_total", sink="kafka",
                                error="_MSG_TIMED_OUT") > 0
        assert collector.metric("divolte_sink_pending_records", sink="kafka") == 0
        assert collector.metric("divolte_sink_dropped_total", sink="kafka",
                                reason="queue_full") == 0
        assert collector.stop() == 0
        records = consume(cluster.bootstrap, "clicks", 21)
    assert len({r.key for r in records}) == 21


def test_outage_longer_than_the_buffer_loses_exactly_the_counted_drops():
    sent = 60
    with MockCluster(brokers=1, topics={"clicks": PARTITIONS}) as cluster:
        collector = Collector(kafka_config(
            cluster.bootstrap, kafka_extra="threads = 1, buffer_size = 10",
            extra="server.backpressure.mode = drop")).start()
        send(collector, 0)
        wait_until(lambda: delivered(collector) == 1, timeout=30, message="the first delivery")
        cluster.down()
        for n in range(1, sent):
            send(collector, n)
        # Every event has reached the sink stage: queued, or dropped because the queue was full.
        wait_until(lambda: collector.metric("divolte_sink_enqueued_total", sink="kafka") +
                   collector.metric("divolte_sink_dropped_total", sink="kafka",
                                    reason="queue_full") == sent,
                   timeout=30, message="every event at the sink queue")
        dropped = collector.metric("divolte_sink_dropped_total", sink="kafka",
                                   reason="queue_full")
        cluster.up()
        wait_until(lambda: delivered(collector) == sent - dropped, timeout=60,
                   message="every record that was not dropped")
        assert collector.stop() == 0
        records = consume(cluster.bootstrap, "clicks", int(sent - dropped))
    assert len(records) == sent - dropped
    assert 0 < dropped < sent


def test_broker_list_from_the_environment():
    """DIVOLTE_KAFKA_BROKER_LIST fills the built-in producer block (config.md §6.3)."""
    with MockCluster(brokers=1, topics={"clicks": PARTITIONS}) as cluster:
        config = kafka_config("unused").replace(
            'producer { bootstrap.servers = "unused", message.timeout.ms = 2000 }', "")
        collector = Collector(config, env={"DIVOLTE_KAFKA_BROKER_LIST": cluster.bootstrap,
                                           "DIVOLTE_KAFKA_CLIENT_ID": "e2e-collector"}).start()
        send(collector, 1)
        wait_until(lambda: delivered(collector) == 1, timeout=30, message="one delivery")
        assert collector.stop() == 0
        assert len(consume(cluster.bootstrap, "clicks", 1)) == 1


def test_shutdown_during_an_outage_reports_what_was_not_delivered():
    with MockCluster(brokers=1, topics={"clicks": PARTITIONS}) as cluster:
        collector = Collector(kafka_config(cluster.bootstrap)).start()
        send(collector, 0)
        wait_until(lambda: delivered(collector) == 1, timeout=30, message="the first delivery")
        cluster.down()
        for n in range(1, 6):
            send(collector, n)
        # Records held by paused threads, or queued behind them.
        wait_until(lambda: collector.metric("divolte_sink_pending_records", sink="kafka") > 0,
                   timeout=30, message="records pending")
        assert collector.stop() == 0
    # Every undelivered record is accounted for: one final attempt, then counted and logged.
    assert collector.find_line("Shutdown lost 5 records (kafka: 5)")


def start_failure(config):
    collector = Collector(config).start(expect_port=False)
    assert collector.wait_exit() != 0
    return collector.log()


def test_confluent_mode_needs_one_confluent_id():
    log = start_failure(kafka_config("127.0.0.1:1", mode="confluent"))
    assert ("Property 'divolte.mappings' has mappings writing to confluent-mode sinks without a "
            "confluent_id: [default].") in log
    mismatching = kafka_config("127.0.0.1:1", mode="confluent", confluent_id=1).replace(
        "mappings {", "mappings { other { sources = [browser], sinks = [kafka], "
        "confluent_id = 2 }\n")
    log = start_failure(mismatching)
    assert ("Property 'divolte.sinks' has sinks fed by mappings with different confluent_id "
            "values: [kafka].") in log
