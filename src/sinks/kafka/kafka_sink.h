#pragma once

// KafkaSink: the `kafka` sink (sinks.md §6). One librdkafka producer per sink, created at start-up
// and shared by the sink's threads (brokers are contacted lazily); each thread's KafkaWorker
// produces its batch, waits for every delivery report, keeps retriable failures pending (PAUSE,
// re-sent on every heartbeat in their original order) and drops permanent ones, counted.
// Thread-safe after construction: workers only use the producer, which librdkafka allows from
// any thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "sinks/sink.h"

struct rd_kafka_s;
struct rd_kafka_topic_s;

namespace divolte::sinks::kafka {

struct KafkaSinkOptions {
  std::string name;
  std::string topic;
  // Written before every datum: empty in naked mode; in confluent mode 00 and the mapping's
  // confluent_id as 4 bytes big-endian (schema.md §7).
  std::string value_prefix;
};

class KafkaSink final : public Sink {
 public:
  ~KafkaSink() override;

  std::unique_ptr<SinkWorker> CreateWorker(int thread_index) override;
  // "Kafka Flusher [<sink>] - <thread_index + 1>" (operations.md §6).
  std::string ThreadName(int thread_index) const override;
  SinkStats& stats() override { return stats_; }

  struct Producer;  // the librdkafka handles, defined in the .cc

 private:
  friend base::Result<std::unique_ptr<Sink>> CreateKafkaSink(const config::SinkConfig&,
                                                             const config::PropertyBlock&,
                                                             std::optional<int32_t>);
  KafkaSink(KafkaSinkOptions options, std::unique_ptr<Producer> producer);

  const KafkaSinkOptions options_;
  std::unique_ptr<Producer> producer_;
  SinkStats stats_;
};

// Creates the producer from `producer` (divolte.global.kafka.producer, sinks.md §6.2; ignored
// properties are logged at WARN). `confluent_id` is the id shared by the sink's mappings, required
// in confluent mode (config validation has checked it). Errors are start-up messages.
// REQUIRES: sink.type == config::SinkType::kKafka.
base::Result<std::unique_ptr<Sink>> CreateKafkaSink(const config::SinkConfig& sink,
                                                    const config::PropertyBlock& producer,
                                                    std::optional<int32_t> confluent_id);

// The checks of CreateKafkaSink that need no network (--check-config, operations.md §3): the
// producer properties are translated and validated, and no producer is created, since librdkafka
// starts resolving and connecting to the brokers as soon as one exists.
base::Status CheckKafkaSink(const config::SinkConfig& sink, const config::PropertyBlock& producer);

}  // namespace divolte::sinks::kafka
