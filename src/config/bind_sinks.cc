// Binding of divolte.sinks (config.md §6.6) with the ranges of §4 and §6.6.

#include <limits>

#include "config/binding.h"
#include "config/duration.h"

namespace divolte::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

void BindFileStrategy(ObjectReader strategy, FileStrategyConfig* out) {
  strategy.Read("working_dir", &out->working_dir);
  strategy.Read("publish_dir", &out->publish_dir);
  strategy.ReadDuration("roll_every", Duration(0), &out->roll_every, /*exclusive=*/true);
  strategy.ReadInt("sync_file_after_records", 1, kMaxInt32, &out->sync_file_after_records);
  strategy.ReadDuration("sync_file_after_duration", Duration(0), &out->sync_file_after_duration,
                        /*exclusive=*/true);
  strategy.ReadEnum<Codec>(
      "codec", {{"null", Codec::kNull}, {"deflate", Codec::kDeflate}, {"snappy", Codec::kSnappy}},
      &out->codec);
  strategy.Finish();
}

// "upper must be at least lower": reported on the upper key when it was written, else on the
// lower one (the upper is then its default).
void CheckOrder(ObjectReader& section, std::string_view lower_key, Duration lower,
                std::string_view upper_key, Duration upper) {
  if (upper >= lower) return;
  if (const Value* value = section.Get(upper_key)) {
    section.Error(upper_key,
                  "must be at least " + std::string(lower_key) + " (" + FormatDuration(lower) + ")",
                  *value);
  } else if (const Value* value = section.Get(lower_key)) {
    section.Error(lower_key,
                  "must be at most " + std::string(upper_key) + " (" + FormatDuration(upper) + ")",
                  *value);
  }
}

void BindGcsRetry(ObjectReader retry, GcsRetryConfig* out) {
  retry.ReadInt("max_attempts", 0, kMaxInt32, &out->max_attempts);
  retry.ReadDuration("total_timeout", Duration(0), &out->total_timeout);
  retry.ReadDuration("initial_retry_delay", Duration(0), &out->initial_retry_delay);
  retry.ReadDouble("retry_delay_multiplier", 1, kUnbounded, &out->retry_delay_multiplier);
  retry.ReadDuration("max_retry_delay", Duration(0), &out->max_retry_delay);
  retry.ReadDuration("jitter_delay", Duration(0), &out->jitter_delay);
  retry.ReadDouble("jitter_factor", 0, 1, &out->jitter_factor);
  retry.Finish();
  CheckOrder(retry, "initial_retry_delay", out->initial_retry_delay, "max_retry_delay",
             out->max_retry_delay);
  if (!out->jitter_delay && !out->jitter_factor) out->jitter_delay = seconds(1);
}

void BindGcpsRetry(ObjectReader retry, GcpsRetryConfig* out) {
  retry.ReadInt("max_attempts", 0, kMaxInt32, &out->max_attempts);
  retry.ReadDuration("total_timeout", seconds(10), &out->total_timeout);
  retry.ReadDuration("initial_retry_delay", Duration(0), &out->initial_retry_delay);
  retry.ReadDouble("retry_delay_multiplier", 1, kUnbounded, &out->retry_delay_multiplier);
  retry.ReadDuration("max_retry_delay", Duration(0), &out->max_retry_delay);
  retry.ReadDuration("initial_rpc_timeout", milliseconds(10), &out->initial_rpc_timeout);
  retry.ReadDouble("rpc_timeout_multiplier", 1, kUnbounded, &out->rpc_timeout_multiplier);
  out->max_rpc_timeout = out->initial_rpc_timeout;
  retry.ReadDuration("max_rpc_timeout", Duration(0), &out->max_rpc_timeout);
  retry.Finish();
  CheckOrder(retry, "initial_retry_delay", out->initial_retry_delay, "max_retry_delay",
             out->max_retry_delay);
  CheckOrder(retry, "initial_rpc_timeout", out->initial_rpc_timeout, "max_rpc_timeout",
             out->max_rpc_timeout);
}

void BindGcpsBatching(ObjectReader batching, GcpsBatchingConfig* out) {
  batching.ReadInt("element_count_threshold", 1, kMaxInt64, &out->element_count_threshold);
  batching.ReadInt("request_bytes_threshold", 1, kMaxInt64, &out->request_bytes_threshold);
  batching.ReadDuration("delay_threshold", milliseconds(1), &out->delay_threshold);
  batching.Finish();
}

void BindSinkOfType(ObjectReader& sink, SinkConfig* out) {
  switch (out->type) {
    case SinkType::kHdfs:
      BindFileStrategy(sink.Child("file_strategy"), &out->file_strategy);
      sink.ReadInt("replication", 1, 32767, &out->replication);
      break;
    case SinkType::kGcs:
      BindFileStrategy(sink.Child("file_strategy"), &out->file_strategy);
      if (sink.Require("bucket")) sink.Read("bucket", &out->bucket);
      BindGcsRetry(sink.Child("retry_settings"), &out->gcs_retry);
      break;
    case SinkType::kKafka:
      sink.Read("topic", &out->topic);
      sink.ReadEnum<KafkaMode>("mode",
                               {{"naked", KafkaMode::kNaked}, {"confluent", KafkaMode::kConfluent}},
                               &out->kafka_mode);
      break;
    case SinkType::kGcps:
      sink.Read("topic", &out->topic);
      BindGcpsRetry(sink.Child("retry_settings"), &out->gcps_retry);
      BindGcpsBatching(sink.Child("batching_settings"), &out->gcps_batching);
      break;
  }
}

}  // namespace

void BindSinks(const Value& sinks, Diagnostics* diagnostics, BindResult* out) {
  for (const auto& [name, value] : sinks.fields()) {
    std::string path = "divolte.sinks." + name;
    if (value->type() != ValueType::kObject) {
      diagnostics->errors.push_back(PropertyError(path, "must be an object", *value));
      out->unbound_sinks.push_back(name);
      continue;
    }
    ObjectReader sink(value.get(), path, diagnostics);
    std::optional<SinkType> type;
    if (sink.Require("type")) {
      sink.ReadEnum<SinkType>("type",
                              {{"hdfs", SinkType::kHdfs},
                               {"gcs", SinkType::kGcs},
                               {"kafka", SinkType::kKafka},
                               {"gcps", SinkType::kGcps}},
                              &type);
    }
    if (!type) {
      out->unbound_sinks.push_back(name);
      continue;
    }
    SinkConfig config{.name = name, .type = *type};
    BindSinkOfType(sink, &config);
    sink.Finish();
    out->config.sinks.push_back(std::move(config));
  }
}

}  // namespace divolte::config
