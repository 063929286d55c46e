// Binding of divolte.sinks (bind_sinks.cc).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/binding.h"
#include "config/test_util.h"

namespace divolte::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Bind;
using testing::BindErrors;
using testing::BindOk;
using testing::Bound;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(BindSinks, HdfsSinkAndFileStrategy) {
  Config config = BindOk(R"(divolte.sinks.h {
    type = hdfs, replication = 2
    file_strategy { working_dir = /w, publish_dir = /p, roll_every = 5 minutes
                    sync_file_after_records = 10, sync_file_after_duration = 1s, codec = deflate }
  })");
  const SinkConfig& sink = config.sinks.at(0);
  EXPECT_EQ(sink.type, SinkType::kHdfs);
  EXPECT_EQ(sink.replication, 2);
  EXPECT_EQ(sink.file_strategy.working_dir, "/w");
  EXPECT_EQ(sink.file_strategy.publish_dir, "/p");
  EXPECT_EQ(sink.file_strategy.roll_every, minutes(5));
  EXPECT_EQ(sink.file_strategy.sync_file_after_records, 10);
  EXPECT_EQ(sink.file_strategy.sync_file_after_duration, seconds(1));
  EXPECT_EQ(sink.file_strategy.codec, Codec::kDeflate);
  const SinkConfig defaults = BindOk("divolte.sinks.h.type = hdfs").sinks.at(0);
  EXPECT_EQ(defaults.replication, 3);
  EXPECT_EQ(defaults.file_strategy.working_dir, "/tmp");
  EXPECT_EQ(defaults.file_strategy.publish_dir, "/tmp");
  EXPECT_EQ(defaults.file_strategy.roll_every, hours(1));
  EXPECT_EQ(defaults.file_strategy.sync_file_after_records, 1000);
  EXPECT_EQ(defaults.file_strategy.sync_file_after_duration, seconds(30));
  EXPECT_EQ(defaults.file_strategy.codec, Codec::kNull);
}

TEST(BindSinks, CodecValues) {
  auto codec = [](const std::string& value) {
    return BindOk("divolte.sinks.h { type = hdfs, file_strategy.codec = " + value + " }")
        .sinks.at(0)
        .file_strategy.codec;
  };
  EXPECT_EQ(codec("null"), Codec::kNull);
  EXPECT_EQ(codec("\"null\""), Codec::kNull);
  EXPECT_EQ(codec("snappy"), Codec::kSnappy);
  EXPECT_EQ(codec("Deflate"), Codec::kDeflate);
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, file_strategy.codec = zstd }"),
              ElementsAre("Property 'divolte.sinks.h.file_strategy.codec' must be one of 'null', "
                          "'deflate', 'snappy'. Found: 'zstd' (test.conf:1)."));
}

TEST(BindSinks, GcsSink) {
  Config config = BindOk(R"(divolte.sinks.g {
    type = gcs, bucket = my-bucket, file_strategy.working_dir = /in
    retry_settings { max_attempts = 3, total_timeout = 1 minute, initial_retry_delay = 2s
                     retry_delay_multiplier = 1.5, max_retry_delay = 10s, jitter_factor = 0.2 }
  })");
  const SinkConfig& sink = config.sinks.at(0);
  EXPECT_EQ(sink.type, SinkType::kGcs);
  EXPECT_EQ(sink.bucket, "my-bucket");
  EXPECT_EQ(sink.file_strategy.working_dir, "/in");
  EXPECT_EQ(sink.gcs_retry.max_attempts, 3);
  EXPECT_EQ(sink.gcs_retry.total_timeout, minutes(1));
  EXPECT_EQ(sink.gcs_retry.initial_retry_delay, seconds(2));
  EXPECT_EQ(sink.gcs_retry.retry_delay_multiplier, 1.5);
  EXPECT_EQ(sink.gcs_retry.max_retry_delay, seconds(10));
  EXPECT_FALSE(sink.gcs_retry.jitter_delay);
  EXPECT_EQ(sink.gcs_retry.jitter_factor, 0.2);
  const GcsRetryConfig defaults =
      BindOk("divolte.sinks.g { type = gcs, bucket = b }").sinks.at(0).gcs_retry;
  EXPECT_EQ(defaults.max_attempts, 0);
  EXPECT_EQ(defaults.total_timeout, minutes(10));
  EXPECT_EQ(defaults.initial_retry_delay, seconds(1));
  EXPECT_EQ(defaults.retry_delay_multiplier, 2);
  EXPECT_EQ(defaults.max_retry_delay, seconds(64));
  EXPECT_EQ(defaults.jitter_delay, seconds(1));
  EXPECT_FALSE(defaults.jitter_factor);
}

TEST(BindSinks, GcsRetryRanges) {
  EXPECT_THAT(
      BindErrors("divolte.sinks.g { type = gcs, bucket = b, retry_settings { "
                 "retry_delay_multiplier = 0.5, jitter_factor = 2, max_attempts = -1, "
                 "initial_retry_delay = 2 minutes } }"),
      ElementsAre("Property 'divolte.sinks.g.retry_settings.max_attempts' must be between 0 and "
                  "2147483647. Found: '-1' (test.conf:1).",
                  "Property 'divolte.sinks.g.retry_settings.retry_delay_multiplier' must be at "
                  "least 1. Found: '0.5' (test.conf:1).",
                  "Property 'divolte.sinks.g.retry_settings.jitter_factor' must be between 0 and "
                  "1. Found: '2' (test.conf:1).",
                  "Property 'divolte.sinks.g.retry_settings.initial_retry_delay' must be at most "
                  "max_retry_delay (64 seconds). Found: '2 minutes' (test.conf:1)."));
}

