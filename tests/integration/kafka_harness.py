"""Kafka test infrastructure for the end-to-end tests of the Kafka sink (sinks.md §6).

MockCluster runs tests/testutil/kafka_mock_cluster (librdkafka's mock cluster speaking the real
protocol over loopback TCP) and drives its failures; consume() reads a topic back with
confluent_kafka, an independent client; java_murmur2() and java_partition() compute the partition
the Java client (and the collector) must choose for a key."""

import os
import queue
import subprocess
import threading
import time
from dataclasses import dataclass

from confluent_kafka import OFFSET_BEGINNING, TIMESTAMP_CREATE_TIME, Consumer, TopicPartition

from harness import check_sanitizer_report, scaled

MOCK_BINARY = os.environ.get("DIVOLTE_KAFKA_MOCK_BIN", os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "release", "tests", "kafka_mock_cluster"))

__all__ = ["MockCluster", "Record", "consume", "java_murmur2", "java_partition",
           "TIMESTAMP_CREATE_TIME"]


class MockCluster:
    """One running mock Kafka cluster: `with MockCluster({"clicks": 6}) as kafka:` then
    `kafka.bootstrap` is the bootstrap.servers list. Brokers have ids 1..brokers; partition p of
    every topic is led by broker p % brokers + 1. Not thread-safe beyond command(). Its standard
    error is collected and checked for a sanitizer report when it is closed."""

    def __init__(self, topics, brokers=3, timeout=10):
        args = [MOCK_BINARY, "--brokers", str(brokers)]
        for name, partitions in topics.items():
            args += ["--topic", f"{name}:{partitions}"]
        self._timeout = scaled(timeout)
        self._lock = threading.Lock()
        self._lines = queue.Queue()
        self._stderr = []
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, bufsize=1)
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()
        self._stderr_reader = threading.Thread(
            target=lambda: self._stderr.append(self.process.stderr.read()), daemon=True)
        self._stderr_reader.start()
        first = self._read_line("the BOOTSTRAP line")
        if not first.startswith("BOOTSTRAP "):
            self.close()
            raise AssertionError(f"kafka_mock_cluster printed {first!r} instead of BOOTSTRAP")
        self.bootstrap = first.split(" ", 1)[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _pump(self):
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)  # end of output: the process exited

    def _read_line(self, what):
        try:
            line = self._lines.get(timeout=self._timeout)
        except queue.Empty:
            raise AssertionError(f"kafka_mock_cluster: no {what} within {self._timeout}s")
        if line is None:
            raise AssertionError(f"kafka_mock_cluster exited (status {self.process.wait()}) "
                                 f"before {what}")
        return line

    def command(self, line):
        """Sends one command line; raises AssertionError unless the answer is OK."""
        with self._lock:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
            answer = self._read_line(f"answer to {line!r}")
        if answer != "OK":
            raise AssertionError(f"kafka_mock_cluster: {line!r} answered {answer!r}")

    def down(self, broker="all"):
        """Disconnects broker `broker` (an id, or "all") and refuses new connections."""
        self.command(f"down {broker}")

    def up(self, broker="all"):
        """Makes broker `broker` (an id, or "all") accept connections again."""
        self.command(f"up {broker}")

    def errors(self, topic, count, name):
        """Fails the next `count` Produce requests with the librdkafka error `name` (e.g.
        "NOT_LEADER_FOR_PARTITION", "MSG_SIZE_TOO_LARGE"). The mock keeps one error stack for all
        Produce requests: the errors hit whichever topic is produced to next."""
        self.command(f"errors {topic} {count} {name}")

    def clear_errors(self):
        """Drops the Produce errors pushed by errors() and not consumed yet."""
        self.command("errors clear")

    def leader(self, topic, partition, broker):
        """Moves the leader of a partition to broker `broker` (an id, or "none")."""
        self.command(f"leader {topic} {partition} {broker}")

    def rtt(self, broker, ms):
        """Delays every response of broker `broker` (an id, or "all") by `ms` milliseconds."""
        self.command(f"rtt {broker} {ms}")

    def close(self):
        """Stops the cluster (quit, then SIGKILL if it does not exit); idempotent."""
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass
            try:
                self.process.wait(timeout=self._timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdin.close()
        self._reader.join(timeout=self._timeout)
        self._stderr_reader.join(timeout=self._timeout)
        self.process.stdout.close()
        self.process.stderr.close()
        check_sanitizer_report("".join(self._stderr), "kafka_mock_cluster")


@dataclass(frozen=True)
class Record:
    """One consumed Kafka record; timestamp is (type, ms), type TIMESTAMP_CREATE_TIME (1) for
    records stamped by the producer."""
    partition: int
    offset: int
    key: bytes
    value: bytes
    timestamp: tuple
    headers: list


def consume(bootstrap, topic, count, timeout=30):
    """Reads `count` records (in total) from all partitions of `topic`, each from its beginning,
    and returns them as Records sorted by (partition, offset). Records beyond `count` may exist
    and are not read. Raises AssertionError on timeout, listing what was read."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "divolte-e2e-harness",  # required by the client; offsets are never committed
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
    })
    timeout = scaled(timeout)
    deadline = time.monotonic() + timeout
    records, errors = [], []
    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
        described = metadata.topics.get(topic)
        if described is None or described.error is not None or not described.partitions:
            raise AssertionError(f"topic {topic} on {bootstrap}: "
                                 f"{described.error if described else 'absent'}")
        consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING)
                         for partition in sorted(described.partitions)])
        while len(records) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s reading {topic}: got {len(records)} of {count} "
                    f"records {records!r}; consumer errors {errors!r}")
            for message in consumer.consume(count - len(records), timeout=min(remaining, 0.5)):
                if message.error() is not None:
                    errors.append(message.error())
                    continue
                records.append(Record(message.partition(), message.offset(), message.key(),
                                      message.value(), message.timestamp(),
                                      message.headers() or []))
    finally:
        consumer.close()
    return sorted(records, key=lambda record: (record.partition, record.offset))


def topic_size(bootstrap, topic, timeout=10):
    """The number of records in `topic`: the sum over its partitions of high minus low
    watermark, as the brokers report them (exact, no waiting for records that might come)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "divolte-e2e-harness"})
    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
        total = 0
        for partition in metadata.topics[topic].partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition),
                                                       timeout=timeout)
            total += high - low
        return total
    finally:
        consumer.close()


