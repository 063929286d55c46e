// The ranges of config.md §4 (correction C5) and §6.6, one test per key: a value just outside each
// bound is reported with the exact message, and the bounds themselves are accepted.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/binding.h"
#include "config/test_util.h"

namespace divolte::config {
namespace {

using testing::BindErrors;
using testing::BindOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Ranges, Port) {
  EXPECT_THAT(BindErrors("divolte.global.server.port = 65536"),
              ElementsAre("Property 'divolte.global.server.port' must be between 0 and 65535. "
                          "Found: '65536' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.server.port = -1"),
              ElementsAre("Property 'divolte.global.server.port' must be between 0 and 65535. "
                          "Found: '-1' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.global.server.port = 0").global.server.port, 0);
  EXPECT_EQ(BindOk("divolte.global.server.port = 65535").global.server.port, 65535);
}

TEST(Ranges, PortFromTheEnvironment) {
  testing::Bound bound = testing::Bind("", 2, {{"DIVOLTE_PORT", "65536"}});
  EXPECT_THAT(bound.diagnostics.errors,
              ElementsAre("Property 'divolte.global.server.port' must be between 0 and 65535. "
                          "Found: '65536' (environment variable DIVOLTE_PORT)."));
}

TEST(Ranges, IoThreads) {
  EXPECT_THAT(BindErrors("divolte.global.server.io_threads = 0"),
              ElementsAre("Property 'divolte.global.server.io_threads' must be between 1 and "
                          "1024. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.server.io_threads = 1025"),
              ElementsAre("Property 'divolte.global.server.io_threads' must be between 1 and "
                          "1024. Found: '1025' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.global.server.io_threads = 1024").global.server.io_threads, 1024);
}

TEST(Ranges, MapperThreads) {
  EXPECT_THAT(BindErrors("divolte.global.mapper.threads = 0"),
              ElementsAre("Property 'divolte.global.mapper.threads' must be between 1 and 1024. "
                          "Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.mapper.threads = 1025"),
              ElementsAre("Property 'divolte.global.mapper.threads' must be between 1 and 1024. "
                          "Found: '1025' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.global.mapper.threads = 1").global.mapper.threads, 1);
  EXPECT_EQ(BindOk("divolte.global.mapper.threads = 1024").global.mapper.threads, 1024);
}

TEST(Ranges, SinkTypeThreads) {
  EXPECT_THAT(BindErrors("divolte.global { hdfs.threads = 0, gcs.threads = 1025\n"
                         "kafka.threads = 0, gcps.threads = 1025 }"),
              ElementsAre("Property 'divolte.global.hdfs.threads' must be between 1 and 1024. "
                          "Found: '0' (test.conf:1).",
                          "Property 'divolte.global.gcs.threads' must be between 1 and 1024. "
                          "Found: '1025' (test.conf:1).",
                          "Property 'divolte.global.kafka.threads' must be between 1 and 1024. "
                          "Found: '0' (test.conf:2).",
                          "Property 'divolte.global.gcps.threads' must be between 1 and 1024. "
                          "Found: '1025' (test.conf:2)."));
  EXPECT_EQ(BindOk("divolte.global.kafka.threads = 1024").global.kafka.threads, 1024);
}

TEST(Ranges, BufferSizes) {
  EXPECT_THAT(BindErrors("divolte.global.mapper.buffer_size = 0"),
              ElementsAre("Property 'divolte.global.mapper.buffer_size' must be between 1 and "
                          "2147483647. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.mapper.buffer_size = 2147483648"),
              ElementsAre("Property 'divolte.global.mapper.buffer_size' must be between 1 and "
                          "2147483647. Found: '2147483648' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global { hdfs.buffer_size = 0, gcs.buffer_size = 2147483648\n"
                         "kafka.buffer_size = 0, gcps.buffer_size = 2147483648 }"),
              ElementsAre("Property 'divolte.global.hdfs.buffer_size' must be between 1 and "
                          "2147483647. Found: '0' (test.conf:1).",
                          "Property 'divolte.global.gcs.buffer_size' must be between 1 and "
                          "2147483647. Found: '2147483648' (test.conf:1).",
                          "Property 'divolte.global.kafka.buffer_size' must be between 1 and "
                          "2147483647. Found: '0' (test.conf:2).",
                          "Property 'divolte.global.gcps.buffer_size' must be between 1 and "
                          "2147483647. Found: '2147483648' (test.conf:2)."));
  Config config =
      BindOk("divolte.global { mapper.buffer_size = 1, hdfs.buffer_size = 2147483647 }");
  EXPECT_EQ(config.global.mapper.buffer_size, 1);
  EXPECT_EQ(config.global.hdfs.buffer_size, 2147483647);
}

TEST(Ranges, DuplicateMemorySize) {
  EXPECT_THAT(BindErrors("divolte.global.mapper.duplicate_memory_size = 0"),
              ElementsAre("Property 'divolte.global.mapper.duplicate_memory_size' must be between "
                          "1 and 2147483647. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.mapper.duplicate_memory_size = 2147483648"),
              ElementsAre("Property 'divolte.global.mapper.duplicate_memory_size' must be between "
                          "1 and 2147483647. Found: '2147483648' (test.conf:1)."));
  EXPECT_EQ(
      BindOk("divolte.global.mapper.duplicate_memory_size = 1").global.mapper.duplicate_memory_size,
      1);
}

TEST(Ranges, CacheSize) {
  EXPECT_THAT(BindErrors("divolte.global.mapper.user_agent_parser.cache_size = -1"),
              ElementsAre("Property 'divolte.global.mapper.user_agent_parser.cache_size' must be "
                          "between 0 and 2147483647. Found: '-1' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.mapper.user_agent_parser.cache_size = 2147483648"),
              ElementsAre("Property 'divolte.global.mapper.user_agent_parser.cache_size' must be "
                          "between 0 and 2147483647. Found: '2147483648' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.global.mapper.user_agent_parser.cache_size = 0")
                .global.mapper.user_agent_cache_size,
            0);
}

TEST(Ranges, MaximumBodySize) {
  EXPECT_THAT(BindErrors("divolte.sources.j { type = json, maximum_body_size = 0 }"),
              ElementsAre("Property 'divolte.sources.j.maximum_body_size' must be between 1 and "
                          "2147483647. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sources.j { type = json, maximum_body_size = 2147483648 }"),
              ElementsAre("Property 'divolte.sources.j.maximum_body_size' must be between 1 and "
                          "2147483647. Found: '2147483648' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.sources.j { type = json, maximum_body_size = 1 }")
                .sources.at(0)
                .json.maximum_body_size,
            1);
}

TEST(Ranges, SyncFileAfterRecords) {
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, file_strategy.sync_file_after_records = "
                         "0 }"),
              ElementsAre("Property 'divolte.sinks.h.file_strategy.sync_file_after_records' must "
                          "be between 1 and 2147483647. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.g { type = gcs, bucket = b\n"
                         "file_strategy.sync_file_after_records = 2147483648 }"),
              ElementsAre("Property 'divolte.sinks.g.file_strategy.sync_file_after_records' must "
                          "be between 1 and 2147483647. Found: '2147483648' (test.conf:2)."));
}