TEST(BindSinks, KafkaSink) {
  Config config = BindOk(
      "divolte.sinks { k { type = kafka, topic = clicks, mode = confluent }\n"
      "d { type = kafka } }");
  EXPECT_EQ(config.sinks.at(0).type, SinkType::kKafka);
  EXPECT_EQ(config.sinks.at(0).topic, "clicks");
  EXPECT_EQ(config.sinks.at(0).kafka_mode, KafkaMode::kConfluent);
  EXPECT_EQ(config.sinks.at(1).topic, "divolte");
  EXPECT_EQ(config.sinks.at(1).kafka_mode, KafkaMode::kNaked);
}

TEST(BindSinks, GcpsSink) {
  Config config = BindOk(R"(divolte.sinks.p {
    type = gcps, topic = t
    retry_settings { max_attempts = 2, total_timeout = 20s, initial_retry_delay = 0 ms
                     retry_delay_multiplier = 3, max_retry_delay = 2s, initial_rpc_timeout = 1s
                     rpc_timeout_multiplier = 1.5, max_rpc_timeout = 4s }
    batching_settings { element_count_threshold = 5, request_bytes_threshold = 6000
                        delay_threshold = 10 ms }
  })");
  const SinkConfig& sink = config.sinks.at(0);
  EXPECT_EQ(sink.type, SinkType::kGcps);
  EXPECT_EQ(sink.topic, "t");
  EXPECT_EQ(sink.gcps_retry.max_attempts, 2);
  EXPECT_EQ(sink.gcps_retry.total_timeout, seconds(20));
  EXPECT_EQ(sink.gcps_retry.initial_retry_delay, Duration(0));
  EXPECT_EQ(sink.gcps_retry.retry_delay_multiplier, 3);
  EXPECT_EQ(sink.gcps_retry.max_retry_delay, seconds(2));
  EXPECT_EQ(sink.gcps_retry.initial_rpc_timeout, seconds(1));
  EXPECT_EQ(sink.gcps_retry.rpc_timeout_multiplier, 1.5);
  EXPECT_EQ(sink.gcps_retry.max_rpc_timeout, seconds(4));
  EXPECT_EQ(sink.gcps_batching.element_count_threshold, 5);
  EXPECT_EQ(sink.gcps_batching.request_bytes_threshold, 6000);
  EXPECT_EQ(sink.gcps_batching.delay_threshold, milliseconds(10));
  const SinkConfig defaults =
      BindOk("divolte.sinks.p { type = gcps, retry_settings.initial_rpc_timeout = 20s }")
          .sinks.at(0);
  EXPECT_EQ(defaults.topic, "divolte");
  EXPECT_EQ(defaults.gcps_retry.max_attempts, 0);
  EXPECT_EQ(defaults.gcps_retry.total_timeout, seconds(10));
  EXPECT_EQ(defaults.gcps_retry.initial_retry_delay, milliseconds(5));
  EXPECT_EQ(defaults.gcps_retry.max_retry_delay, minutes(1));
  EXPECT_EQ(defaults.gcps_retry.max_rpc_timeout, seconds(20));  // follows initial_rpc_timeout
  EXPECT_EQ(defaults.gcps_batching.element_count_threshold, 100);
  EXPECT_EQ(defaults.gcps_batching.request_bytes_threshold, 1000);
  EXPECT_EQ(defaults.gcps_batching.delay_threshold, milliseconds(1));
}

TEST(BindSinks, GcpsConstraints) {
  EXPECT_THAT(
      BindErrors("divolte.sinks.p { type = gcps\nretry_settings { total_timeout = 9s, "
                 "initial_rpc_timeout = 9ms, rpc_timeout_multiplier = 0 }\nbatching_settings { "
                 "element_count_threshold = 0, request_bytes_threshold = 0, delay_threshold = "
                 "999us } }"),
      ElementsAre("Property 'divolte.sinks.p.retry_settings.total_timeout' must be at least 10 "
                  "seconds. Found: '9s' (test.conf:2).",
                  "Property 'divolte.sinks.p.retry_settings.initial_rpc_timeout' must be at "
                  "least 10 milliseconds. Found: '9ms' (test.conf:2).",
                  "Property 'divolte.sinks.p.retry_settings.rpc_timeout_multiplier' must be at "
                  "least 1. Found: '0' (test.conf:2).",
                  "Property 'divolte.sinks.p.batching_settings.element_count_threshold' must be "
                  "between 1 and 9223372036854775807. Found: '0' (test.conf:3).",
                  "Property 'divolte.sinks.p.batching_settings.request_bytes_threshold' must be "
                  "between 1 and 9223372036854775807. Found: '0' (test.conf:3).",
                  "Property 'divolte.sinks.p.batching_settings.delay_threshold' must be at least "
                  "1 millisecond. Found: '999us' (test.conf:3)."));
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, retry_settings { max_rpc_timeout = 1s "
                         "} }"),
              ElementsAre("Property 'divolte.sinks.p.retry_settings.max_rpc_timeout' must be at "
                          "least initial_rpc_timeout (15 seconds). Found: '1s' (test.conf:1)."));
}

}  // namespace
}  // namespace divolte::config
