"""The Kafka test infrastructure itself (kafka_harness.py, tests/testutil/kafka_mock_cluster.cc):
Kafka's murmur2 against the vectors of sinks.md §6.3, a confluent_kafka producer against the mock
cluster read back by consume(), and the failures the mock can inject. Also pins what librdkafka
2.0.2 does with those failures, which the Kafka sink's tests rely on."""

import signal

import pytest
from confluent_kafka import KafkaError, Producer

from harness import wait_until
from kafka_harness import (TIMESTAMP_CREATE_TIME, MockCluster, consume, java_murmur2,
                           java_partition)

VECTOR_KEYS = [b"0:i1t84hgy:party", b"0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"]


@pytest.fixture
def kafka():
    with MockCluster({"clicks": 6, "wide": 12, "other": 1}) as cluster:
        yield cluster


def producer(kafka, **config):
    """A producer with a short message timeout that already knows the cluster: without the
    list_topics(), a new producer's first message sometimes waits ~1 s for the topic's metadata
    and would time out."""
    client = Producer({"bootstrap.servers": kafka.bootstrap, "partitioner": "murmur2_random",
                       "message.timeout.ms": 1000, "reconnect.backoff.max.ms": 200, **config})
    client.list_topics(timeout=10)
    return client


def produce(client, topic, key, value=b"v", timestamp=0):
    """Produces one record and waits for its delivery; returns the delivery error or None."""
    results = []
    client.produce(topic, key=key, value=value, timestamp=timestamp,
                   on_delivery=lambda error, message: results.append(error))
    assert client.flush(15) == 0, "no delivery result"
    return results[0]


def error_name(error):
    return error.name() if error is not None else None


def key_for_partition(partition, partitions):
    return next(key for key in (f"party-{i}".encode() for i in range(10000))
                if java_partition(key, partitions) == partition)


@pytest.mark.parametrize("key, hash_value, partitions, partition", [
    (b"21", -973932308, None, None),
    (VECTOR_KEYS[0], 1980188067, 6, 3),
    (VECTOR_KEYS[1], -2059249295, 12, 9),
])
def test_murmur2_vectors(key, hash_value, partitions, partition):
    assert java_murmur2(key) == hash_value
    if partitions is not None:
        assert java_partition(key, partitions) == partition


def test_producer_partitions_like_java_and_consume_reads_everything_back(kafka):
    # Key lengths vary modulo 4, exercising every tail of murmur2.
    keys = VECTOR_KEYS + [b"party-%d-" % i + b"x" * (i % 7) for i in range(200)]
    client = producer(kafka, **{"message.timeout.ms": 10000})
    for topic in ("clicks", "wide"):
        for index, key in enumerate(keys):
            client.produce(topic, key=key, value=b"value-%d" % index,
                           timestamp=1_700_000_000_000 + index)
    assert client.flush(15) == 0

    for topic, partitions, vector_partition in (("clicks", 6, 3), ("wide", 12, 9)):
        records = consume(kafka.bootstrap, topic, len(keys))
        assert sorted(record.key for record in records) == sorted(keys)
        for record in records:
            index = keys.index(record.key)
            assert record.partition == java_partition(record.key, partitions)
            assert record.value == b"value-%d" % index
            assert record.timestamp == (TIMESTAMP_CREATE_TIME, 1_700_000_000_000 + index)
            assert record.headers == []
        assert {record.partition for record in records} == set(range(partitions))
        partition_of = {record.key: record.partition for record in records}
        assert partition_of[VECTOR_KEYS[0 if partitions == 6 else 1]] == vector_partition


def test_consume_times_out_with_what_it_got(kafka):
    assert produce(producer(kafka), "other", b"only") is None
    with pytest.raises(AssertionError, match=r"got 1 of 2 records .*key=b'only'"):
        consume(kafka.bootstrap, "other", 2, timeout=1)


