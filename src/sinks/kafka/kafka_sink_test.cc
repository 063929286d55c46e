// The Kafka sink against librdkafka's mock cluster (the real Kafka protocol over TCP, in this
// process): records read back with a real consumer; keys, values in both modes, timestamps and
// Java-compatible partitions; an outage keeps records pending until the cluster returns; a
// permanent error drops the record, counted; shutdown counts what could not be delivered.

#include "sinks/kafka/kafka_sink.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace divolte::sinks::kafka {
namespace {

constexpr int kBrokers = 3;
constexpr int kPartitions = 6;
constexpr char kTopic[] = "clicks";
constexpr int16_t kProduceApiKey = 0;  // the Kafka protocol's Produce request

// Kafka's murmur2 (seed 0x9747b28c), written from the published algorithm, to check that the
// sink's partitioner lands keys where the Java client does.
int32_t JavaMurmur2(std::string_view key) {
  const uint32_t m = 0x5bd1e995;
  const int r = 24;
  uint32_t h = 0x9747b28c ^ static_cast<uint32_t>(key.size());
  size_t i = 0;
  for (; i + 4 <= key.size(); i += 4) {
    uint32_t k = static_cast<uint8_t>(key[i]) | static_cast<uint8_t>(key[i + 1]) << 8 |
                 static_cast<uint8_t>(key[i + 2]) << 16 |
                 static_cast<uint32_t>(static_cast<uint8_t>(key[i + 3])) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  switch (key.size() - i) {
    case 3:
      h ^= static_cast<uint32_t>(static_cast<uint8_t>(key[i + 2])) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<uint32_t>(static_cast<uint8_t>(key[i + 1])) << 8;
      [[fallthrough]];
    case 1:
      h ^= static_cast<uint8_t>(key[i]);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

int32_t JavaPartition(std::string_view key, int32_t partitions) {
  return (JavaMurmur2(key) & 0x7fffffff) % partitions;
}

TEST(JavaMurmur2, SpecificationVectors) {
  EXPECT_EQ(JavaMurmur2("21"), -973932308);
  EXPECT_EQ(JavaMurmur2("0:i1t84hgy:party"), 1980188067);
  EXPECT_EQ(JavaPartition("0:i1t84hgy:party", 6), 3);
  EXPECT_EQ(JavaMurmur2("0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"), -2059249295);
  EXPECT_EQ(JavaPartition("0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG", 12), 9);
}

struct Consumed {
  int32_t partition;
  std::string key;
  std::string value;
  int64_t timestamp;
  rd_kafka_timestamp_type_t timestamp_type;
};

class KafkaSinkTest : public ::testing::Test {
 protected:
  KafkaSinkTest() {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    cluster_ = rd_kafka_mock_cluster_new(host_, kBrokers);
    rd_kafka_mock_topic_create(cluster_, kTopic, kPartitions, 1);
    bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
  }
  ~KafkaSinkTest() override {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(host_);
  }

  std::unique_ptr<Sink> NewSink(config::KafkaMode mode, std::optional<int32_t> confluent_id,
                                config::PropertyBlock extra = {}) {
    config::SinkConfig sink{.name = "kafka", .type = config::SinkType::kKafka};
    sink.topic = kTopic;
    sink.kafka_mode = mode;
    // The built-in producer defaults (config.md §6.3) with the mock cluster and a short timeout.
    config::PropertyBlock producer = {{"bootstrap.servers", bootstrap_},
                                      {"client.id", "divolte.collector"},
                                      {"acks", "1"},
                                      {"retries", "0"},
                                      {"compression.type", "lz4"},
                                      {"max.in.flight.requests.per.connection", "1"},
                                      {"message.timeout.ms", "2000"},
                                      // Reconnect soon after the test's outages.
                                      {"reconnect.backoff.max.ms", "200"}};
    producer.insert(producer.end(), extra.begin(), extra.end());
    auto created = CreateKafkaSink(sink, producer, confluent_id);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.message());
    return created.ok() ? std::move(created).value() : nullptr;
  }

  void SetAllBrokers(bool up) {
    for (int32_t broker = 1; broker <= kBrokers; ++broker) {
      if (up) {
        rd_kafka_mock_broker_set_up(cluster_, broker);
      } else {
        rd_kafka_mock_broker_set_down(cluster_, broker);
      }
    }
  }

  // Every record of the topic, read from the beginning of each partition.
  std::vector<Consumed> ConsumeAll(size_t expected) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "group.id", "test", error, sizeof error);
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    rd_kafka_topic_partition_list_t* partitions = rd_kafka_topic_partition_list_new(kPartitions);
    for (int32_t p = 0; p < kPartitions; ++p) {
      rd_kafka_topic_partition_list_add(partitions, kTopic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(consumer, partitions);
    rd_kafka_topic_partition_list_destroy(partitions);
    std::vector<Consumed> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, 100);
      if (message == nullptr) continue;
      if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        Consumed record{.partition = message->partition};
        record.key.assign(static_cast<const char*>(message->key), message->key_len);
        record.value.assign(static_cast<const char*>(message->payload), message->len);
        record.timestamp = rd_kafka_message_timestamp(message, &record.timestamp_type);
        out.push_back(std::move(record));
      }
      rd_kafka_message_destroy(message);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return out;
  }

  static std::vector<RecordPtr> Records(int count, int64_t arrival_ms = 1700000000000) {
    std::vector<RecordPtr> records;
    for (int i = 0; i < count; ++i) {
      const std::string party = "0:i1t84hgy:party" + std::to_string(i);
      records.push_back(std::make_shared<const Record>("datum-" + std::to_string(i), party, "0:s",
                                                       "e" + std::to_string(i), arrival_ms + i, 0));
    }
    return records;
  }

  rd_kafka_t* host_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

TEST_F(KafkaSinkTest, NakedRecordsWithKeysTimestampsAndJavaPartitions) {
  auto sink = NewSink(config::KafkaMode::kNaked, std::nullopt);
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->ThreadName(0), "Kafka Flusher [kafka] - 1");
  auto worker = sink->CreateWorker(0);
  const auto records = Records(20);
  const ProcessResult result = worker->Process(records);
  EXPECT_EQ(result.consumed, 20u);
  EXPECT_EQ(result.verdict, Verdict::kContinue);
  EXPECT_EQ(sink->stats().delivered.Value(), 20u);
  EXPECT_EQ(worker->Close(), 0u);

  std::map<std::string, Consumed> by_key;
  for (Consumed& record : ConsumeAll(20)) by_key[record.key] = record;
  ASSERT_EQ(by_key.size(), 20u);
  for (const RecordPtr& record : records) {
    const Consumed& got = by_key.at(std::string(record->party_id()));
    EXPECT_EQ(got.value, record->datum());
    EXPECT_EQ(got.timestamp, record->arrival_ms());
    EXPECT_EQ(got.timestamp_type, RD_KAFKA_TIMESTAMP_CREATE_TIME);
    EXPECT_EQ(got.partition, JavaPartition(record->party_id(), kPartitions)) << got.key;
  }
}

TEST_F(KafkaSinkTest, ConfluentValuesCarryTheSchemaId) {
  auto sink = NewSink(config::KafkaMode::kConfluent, 594);
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  const auto records = Records(1);
  ASSERT_EQ(worker->Process(records).verdict, Verdict::kContinue);
  const auto consumed = ConsumeAll(1);
  ASSERT_EQ(consumed.size(), 1u);
  // 594 = 0x00000252 (schema.md §7).
  EXPECT_EQ(consumed[0].value, std::string("\x00\x00\x00\x02\x52", 5) + "datum-0");
}

TEST_F(KafkaSinkTest, OutageKeepsRecordsPendingUntilTheClusterReturns) {
  auto sink = NewSink(config::KafkaMode::kNaked, std::nullopt);
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  // Warm up: metadata known, then the cluster goes away.
  ASSERT_EQ(worker->Process(Records(1)).verdict, Verdict::kContinue);
  SetAllBrokers(false);
  const auto records = Records(5, 1800000000000);
  const ProcessResult result = worker->Process(records);
  EXPECT_EQ(result.consumed, 5u);
  EXPECT_EQ(result.verdict, Verdict::kPause);
  EXPECT_EQ(sink->stats().pending_records.Value(), 5);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kPause);  // still down: still pending
  SetAllBrokers(true);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Verdict verdict = Verdict::kPause;
  while (verdict == Verdict::kPause && std::chrono::steady_clock::now() < deadline) {
    verdict = worker->Heartbeat();
  }
  EXPECT_EQ(verdict, Verdict::kContinue);
  EXPECT_EQ(sink->stats().pending_records.Value(), 0);
  EXPECT_EQ(sink->stats().delivered.Value(), 6u);
  EXPECT_EQ(sink->stats().dropped_rejected.Value(), 0u);
  EXPECT_GE(sink->stats().retries.Value(), 5u);
  EXPECT_EQ(ConsumeAll(6).size(), 6u);
}

