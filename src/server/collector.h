#pragma once

// Collector: the composition root. Builds every component from the validated configuration
// (operations.md §3 steps 2-6), starts them (steps 7-8) and shuts them down in the order of
// operations.md §4. Used by main, on the main thread.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "avro/schema.h"
#include "base/log.h"
#include "base/status.h"
#include "config/config.h"
#include "event/source_stats.h"
#include "http/router.h"
#include "http/server.h"
#include "mapping/default_mapping.h"
#include "pipeline/mapper_pool.h"
#include "pipeline/sink_pool.h"
#include "pipeline/topology.h"
#include "server/enrichment_setup.h"
#include "server/metrics.h"

namespace divolte::server {

class Collector {
 public:
  // kCheckOnly (--check-config): every check that needs no network; sinks that would contact
  // their destination on creation (Kafka) are checked but not created, and the collector must
  // not be started.
  enum class Mode { kRun, kCheckOnly };

  // Builds everything and runs the start-up checks of the sinks; nothing is started yet. Errors
  // list every problem found.
  static base::Result<std::unique_ptr<Collector>> Create(const config::Config& config,
                                                         Mode mode = Mode::kRun);
  ~Collector();

  // Starts the sink and mapper threads, then binds the listener.
  base::Status Start();
  uint16_t port() const { return server_->port(); }

  // Graceful shutdown (operations.md §4 steps 1-6). Returns when everything is drained.
  void Shutdown();

  // What is still queued or pending, for the forced-exit message.
  std::string DescribePending() const;

 private:
  Collector(const config::Config& config, Mode mode);

  base::Status LoadMappings();
  void LogMapping(const config::MappingConfig& mapping) const;
  bool MappingsUseUserAgent() const;
  base::Status CreateSinks(const std::vector<bool>& referenced);
  std::string SinkSchemaJson(const std::string& sink) const;
  base::Result<std::unique_ptr<sinks::Sink>> CreateSink(const config::SinkConfig& sink,
                                                        const config::SinkTypeConfig& type) const;
  std::optional<int32_t> SinkConfluentId(const std::string& sink) const;
  void BuildTopology();
  base::Status RegisterRoutes();
  base::Status RegisterBrowserSource(size_t index);
  base::Status RegisterJsonSource(size_t index);
  base::Status RegisterTestPage();
  http::RouteStats* NewRouteStats(std::string route, std::string source);
  int SinkIndex(const std::string& name) const;

  const config::Config config_;
  const Mode mode_;
  base::Logger logger_{"Server"};
  std::atomic<bool> shutting_down_{false};

  std::vector<std::unique_ptr<event::SourceStats>> source_stats_;
  std::vector<std::unique_ptr<pipeline::MappingStats>> mapping_stats_;
  std::vector<std::unique_ptr<pipeline::SinkQueueStats>> sink_queue_stats_;  // by sink index
  mapping::DefaultMapping default_mapping_;
  // By schema_file path: the schemas of scripted mappings (mapping.md §1).
  std::map<std::string, std::unique_ptr<avro::Schema>> schemas_;
  // By mapping index: the compiled script, or null for the built-in mapping.
  std::vector<std::unique_ptr<mapping::Mapping>> scripts_;
  // By mapping index: the Avro schema JSON its records have (the sinks' file headers).
  std::vector<std::string> record_schemas_;
  Enrichment enrichment_;  // outlives the mapper pool, whose threads read it
  std::vector<std::unique_ptr<pipeline::SinkPool>> sink_pools_;  // by sink index; null if inactive
  pipeline::Topology topology_;
  std::unique_ptr<pipeline::MapperPool> mapper_pool_;

  std::vector<std::unique_ptr<http::Handler>> handlers_;
  std::vector<std::unique_ptr<http::RouteStats>> route_stats_;
  MetricsSources metrics_sources_;
  http::ServerStats server_stats_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace divolte::server
