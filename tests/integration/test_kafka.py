"""The Kafka sink in the real collector (issue 7) against librdkafka's mock cluster (the real
Kafka protocol over TCP, tests/testutil/kafka_mock_cluster.cc): records consumed back with
confluent-kafka and decoded with python3-avro in both modes; keys, timestamps and Java-compatible
partitions; an outage shorter than the buffer loses nothing, a longer one loses exactly the
counted drops; confluent mode without or with mismatching ids stops start-up; --check-config never
contacts the brokers."""

import io
import select
import socket
import json

import avro.io
import avro.schema

from harness import (DEFAULT_SCHEMA, VECTOR1_QUERY, Collector, failed_start_log, send_beacon,
                     wait_until, with_params)
from kafka_harness import MockCluster, consume, java_partition, topic_size

PARTITIONS = 6

DEFAULT_RECORD = avro.schema.parse(json.dumps(DEFAULT_SCHEMA))


def decode(value):
    return avro.io.DatumReader(DEFAULT_RECORD).read(avro.io.BinaryDecoder(io.BytesIO(value)))


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
    send_beacon(collector, with_params(VECTOR1_QUERY, p=party.replace(":", "%3A"),
                                       e=f"event{number}"))
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
        assert topic_size(cluster.bootstrap, "clicks") == 30  # no duplicates
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
        assert topic_size(cluster.bootstrap, "clicks") == 1
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
        # A delivery attempt has failed (timed out) and its records are held for retry.
        wait_until(lambda: collector.metric("divolte_sink_delivery_failures_total", sink="kafka",
                                            error="_MSG_TIMED_OUT") > 0,
                   timeout=30, message="a timed-out delivery attempt")
        assert collector.metric("divolte_sink_pending_records", sink="kafka") > 0
        cluster.up()
        wait_until(lambda: delivered(collector) == 21, timeout=60, message="21 deliveries")
        # Re-sent until delivered: nothing is pending any more, nothing was dropped.
        assert collector.metric("divolte_sink_pending_records", sink="kafka") == 0
        assert collector.metric("divolte_sink_dropped_total", sink="kafka",
                                reason="queue_full") == 0
        assert collector.stop() == 0
        records = consume(cluster.bootstrap, "clicks", 21)
        assert topic_size(cluster.bootstrap, "clicks") == 21  # re-sent, never duplicated
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
        assert topic_size(cluster.bootstrap, "clicks") == sent - dropped
    assert len({r.key for r in records}) == sent - dropped
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
        assert topic_size(cluster.bootstrap, "clicks") == 1


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


def test_confluent_mode_needs_one_confluent_id():
    log = failed_start_log(kafka_config("127.0.0.1:1", mode="confluent"))
    assert ("Property 'divolte.mappings' has mappings writing to confluent-mode sinks without a "
            "confluent_id: [default].") in log
    mismatching = kafka_config("127.0.0.1:1", mode="confluent", confluent_id=1).replace(
        "mappings {", "mappings { other { sources = [browser], sinks = [kafka], "
        "confluent_id = 2 }\n")
    log = failed_start_log(mismatching)
    assert ("Property 'divolte.sinks' has sinks fed by mappings with different confluent_id "
            "values: [kafka].") in log


def test_check_config_never_contacts_the_brokers():
    """operations.md §3: --check-config makes no network access; a Kafka producer would connect
    to its bootstrap server as soon as it exists."""
    with socket.socket() as broker:
        broker.bind(("127.0.0.1", 0))
        broker.listen(8)
        collector = Collector(kafka_config(f"127.0.0.1:{broker.getsockname()[1]}"),
                              extra_args=["--check-config"]).start(expect_port=False)
        assert collector.wait_exit() == 0, collector.log()
        assert "Configuration OK" in collector.log()
        assert collector.find_line("Kafka producer for sink kafka (topic clicks)")
        # Connections completed by the kernel wait in the backlog even after the client is gone.
        readable, _, _ = select.select([broker], [], [], 0.5)
        assert readable == [], "the check connected to the broker"
    # The same configuration started for real does connect: the check above can fail.
    with socket.socket() as broker:
        broker.bind(("127.0.0.1", 0))
        broker.listen(8)
        collector = Collector(kafka_config(f"127.0.0.1:{broker.getsockname()[1]}")).start()
        try:
            readable, _, _ = select.select([broker], [], [], 10)
            assert readable == [broker], "the running collector never connected"
        finally:
            collector.process.kill()
            collector.wait_exit()