_MURMUR2_SEED = 0x9747B28C
_MURMUR2_M = 0x5BD1E995
_MASK32 = 0xFFFFFFFF


def java_murmur2(data):
    """Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2): MurmurHash2 with seed
    0x9747b28c over little-endian 4-byte blocks, as a signed 32-bit int."""
    length = len(data)
    h = (_MURMUR2_SEED ^ length) & _MASK32
    blocks = length - length % 4
    for i in range(0, blocks, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * _MURMUR2_M) & _MASK32
        k ^= k >> 24
        k = (k * _MURMUR2_M) & _MASK32
        h = ((h * _MURMUR2_M) & _MASK32) ^ k
    tail = data[blocks:]
    if tail:
        # The switch's fall-through: byte 2 << 16, byte 1 << 8, byte 0, then one multiplication.
        for index in reversed(range(len(tail))):
            h ^= tail[index] << (8 * index)
        h = (h * _MURMUR2_M) & _MASK32
    h ^= h >> 13
    h = (h * _MURMUR2_M) & _MASK32
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def java_partition(key, partitions):
    """The partition of a keyed record under the Java client's default partitioner (and
    librdkafka's murmur2_random): toPositive(murmur2(key)) % partitions."""
    return (java_murmur2(key) & 0x7FFFFFFF) % partitions