TEST_F(KafkaSinkTest, PermanentErrorDropsTheRecordCounted) {
  auto sink = NewSink(config::KafkaMode::kNaked, std::nullopt);
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  ASSERT_EQ(worker->Process(Records(1)).verdict, Verdict::kContinue);
  rd_kafka_mock_push_request_errors(cluster_, kProduceApiKey, 1,
                                    RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  const ProcessResult result = worker->Process(Records(1, 1900000000000));
  EXPECT_EQ(result.verdict, Verdict::kContinue);
  EXPECT_EQ(sink->stats().dropped_rejected.Value(), 1u);
  EXPECT_EQ(sink->stats().pending_records.Value(), 0);
}

// A record librdkafka refuses outright gets no delivery report: it is judged at once.
TEST_F(KafkaSinkTest, RecordRefusedBeforeSendingIsRejected) {
  auto sink = NewSink(config::KafkaMode::kNaked, std::nullopt, {{"message.max.bytes", "1000"}});
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  const std::vector<RecordPtr> records = {
      std::make_shared<const Record>(std::string(5000, 'x'), "0:p:big", "0:s", "e", 1, 0)};
  const ProcessResult result = worker->Process(records);
  EXPECT_EQ(result.verdict, Verdict::kContinue);
  EXPECT_EQ(sink->stats().dropped_rejected.Value(), 1u);
  EXPECT_EQ(sink->stats().delivered.Value(), 0u);
  const auto reasons = sink->stats().failure_reasons.Read();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].first, "MSG_SIZE_TOO_LARGE");
}

