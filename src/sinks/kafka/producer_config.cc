#include "sinks/kafka/producer_config.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/strings.h"
#include "sinks/kafka/jaas_config.h"

namespace divolte::sinks::kafka {
namespace {

constexpr std::string_view kPrefix = "divolte.global.kafka.producer.";
constexpr std::string_view kPartitioner = "murmur2_random";
constexpr std::string_view kDefaultMessageTimeoutMs = "120000";  // the Java delivery.timeout.ms
// The Java client's linger.ms default. librdkafka's is 5 ms; each sink thread waits for its
// batch's acknowledgements, so lingering adds to every batch (bench/RESULTS.md: p50 from 7.5 ms
// to 0.5 ms with one connection).
constexpr std::string_view kDefaultLingerMs = "0";
constexpr std::string_view kHidden = "[hidden]";

constexpr std::array<std::string_view, 2> kPartitionerNames = {"partitioner", "partitioner.class"};
constexpr std::array<std::string_view, 7> kJavaOnlyNames = {
    "key.serializer",      "value.serializer",         "interceptor.classes", "metric.reporters",
    "metrics.num.samples", "metrics.sample.window.ms", "max.block.ms"};
constexpr std::array<std::string_view, 2> kTimeoutNames = {"delivery.timeout.ms",
                                                           "message.timeout.ms"};
constexpr std::array<std::string_view, 2> kLingerNames = {"linger.ms", "queue.buffering.max.ms"};
constexpr std::array<std::string_view, 2> kKeyStorePrefixes = {"ssl.truststore.", "ssl.keystore."};

// queue.buffering.max.kbytes accepts 1..2147483647; buffer.memory is in bytes.
constexpr uint64_t kMinBufferMemory = 1024;
constexpr uint64_t kMaxBufferMemory = 2147483647ULL * 1024 + 1023;

template <size_t N>
bool IsOneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

bool StartsWithAny(std::string_view name, const std::array<std::string_view, 2>& prefixes) {
  for (std::string_view prefix : prefixes) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

// Passwords, secrets and inline private keys are never shown in the applied list.
bool IsSecret(std::string_view name) {
  return name.ends_with("password") || name.find("secret") != std::string_view::npos ||
         name == "ssl.key.pem" || name == "sasl.oauthbearer.config";
}

// buffer.memory in bytes (a whole decimal number, optionally signed '+') in kilobytes.
std::optional<uint64_t> BufferMemoryKilobytes(std::string_view value) {
  std::string_view digits = base::TrimAsciiWhitespace(value);
  if (digits.starts_with('+')) digits.remove_prefix(1);
  uint64_t bytes = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bytes);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  if (bytes < kMinBufferMemory || bytes > kMaxBufferMemory) return std::nullopt;
  return bytes / 1024;
}

// Collects the settings, warnings and errors of one producer block, in order.
class ProducerConfigBuilder {
 public:
  ProducerConfigBuilder() { result_.conf.reset(rd_kafka_conf_new()); }

  void Add(const std::string& name, const std::string& value);
  base::Result<ProducerConfig> Finish() &&;

 private:
  // Sets `name` in librdkafka; a rejection is reported against the configured `property`.
  void Set(std::string_view property, const std::string& name, const std::string& value);
  void AddBufferMemory(const std::string& value);
  void AddJaasConfig(const std::string& value);
  void Warn(std::string_view property, std::string_view reason);
  void Fail(std::string_view property, std::string_view problem);
  void Refuse(std::string_view property, std::string_view problem);