TEST(Ranges, Replication) {
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, replication = 0 }"),
              ElementsAre("Property 'divolte.sinks.h.replication' must be between 1 and 32767. "
                          "Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, replication = 32768 }"),
              ElementsAre("Property 'divolte.sinks.h.replication' must be between 1 and 32767. "
                          "Found: '32768' (test.conf:1)."));
  EXPECT_EQ(BindOk("divolte.sinks.h { type = hdfs, replication = 32767 }").sinks.at(0).replication,
            32767);
}

TEST(Ranges, ConfluentIdIsAny32BitInteger) {
  EXPECT_THAT(BindErrors("divolte.mappings.m { sources = [], sinks = [], confluent_id = "
                         "-2147483649 }"),
              ElementsAre("Property 'divolte.mappings.m.confluent_id' must be between "
                          "-2147483648 and 2147483647. Found: '-2147483649' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.mappings.m { sources = [], sinks = [], confluent_id = "
                         "2147483648 }"),
              ElementsAre("Property 'divolte.mappings.m.confluent_id' must be between "
                          "-2147483648 and 2147483647. Found: '2147483648' (test.conf:1)."));
  Config config = BindOk(
      "divolte.mappings { a { sources = [], sinks = [], confluent_id = -2147483648 }\n"
      "b { sources = [], sinks = [], confluent_id = 2147483647 } }");
  EXPECT_EQ(config.mappings.at(0).confluent_id, -2147483648LL);
  EXPECT_EQ(config.mappings.at(1).confluent_id, 2147483647);
}

TEST(Ranges, RollEveryAndSyncAfterDurationArePositive) {
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, file_strategy { roll_every = 0 seconds, "
                         "sync_file_after_duration = 0 } }"),
              ElementsAre("Property 'divolte.sinks.h.file_strategy.roll_every' must be greater "
                          "than zero. Found: '0 seconds' (test.conf:1).",
                          "Property 'divolte.sinks.h.file_strategy.sync_file_after_duration' must "
                          "be greater than zero. Found: '0' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, file_strategy.roll_every = -1 ms }"),
              ElementsAre("Property 'divolte.sinks.h.file_strategy.roll_every' must not be "
                          "negative. Found: '-1 ms' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, file_strategy { roll_every = 1 ns, "
                         "sync_file_after_duration = 1 ns } }"),
              IsEmpty());
}