// More records than librdkafka's queue holds (a large final attempt at shutdown): the worker
// serves delivery reports to make room instead of failing the rest with _QUEUE_FULL.
TEST_F(KafkaSinkTest, MoreRecordsThanTheClientQueueHolds) {
  auto sink =
      NewSink(config::KafkaMode::kNaked, std::nullopt, {{"queue.buffering.max.messages", "10"}});
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  const ProcessResult result = worker->Process(Records(100));
  EXPECT_EQ(result.verdict, Verdict::kContinue);
  EXPECT_EQ(sink->stats().delivered.Value(), 100u);
  EXPECT_EQ(sink->stats().failures.Value(), 0u);
}

TEST_F(KafkaSinkTest, ShutdownCountsWhatCouldNotBeDelivered) {
  auto sink = NewSink(config::KafkaMode::kNaked, std::nullopt);
  ASSERT_NE(sink, nullptr);
  auto worker = sink->CreateWorker(0);
  ASSERT_EQ(worker->Process(Records(1)).verdict, Verdict::kContinue);
  SetAllBrokers(false);
  ASSERT_EQ(worker->Process(Records(3, 1800000000000)).verdict, Verdict::kPause);
  // At shutdown the pool hands the paused worker what is still queued: it joins the pending
  // records without another wait, for the one final attempt of Close.
  const ProcessResult queued = worker->Process(Records(2, 1810000000000));
  EXPECT_EQ(queued.consumed, 2u);
  EXPECT_EQ(queued.verdict, Verdict::kPause);
  EXPECT_EQ(sink->stats().pending_records.Value(), 5);
  EXPECT_EQ(worker->Close(), 5u);
  EXPECT_EQ(sink->stats().dropped_shutdown.Value(), 5u);
  EXPECT_EQ(sink->stats().pending_records.Value(), 0);
}

}  // namespace
}  // namespace divolte::sinks::kafka
