// Binding of divolte.global (config.md §6.1–§6.3).

#include <algorithm>
#include <limits>

#include "config/binding.h"

namespace divolte::config {
namespace {

constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxThreads = 1024;

void BindServer(ObjectReader server, int available_cpus, ServerConfig* out) {
  std::optional<std::string> host;
  server.Read("host", &host);
  if (host) out->host = *host;
  server.ReadInt("port", 0, 65535, &out->port);
  server.Read("use_x_forwarded_for", &out->use_x_forwarded_for);
  server.Read("serve_static_resources", &out->serve_static_resources);
  server.Read("debug_requests", &out->debug_requests);
  server.ReadDuration("shutdown_delay", Duration(0), &out->shutdown_delay);
  server.ReadDuration("shutdown_timeout", Duration(0), &out->shutdown_timeout);
  out->io_threads = static_cast<int>(std::clamp<int64_t>(available_cpus, 2, kMaxThreads));
  server.ReadInt("io_threads", 1, kMaxThreads, &out->io_threads);

  ObjectReader backpressure = server.Child("backpressure");
  backpressure.ReadEnum<BackpressureMode>(
      "mode", {{"reject", BackpressureMode::kReject}, {"drop", BackpressureMode::kDrop}},
      &out->backpressure_mode);
  backpressure.ReadDuration("retry_after", Duration(0), &out->backpressure_retry_after);
  backpressure.Finish();

  ObjectReader metrics = server.Child("metrics");
  metrics.Read("enabled", &out->metrics_enabled);
  metrics.Finish();
  server.Finish();
}

void BindMapper(ObjectReader mapper, MapperConfig* out) {
  mapper.ReadInt("threads", 1, kMaxThreads, &out->threads);
  mapper.ReadInt("buffer_size", 1, kMaxInt32, &out->buffer_size);
  mapper.ReadInt("duplicate_memory_size", 1, kMaxInt32, &out->duplicate_memory_size);
  mapper.Read("ip2geo_database", &out->ip2geo_database);

  ObjectReader parser = mapper.Child("user_agent_parser");
  parser.ReadEnum<UserAgentParserType>(
      "type",
      {{"non_updating", UserAgentParserType::kNonUpdating},
       {"online_updating", UserAgentParserType::kOnlineUpdating},
       {"caching_and_updating", UserAgentParserType::kCachingAndUpdating}},
      &out->user_agent_parser_type);
  parser.ReadInt("cache_size", 0, kMaxInt32, &out->user_agent_cache_size);
  parser.Read("regexes_file", &out->user_agent_regexes_file);
  parser.Finish();
  mapper.Finish();
}

// The keys shared by the four sink-type sections; the caller reads its extra key first.
void BindSinkType(ObjectReader& section, SinkTypeConfig* out) {
  section.Read("enabled", &out->enabled);
  section.ReadInt("threads", 1, kMaxThreads, &out->threads);
  section.ReadInt("buffer_size", 1, kMaxInt32, &out->buffer_size);
}

std::optional<PropertyBlock> ReadPropertyBlock(ObjectReader& section, std::string_view key) {
  const Value* block = section.Get(key);
  if (!block) return std::nullopt;
  if (block->type() != ValueType::kObject) {
    section.Error(key, "must be an object", *block);
    return std::nullopt;
  }
  return FlattenPropertyBlock(*block, section.PathOf(key), section.diagnostics());
}

}  // namespace

void BindGlobal(ObjectReader& global, int available_cpus, GlobalConfig* out) {
  BindServer(global.Child("server"), available_cpus, &out->server);
  BindMapper(global.Child("mapper"), &out->mapper);

  ObjectReader hdfs = global.Child("hdfs");
  BindSinkType(hdfs, &out->hdfs);
  out->hdfs_client = ReadPropertyBlock(hdfs, "client");
  hdfs.Finish();

  ObjectReader gcs = global.Child("gcs");
  BindSinkType(gcs, &out->gcs);
  gcs.Finish();

  ObjectReader kafka = global.Child("kafka");
  BindSinkType(kafka, &out->kafka);
  out->kafka_producer = ReadPropertyBlock(kafka, "producer").value_or(PropertyBlock{});
  kafka.Finish();

  ObjectReader gcps = global.Child("gcps");
  BindSinkType(gcps, &out->gcps);
  gcps.Read("project_id", &out->gcps_project_id);
  gcps.Finish();
  global.Finish();
}

}  // namespace divolte::config
