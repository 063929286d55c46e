#pragma once

// The librdkafka configuration of the Kafka producer, translated from the flattened
// `divolte.global.kafka.producer` block (sinks.md §6.2). Built once at start-up on the main
// thread; the resulting configuration is handed to rd_kafka_new (which takes ownership of it).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/config.h"

// librdkafka's opaque configuration handle (declared identically in <librdkafka/rdkafka.h>).
typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace divolte::sinks::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const;
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

struct ProducerConfig {
  ConfPtr conf;                       // every property set, validated by librdkafka
  std::vector<std::string> warnings;  // one line per ignored property (log at WARN)
  // What was set, librdkafka names and values, in order (tests, the start-up INFO log); secrets
  // (sasl.password, ssl.key.password, other passwords and secrets) shown as "[hidden]".
  std::vector<std::pair<std::string, std::string>> applied;
};

// Translates divolte.global.kafka.producer (sinks.md §6.2) into a librdkafka configuration:
// librdkafka names pass unchanged, Java-client-only names are ignored with a warning,
// buffer.memory and sasl.jaas.config are translated, Java key stores are refused, and the fixed
// settings (partitioner murmur2_random, message.timeout.ms 120000 unless configured) come last.
// All problems are reported at once, one per line, as start-up messages naming the property as
// `divolte.global.kafka.producer.<name>`.
base::Result<ProducerConfig> BuildProducerConfig(const config::PropertyBlock& producer);

}  // namespace divolte::sinks::kafka