TEST(Ranges, GcsRetrySettings) {
  EXPECT_THAT(BindErrors("divolte.sinks.g { type = gcs, bucket = b, retry_settings { "
                         "jitter_factor = -0.1, retry_delay_multiplier = 0.99 } }"),
              ElementsAre("Property 'divolte.sinks.g.retry_settings.retry_delay_multiplier' must "
                          "be at least 1. Found: '0.99' (test.conf:1).",
                          "Property 'divolte.sinks.g.retry_settings.jitter_factor' must be between "
                          "0 and 1. Found: '-0.1' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.g { type = gcs, bucket = b, retry_settings { "
                         "jitter_factor = 1.01, max_retry_delay = 999 ms } }"),
              ElementsAre("Property 'divolte.sinks.g.retry_settings.jitter_factor' must be between "
                          "0 and 1. Found: '1.01' (test.conf:1).",
                          "Property 'divolte.sinks.g.retry_settings.max_retry_delay' must be at "
                          "least initial_retry_delay (1 second). Found: '999 ms' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.g { type = gcs, bucket = b, retry_settings { "
                         "max_attempts = 0, retry_delay_multiplier = 1, jitter_factor = 1, "
                         "max_retry_delay = 1 second } }"),
              IsEmpty());
}

TEST(Ranges, GcpsRetrySettings) {
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, retry_settings { max_attempts = -1\n"
                         "total_timeout = 9999 ms, initial_retry_delay = -1 ms\n"
                         "retry_delay_multiplier = 0.99, initial_rpc_timeout = 9 ms\n"
                         "rpc_timeout_multiplier = 0.99 } }"),
              ElementsAre("Property 'divolte.sinks.p.retry_settings.max_attempts' must be between "
                          "0 and 2147483647. Found: '-1' (test.conf:1).",
                          "Property 'divolte.sinks.p.retry_settings.total_timeout' must be at "
                          "least 10 seconds. Found: '9999 ms' (test.conf:2).",
                          "Property 'divolte.sinks.p.retry_settings.initial_retry_delay' must not "
                          "be negative. Found: '-1 ms' (test.conf:2).",
                          "Property 'divolte.sinks.p.retry_settings.retry_delay_multiplier' must "
                          "be at least 1. Found: '0.99' (test.conf:3).",
                          "Property 'divolte.sinks.p.retry_settings.initial_rpc_timeout' must be "
                          "at least 10 milliseconds. Found: '9 ms' (test.conf:3).",
                          "Property 'divolte.sinks.p.retry_settings.rpc_timeout_multiplier' must "
                          "be at least 1. Found: '0.99' (test.conf:4)."));
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, retry_settings { "
                         "initial_retry_delay = 2 s, max_retry_delay = 1999 ms } }"),
              ElementsAre("Property 'divolte.sinks.p.retry_settings.max_retry_delay' must be at "
                          "least initial_retry_delay (2 seconds). Found: '1999 ms' "
                          "(test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, retry_settings { max_attempts = 0\n"
                         "total_timeout = 10 s, initial_retry_delay = 0, retry_delay_multiplier "
                         "= 1\ninitial_rpc_timeout = 10 ms, rpc_timeout_multiplier = 1, "
                         "max_rpc_timeout = 10 ms, max_retry_delay = 0 } }"),
              IsEmpty());
}

TEST(Ranges, GcpsBatchingSettings) {
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, batching_settings { "
                         "element_count_threshold = 0, request_bytes_threshold = 0, "
                         "delay_threshold = 999 us } }"),
              ElementsAre("Property 'divolte.sinks.p.batching_settings.element_count_threshold' "
                          "must be between 1 and 9223372036854775807. Found: '0' (test.conf:1).",
                          "Property 'divolte.sinks.p.batching_settings.request_bytes_threshold' "
                          "must be between 1 and 9223372036854775807. Found: '0' (test.conf:1).",
                          "Property 'divolte.sinks.p.batching_settings.delay_threshold' must be at "
                          "least 1 millisecond. Found: '999 us' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.sinks.p { type = gcps, batching_settings { "
                         "element_count_threshold = 1, request_bytes_threshold = 1, "
                         "delay_threshold = 1 ms } }"),
              IsEmpty());
}

}  // namespace
}  // namespace divolte::config