def test_all_brokers_down_times_out_and_up_delivers_again(kafka):
    client = producer(kafka)
    assert produce(client, "clicks", b"party", b"before") is None

    kafka.down()
    assert error_name(produce(client, "clicks", b"party", b"lost")) == "_MSG_TIMED_OUT"

    kafka.up()
    # The same producer reconnects by itself (within its reconnect backoff).
    wait_until(lambda: produce(client, "clicks", b"party", b"after") is None, timeout=15,
               message="a delivery after up all")
    values = [record.value for record in consume(kafka.bootstrap, "clicks", 2)]
    assert values == [b"before", b"after"]


def test_one_broker_down_only_stalls_its_partitions_until_the_leader_moves(kafka):
    metadata = producer(kafka).list_topics("clicks", timeout=10)
    leaders = {partition: info.leader
               for partition, info in metadata.topics["clicks"].partitions.items()}
    assert leaders == {partition: partition % 3 + 1 for partition in range(6)}

    kafka.down(1)
    client = producer(kafka)
    assert produce(client, "clicks", key_for_partition(1, 6)) is None  # led by broker 2
    assert error_name(produce(client, "clicks", key_for_partition(0, 6))) == "_MSG_TIMED_OUT"

    kafka.leader("clicks", 0, 2)
    assert produce(producer(kafka), "clicks", key_for_partition(0, 6)) is None


@pytest.mark.parametrize("name", [
    "MSG_SIZE_TOO_LARGE", "TOPIC_AUTHORIZATION_FAILED", "NOT_ENOUGH_REPLICAS",
    "REQUEST_TIMED_OUT", "KAFKA_STORAGE_ERROR", "_TRANSPORT"])
def test_injected_produce_error_reaches_the_delivery_report(kafka, name):
    client = producer(kafka, retries=0)
    assert produce(client, "clicks", b"warm-up") is None
    kafka.errors("clicks", 1, name)
    assert error_name(produce(client, "clicks", b"party")) == name
    if name != "TOPIC_AUTHORIZATION_FAILED":  # that one blocks the topic in this producer
        wait_until(lambda: produce(client, "clicks", b"party") is None, timeout=10,
                   message="a delivery after the injected error")


def test_leader_errors_are_retried_by_librdkafka_even_with_retries_0(kafka):
    patient = producer(kafka, retries=0, **{"message.timeout.ms": 10000})
    kafka.errors("clicks", 3, "NOT_LEADER_OR_FOLLOWER")
    assert produce(patient, "clicks", b"party") is None
    # Only more errors than fit in message.timeout.ms (100 ms retry backoff each) make it fail.
    hasty = producer(kafka, retries=0)
    kafka.errors("clicks", 50, "NOT_LEADER_FOR_PARTITION")
    assert error_name(produce(hasty, "clicks", b"party")) == "_MSG_TIMED_OUT"
    kafka.clear_errors()
    assert produce(patient, "clicks", b"party") is None


def test_errors_hit_the_next_produce_request_whatever_its_topic(kafka):
    client = producer(kafka, retries=0)
    assert produce(client, "other", b"warm-up") is None
    kafka.errors("clicks", 1, "MSG_SIZE_TOO_LARGE")
    assert produce(client, "other", b"party").code() == KafkaError.MSG_SIZE_TOO_LARGE


def test_bad_commands_are_refused(kafka):
    for bad in ("down 4", "up x", "errors nope 1 MSG_SIZE_TOO_LARGE", "errors clicks 1 NOPE",
                "leader clicks 6 1", "rtt all -1", "frobnicate"):
        with pytest.raises(AssertionError, match="answered 'ERROR"):
            kafka.command(bad)
    kafka.rtt("all", 0)


def test_exits_cleanly_on_quit_and_on_sigterm():
    with MockCluster({"clicks": 1}) as cluster:
        pass
    assert cluster.process.returncode == 0
    cluster = MockCluster({"clicks": 1})
    cluster.process.send_signal(signal.SIGTERM)
    assert cluster.process.wait(timeout=10) == 0
    cluster.close()