  ProducerConfig result_;
  std::vector<std::string> errors_;
  bool timeout_configured_ = false;
  bool linger_configured_ = false;
};

void ProducerConfigBuilder::Add(const std::string& name, const std::string& value) {
  if (IsOneOf(name, kTimeoutNames)) timeout_configured_ = true;
  if (IsOneOf(name, kLingerNames)) linger_configured_ = true;
  if (IsOneOf(name, kPartitionerNames)) {
    Warn(name, fmt::format("the partitioner is always {}", kPartitioner));
  } else if (IsOneOf(name, kJavaOnlyNames)) {
    Warn(name, "it applies only to the Java Kafka client");
  } else if (StartsWithAny(name, kKeyStorePrefixes)) {
    Refuse(name,
           "Java key stores (JKS/PKCS12) are not supported; use ssl.ca.location, "
           "ssl.certificate.location and ssl.key.location (PEM files) instead");
  } else if (name == "buffer.memory") {
    AddBufferMemory(value);
  } else if (name == "sasl.jaas.config") {
    AddJaasConfig(value);
  } else if (IsOneOf(name, kTimeoutNames) && base::TrimAsciiWhitespace(value) == "0") {
    // 0 means "never time out" to librdkafka: a sink thread would wait forever in an outage
    // instead of keeping its records pending (sinks.md §6.4).
    Fail(name, "must be at least 1: the Kafka sink needs every record to time out");
  } else if (name == "delivery.report.only.error" && base::TrimAsciiWhitespace(value) != "false") {
    // Every record's report is awaited and counted (sinks.md §6.4): without success reports a
    // sink thread would wait forever.
    Fail(name, "must be false: the Kafka sink counts the delivery report of every record");
  } else if (name == "bootstrap.servers" && base::TrimAsciiWhitespace(value).empty()) {
    // librdkafka would accept an empty list and never deliver; the Java client refuses it.
    Fail(name, "at least one broker (host:port) is required");
  } else if (name == "ssl.endpoint.identification.algorithm" &&
             base::TrimAsciiWhitespace(value).empty()) {
    // The Java client's way of disabling host name verification; librdkafka spells it "none".
    Set(name, name, "none");
  } else {
    Set(name, name, value);
  }
}

base::Result<ProducerConfig> ProducerConfigBuilder::Finish() && {
  Set("partitioner", "partitioner", std::string(kPartitioner));
  if (!timeout_configured_) {
    Set("message.timeout.ms", "message.timeout.ms", std::string(kDefaultMessageTimeoutMs));
  }
  if (!linger_configured_) Set("linger.ms", "linger.ms", std::string(kDefaultLingerMs));
  if (errors_.empty()) return std::move(result_);
  std::string message;
  for (const std::string& error : errors_) {
    if (!message.empty()) message += '\n';
    message += error;
  }
  return base::Result<ProducerConfig>::Error(std::move(message));
}

void ProducerConfigBuilder::Set(std::string_view property, const std::string& name,
                                const std::string& value) {
  char error[512] = "";
  if (rd_kafka_conf_set(result_.conf.get(), name.c_str(), value.c_str(), error, sizeof(error)) !=
      RD_KAFKA_CONF_OK) {
    Fail(property, base::TrimAsciiWhitespace(error));
    return;
  }
  result_.applied.emplace_back(name, IsSecret(name) ? std::string(kHidden) : value);
}

void ProducerConfigBuilder::AddBufferMemory(const std::string& value) {
  const std::optional<uint64_t> kilobytes = BufferMemoryKilobytes(value);
  if (!kilobytes) {
    Fail("buffer.memory", fmt::format("'{}' is not a whole number of bytes from {} to {}", value,
                                      kMinBufferMemory, kMaxBufferMemory));
    return;
  }
  Set("buffer.memory", "queue.buffering.max.kbytes", std::to_string(*kilobytes));
}

void ProducerConfigBuilder::AddJaasConfig(const std::string& value) {
  base::Result<SaslCredentials> credentials = ParseSaslJaasConfig(value);
  if (!credentials.ok()) {
    Fail("sasl.jaas.config", credentials.message());
    return;
  }
  Set("sasl.jaas.config", "sasl.username", credentials->username);
  Set("sasl.jaas.config", "sasl.password", credentials->password);
}

void ProducerConfigBuilder::Warn(std::string_view property, std::string_view reason) {
  result_.warnings.push_back(
      fmt::format("Ignoring Kafka producer property '{}{}': {}", kPrefix, property, reason));
}

void ProducerConfigBuilder::Fail(std::string_view property, std::string_view problem) {
  errors_.push_back(
      fmt::format("Invalid Kafka producer property '{}{}': {}", kPrefix, property, problem));
}

void ProducerConfigBuilder::Refuse(std::string_view property, std::string_view problem) {
  errors_.push_back(
      fmt::format("Unsupported Kafka producer property '{}{}': {}", kPrefix, property, problem));
}

}  // namespace

void ConfDeleter::operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }

base::Result<ProducerConfig> BuildProducerConfig(const config::PropertyBlock& producer) {
  ProducerConfigBuilder builder;
  for (const auto& [name, value] : producer) builder.Add(name, value);
  return std::move(builder).Finish();
}

}  // namespace divolte::sinks::kafka
