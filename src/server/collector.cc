#include "server/collector.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "avro/default_schema.h"
#include "mapping/script_mapping.h"
#include "sinks/file/file_sink.h"
#include "sinks/kafka/kafka_sink.h"
#include "sources/browser/event_handler.h"
#include "sources/browser/tag_handler.h"
#include "sources/json/json_event_handler.h"
#include "sources/ping/ping_handler.h"
#include "sources/test_page/test_page_handler.h"
#include "tag/static_resource.h"
#include "tag/tag_renderer.h"

namespace divolte::server {
namespace {

const config::SinkTypeConfig& TypeSettings(const config::GlobalConfig& global,
                                           config::SinkType type) {
  switch (type) {
    case config::SinkType::kHdfs:
      return global.hdfs;
    case config::SinkType::kGcs:
      return global.gcs;
    case config::SinkType::kKafka:
      return global.kafka;
    case config::SinkType::kGcps:
      return global.gcps;
  }
  return global.hdfs;
}

std::string FormatDuration(std::chrono::nanoseconds duration) {
  return fmt::format("{} ms",
                     std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
}

// Renders the source's tag at start-up (tag.md §2) and builds its variants (protocol.md §11).
std::unique_ptr<sources::TagHandler> BuildTagHandler(const config::SourceConfig& source,
                                                     const base::Logger& logger) {
  const config::BrowserSourceConfig& browser = source.browser;
  tag::RenderedTag rendered = tag::RenderTag(tag::TemplateFor(browser.javascript), browser);
  for (const std::string& warning : rendered.warnings) {
    logger.Warn("Source[{}]: {}", source.name, warning);
  }
  auto handler = std::make_unique<sources::TagHandler>(tag::StaticResource(
      std::move(rendered.script), tag::StaticResource::Gzip::kOfferedIfSmaller));
  const tag::StaticResource& script = handler->script();
  if (script.gzip() != nullptr) {
    logger.Info("Compressed resource: {} -> {}", script.plain().body.size(),
                script.gzip()->body.size());
  } else {
    logger.Info("Resource not compressed: gzip would not make its {} bytes smaller.",
                script.plain().body.size());
  }
  return handler;
}

}  // namespace

Collector::Collector(const config::Config& config, Mode mode) : config_(config), mode_(mode) {}

Collector::~Collector() {
  if (server_) server_->Stop();
}

base::Result<std::unique_ptr<Collector>> Collector::Create(const config::Config& config,
                                                           Mode mode) {
  std::unique_ptr<Collector> collector(new Collector(config, mode));
  Collector& c = *collector;
  for (const config::SourceConfig& source : config.sources) {
    c.source_stats_.push_back(std::make_unique<event::SourceStats>(source.name));
  }
  std::vector<bool> referenced(config.sinks.size(), false);
  for (const config::MappingConfig& mapping : config.mappings) {
    c.mapping_stats_.push_back(std::make_unique<pipeline::MappingStats>(mapping.name));
    for (const std::string& sink : mapping.sinks) {
      const int index = c.SinkIndex(sink);
      if (index >= 0) referenced[static_cast<size_t>(index)] = true;
    }
  }
  if (base::Status status = c.LoadMappings(); !status.ok()) return status;
  auto enrichment = StartEnrichment(config.global.mapper, c.MappingsUseUserAgent());
  if (!enrichment.ok()) return enrichment.status();
  c.enrichment_ = std::move(*enrichment);
  for (const config::SinkConfig& sink : config.sinks) {
    c.sink_queue_stats_.push_back(std::make_unique<pipeline::SinkQueueStats>(sink.name));
  }
  if (base::Status status = c.CreateSinks(referenced); !status.ok()) return status;
  c.BuildTopology();
  c.mapper_pool_ = std::make_unique<pipeline::MapperPool>(
      pipeline::MapperPoolOptions{
          .threads = config.global.mapper.threads,
          .queue_capacity = static_cast<size_t>(config.global.mapper.buffer_size),
          .duplicate_memory_size = config.global.mapper.duplicate_memory_size,
          .enrichment = c.enrichment_.services()},
      c.topology_);
  if (base::Status status = c.RegisterRoutes(); !status.ok()) return status;
  const config::ServerConfig& server = config.global.server;
  c.server_ =
      std::make_unique<http::Server>(http::ServerOptions{.host = server.host,
                                                         .port = server.port,
                                                         .io_threads = server.io_threads,
                                                         .log_requests = server.debug_requests},
                                     c.router_, c.server_stats_);
  return collector;
}

int Collector::SinkIndex(const std::string& name) const {
  for (size_t i = 0; i < config_.sinks.size(); ++i) {
    if (config_.sinks[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// Loads every schema_file and compiles every mapping script (mapping.md §12): all problems of
// all scripts are logged, one line each, before start-up fails.
base::Status Collector::LoadMappings() {
  std::vector<std::string> loaded;
  std::vector<std::string> failed;
  bool uses_default_mapping = false;
  std::unique_ptr<avro::Schema>& builtin = schemas_[""];
  builtin = std::make_unique<avro::Schema>(
      std::move(avro::Schema::Parse(avro::DefaultEventRecordSchemaJson(), "built-in")).value());
  for (const config::MappingConfig& mapping : config_.mappings) {
    if (!mapping.mapping_script_file) {
      uses_default_mapping = true;
      scripts_.emplace_back();
      record_schemas_.emplace_back(avro::DefaultEventRecordSchemaJson());
      loaded.push_back(mapping.name + ": built-in DefaultEventRecord");
      continue;
    }
    const std::string path = mapping.schema_file.value_or("");
    std::unique_ptr<avro::Schema>& schema = schemas_[path];
    if (!schema) {
      auto parsed = avro::Schema::Load(path);
      if (!parsed.ok()) {
        logger_.Error("{}", parsed.message());
        failed.push_back(path);
        scripts_.emplace_back();
        record_schemas_.emplace_back();
        schemas_.erase(path);
        continue;
      }
      schema = std::make_unique<avro::Schema>(std::move(parsed).value());
    }
    record_schemas_.push_back(schema->json());
    auto script = mapping::ScriptMapping::Load(
        *schema, *mapping.mapping_script_file,
        {.name = mapping.name,
         .ip2geo_configured = config_.global.mapper.ip2geo_database.has_value()});
    if (!script.ok()) {
      std::string_view lines = script.message();
      while (!lines.empty()) {
        const size_t end = std::min(lines.find('\n'), lines.size());
        logger_.Error("{}", lines.substr(0, end));
        lines.remove_prefix(std::min(end + 1, lines.size()));
      }
      failed.push_back(*mapping.mapping_script_file);
      scripts_.emplace_back();
      continue;
    }
    loaded.push_back(mapping.name + ": " + (path.empty() ? "built-in DefaultEventRecord" : path));
    logger_.Info("Using mapping from script file: {}", *mapping.mapping_script_file);
    scripts_.push_back(std::move(script).value());
  }
  if (!failed.empty()) {
    return base::Status::Error(
        fmt::format("could not load the mapping schemas or scripts {}", fmt::join(failed, ", ")));
  }
  logger_.Info("Loaded schemas used for mappings: [{}]", fmt::join(loaded, ", "));
  if (uses_default_mapping) logger_.Info("Using built in default schema mapping.");
  for (const config::MappingConfig& mapping : config_.mappings) LogMapping(mapping);
  return {};
}

// The start-up inventory of one mapping: what it reads, what it writes, how.
void Collector::LogMapping(const config::MappingConfig& mapping) const {
  logger_.Info(
      "Mapping[{}]: sources [{}] -> sinks [{}]; schema {}; script {}; discard_corrupted = {}, "
      "discard_duplicates = {}",
      mapping.name, fmt::join(mapping.sources, ", "), fmt::join(mapping.sinks, ", "),
      mapping.mapping_script_file ? mapping.schema_file.value_or("")
                                  : "built-in DefaultEventRecord",
      mapping.mapping_script_file.value_or("built-in default mapping"), mapping.discard_corrupted,
      mapping.discard_duplicates);
}

bool Collector::MappingsUseUserAgent() const {
  for (const auto& script : scripts_) {
    // A null script is the built-in mapping, which fills the userAgent* fields.
    if (script == nullptr || script->UsesUserAgent()) return true;
  }
  return false;
}

// The schema of the records a sink receives: that of its mappings (one per sink, config.md §5).
std::string Collector::SinkSchemaJson(const std::string& sink) const {
  for (size_t m = 0; m < config_.mappings.size(); ++m) {
    const auto& sinks = config_.mappings[m].sinks;
    if (std::find(sinks.begin(), sinks.end(), sink) != sinks.end()) return record_schemas_[m];
  }
  return std::string(avro::DefaultEventRecordSchemaJson());
}

base::Status Collector::CreateSinks(const std::vector<bool>& referenced) {
  std::vector<std::string> errors;
  std::vector<std::string> active;
  sink_pools_.resize(config_.sinks.size());
  for (size_t i = 0; i < config_.sinks.size(); ++i) {
    const config::SinkConfig& sink = config_.sinks[i];
    const config::SinkTypeConfig& type = TypeSettings(config_.global, sink.type);
    if (!referenced[i]) {
      logger_.Info("Sink {} is not used by any mapping; not instantiated.", sink.name);
      continue;
    }
    if (!type.enabled) continue;  // records are discarded, counted; config warned already
    if (mode_ == Mode::kCheckOnly && sink.type == config::SinkType::kKafka) {
      const base::Status checked =
          sinks::kafka::CheckKafkaSink(sink, config_.global.kafka_producer);
      if (!checked.ok()) errors.push_back(checked.message());
      if (checked.ok()) active.push_back(sink.name);
      continue;
    }
    auto created = CreateSink(sink, type);
    if (!created.ok()) {
      errors.push_back(created.message());
      continue;
    }
    sink_pools_[i] = std::make_unique<pipeline::SinkPool>(std::move(created).value(), type.threads,
                                                          static_cast<size_t>(type.buffer_size),
                                                          *sink_queue_stats_[i]);
    active.push_back(sink.name);
  }
  if (!errors.empty()) return base::Status::Error(fmt::format("{}", fmt::join(errors, "; ")));
  logger_.Info("Initialized sinks: [{}]", fmt::join(active, ", "));
  return {};
}

// The one place that maps a sink type to its implementation.
base::Result<std::unique_ptr<sinks::Sink>> Collector::CreateSink(
    const config::SinkConfig& sink, const config::SinkTypeConfig& type) const {
  switch (sink.type) {
    case config::SinkType::kHdfs:
      return sinks::CreateFileSink(sink, type, SinkSchemaJson(sink.name));
    case config::SinkType::kKafka:
      return sinks::kafka::CreateKafkaSink(sink, config_.global.kafka_producer,
                                           SinkConfluentId(sink.name));
    default:
      return base::Status::Error("Sink " + sink.name + ": this sink type is not supported yet.");
  }
}

// The confluent_id of the mappings writing to a sink; config validation (config.md §4 rule 4)
// made them equal, and present for confluent-mode sinks.
std::optional<int32_t> Collector::SinkConfluentId(const std::string& sink) const {
  for (const config::MappingConfig& mapping : config_.mappings) {
    if (std::find(mapping.sinks.begin(), mapping.sinks.end(), sink) != mapping.sinks.end() &&
        mapping.confluent_id.has_value()) {
      return mapping.confluent_id;
    }
  }
  return std::nullopt;
}

void Collector::BuildTopology() {
  topology_.sinks_push_back =
      config_.global.server.backpressure_mode == config::BackpressureMode::kReject;
  topology_.sources.resize(config_.sources.size());
  for (size_t s = 0; s < config_.sources.size(); ++s) {
    topology_.sources[s].stats = source_stats_[s].get();
  }
  for (size_t m = 0; m < config_.mappings.size(); ++m) {
    const config::MappingConfig& mapping = config_.mappings[m];
    const mapping::Mapping* compiled =
        scripts_[m] ? scripts_[m].get() : static_cast<const mapping::Mapping*>(&default_mapping_);
    pipeline::MappingRuntime runtime{.mapping = compiled,
                                     .stats = mapping_stats_[m].get(),
                                     .discard_corrupted = mapping.discard_corrupted,
                                     .discard_duplicates = mapping.discard_duplicates};
    for (const std::string& sink : mapping.sinks) {
      const auto index = static_cast<size_t>(SinkIndex(sink));
      runtime.sinks.push_back({sink_pools_[index].get(), sink_queue_stats_[index].get()});
    }
    topology_.mappings.push_back(std::move(runtime));
    for (size_t s = 0; s < config_.sources.size(); ++s) {
      const auto& names = mapping.sources;
      if (std::find(names.begin(), names.end(), config_.sources[s].name) != names.end()) {
        topology_.sources[s].mappings.push_back(static_cast<uint32_t>(m));
      }
    }
  }
}

http::RouteStats* Collector::NewRouteStats(std::string route, std::string source) {
  route_stats_.push_back(std::make_unique<http::RouteStats>(std::move(route), std::move(source)));
  return route_stats_.back().get();
}

base::Status Collector::RegisterRoutes() {
  handlers_.push_back(std::make_unique<sources::PingHandler>(shutting_down_));
  base::Status status = router_.Add({.path = "/ping",
                                     .owner = "/ping",
                                     .allow = "",
                                     .handler = handlers_.back().get(),
                                     .stats = NewRouteStats("ping", "")});
  if (!status.ok()) return status;
  if (config_.global.server.metrics_enabled) {
    handlers_.push_back(std::make_unique<MetricsHandler>(metrics_sources_));
    status = router_.Add({.path = "/metrics",
                          .owner = "/metrics",
                          .methods = {http::Verb::get, http::Verb::head},
                          .allow = "GET, HEAD",
                          .handler = handlers_.back().get(),
                          .stats = NewRouteStats("metrics", "")});
    if (!status.ok()) return status;
  }
  std::vector<std::string> names;
  for (size_t s = 0; s < config_.sources.size(); ++s) {
    const config::SourceConfig& source = config_.sources[s];
    status = source.type == config::SourceType::kBrowser ? RegisterBrowserSource(s)
                                                         : RegisterJsonSource(s);
    if (!status.ok()) return status;
    names.push_back(source.name);
  }
  logger_.Info("Initialized sources: [{}]", fmt::join(names, ", "));
  // Last, so that the exact routes own their paths (protocol.md §1.3).
  if (status = RegisterTestPage(); !status.ok()) return status;

  metrics_sources_ = MetricsSources{.version = DIVOLTE_VERSION,
                                    .shutting_down = &shutting_down_,
                                    .server_stats = &server_stats_,
                                    .mapper_pool = mapper_pool_.get(),
                                    .geo = enrichment_.geo.get(),
                                    .user_agent = enrichment_.user_agent.get()};
  for (const auto& stats : route_stats_) metrics_sources_.routes.push_back(stats.get());
  for (const auto& stats : source_stats_) metrics_sources_.sources.push_back(stats.get());
  for (const auto& stats : mapping_stats_) metrics_sources_.mappings.push_back(stats.get());
  for (const pipeline::MappingRuntime& runtime : topology_.mappings) {
    metrics_sources_.mapping_programs.push_back(runtime.mapping);
  }
  for (size_t i = 0; i < config_.sinks.size(); ++i) {
    const bool used =
        sink_pools_[i] != nullptr ||
        std::any_of(topology_.mappings.begin(), topology_.mappings.end(),
                    [&](const pipeline::MappingRuntime& mapping) {
                      return std::any_of(mapping.sinks.begin(), mapping.sinks.end(),
                                         [&](const pipeline::SinkTarget& target) {
                                           return target.stats == sink_queue_stats_[i].get();
                                         });
                    });
    if (used) metrics_sources_.sink_queues.push_back(sink_queue_stats_[i].get());
    if (sink_pools_[i]) metrics_sources_.sink_pools.push_back(sink_pools_[i].get());
  }
  return {};
}

// The tag route `<prefix><javascript.name>` (protocol.md §11) and the event route (§5).
base::Status Collector::RegisterBrowserSource(size_t index) {
  const config::SourceConfig& source = config_.sources[index];
  const config::BrowserSourceConfig& browser = source.browser;
  const std::string script_path = browser.prefix + browser.javascript.name;
  handlers_.push_back(BuildTagHandler(source, logger_));
  base::Status status = router_.Add({.path = script_path,
                                     .owner = source.name,
                                     .methods = {http::Verb::get},
                                     .allow = "GET",
                                     .handler = handlers_.back().get(),
                                     .stats = NewRouteStats("tag", source.name)});
  if (!status.ok()) return status;
  logger_.Info("Registered source[{}] script location: {}", source.name, script_path);

  const std::string event_path = browser.prefix + browser.event_suffix;
  handlers_.push_back(std::make_unique<sources::BrowserEventHandler>(
      static_cast<uint32_t>(index), browser, config_.global.server.use_x_forwarded_for,
      *mapper_pool_, *source_stats_[index]));
  status = router_.Add({.path = event_path,
                        .owner = source.name,
                        .methods = {http::Verb::get},
                        .allow = "GET",
                        .handler = handlers_.back().get(),
                        .stats = NewRouteStats("event", source.name)});
  if (!status.ok()) return status;
  logger_.Info("Registered source[{}] event handler: {}", source.name, event_path);
  return {};
}

base::Status Collector::RegisterJsonSource(size_t index) {
  const config::SourceConfig& source = config_.sources[index];
  handlers_.push_back(std::make_unique<sources::JsonEventHandler>(
      static_cast<uint32_t>(index), source.json, config_.global.server, *mapper_pool_,
      *source_stats_[index]));
  base::Status status =
      router_.Add({.path = source.json.event_path,
                   .owner = source.name,
                   .methods = {http::Verb::post},
                   .allow = "POST",
                   .handler = handlers_.back().get(),
                   .stats = NewRouteStats("event", source.name),
                   .max_body_bytes = sources::JsonBodyLimit(source.json.maximum_body_size)});
  if (!status.ok()) return status;
  logger_.Info("Registered source[{}] JSON event handler: {}", source.name, source.json.event_path);
  return {};
}

// The test page (protocol.md §12) at `/` and `/index.html`, unless an exact route owns the path;
// it loads the tag of the first browser source and is not served without one.
base::Status Collector::RegisterTestPage() {
  if (!config_.global.server.serve_static_resources) return {};
  const auto first_browser = std::find_if(
      config_.sources.begin(), config_.sources.end(),
      [](const config::SourceConfig& s) { return s.type == config::SourceType::kBrowser; });
  if (first_browser == config_.sources.end()) return {};
  const config::BrowserSourceConfig& browser = first_browser->browser;
  handlers_.push_back(
      std::make_unique<sources::TestPageHandler>(browser.prefix + browser.javascript.name));
  http::RouteStats* stats = nullptr;  // one series for both paths
  for (const char* path : {"/", "/index.html"}) {
    if (router_.Find(path) != nullptr) continue;
    if (stats == nullptr) stats = NewRouteStats("static", "");
    base::Status status = router_.Add({.path = path,
                                       .owner = "the test page",
                                       .methods = {http::Verb::get, http::Verb::head},
                                       .allow = "GET, HEAD",
                                       .handler = handlers_.back().get(),
                                       .stats = stats});
    if (!status.ok()) return status;
  }
  return {};
}

base::Status Collector::Start() {
  for (auto& pool : sink_pools_) {
    if (pool) pool->Start();
  }
  mapper_pool_->Start();
  if (base::Status status = server_->Start(); !status.ok()) return status;
  logger_.Info("Starting server on {}:{}", config_.global.server.host, server_->port());
  return {};
}

void Collector::Shutdown() {
  logger_.Warn("Requested to kill process, init graceful shutdown");
  shutting_down_.store(true);
  const config::ServerConfig& server = config_.global.server;
  if (server.shutdown_delay.count() > 0) {
    logger_.Info("Waiting to let upstream know that we are shutting down: {}",
                 FormatDuration(server.shutdown_delay));
    std::this_thread::sleep_for(server.shutdown_delay);
  }
  logger_.Info("Waiting until all the connections are closed: {}",
               FormatDuration(server.shutdown_timeout));
  if (server_->Drain(server.shutdown_timeout)) {
    logger_.Info("Shutting down cleanly; all requests completed.");
  } else {
    logger_.Warn("Shutdown timeout lapsed with requests underway; shutting down anyway.");
  }
  server_->Stop();
  logger_.Info("Stopping thread pools.");
  mapper_pool_->StopAndDrain();
  logger_.Info("Stopping all sinks.");
  uint64_t lost = 0;
  std::vector<std::string> per_sink;
  for (auto& pool : sink_pools_) {
    if (!pool) continue;
    const uint64_t sink_lost = pool->StopAndDrain();
    if (sink_lost > 0) per_sink.push_back(fmt::format("{}: {}", pool->name(), sink_lost));
    lost += sink_lost;
  }
  if (lost > 0) {
    logger_.Error("Shutdown lost {} records ({}).", lost, fmt::join(per_sink, ", "));
  }
}

std::string Collector::DescribePending() const {
  uint64_t records = 0;
  for (const auto& pool : sink_pools_) {
    if (pool) records += pool->QueuedRecords();
  }
  return fmt::format("{} events and {} records", mapper_pool_->QueuedEvents(), records);
}

}  // namespace divolte::server
