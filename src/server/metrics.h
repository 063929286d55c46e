#pragma once

// The metrics endpoint (protocol.md §10, operations.md §5): a snapshot of every counter, rendered
// in the Prometheus text format at scrape time. Counters live in the components as struct
// fields; this file only reads them. Thread-safe (reads atomics).

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "enrich/geo_service.h"
#include "enrich/user_agent_service.h"
#include "event/source_stats.h"
#include "http/connection.h"
#include "http/handler.h"
#include "http/route_stats.h"
#include "mapping/mapping.h"
#include "pipeline/mapper_pool.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/sink_pool.h"

namespace divolte::server {

// Everything the endpoint reports; pointers are owned by the Collector and outlive the handler.
struct MetricsSources {
  std::string version;
  const std::atomic<bool>* shutting_down = nullptr;
  const http::ServerStats* server_stats = nullptr;
  std::vector<const http::RouteStats*> routes;
  std::vector<const event::SourceStats*> sources;
  std::vector<const pipeline::MappingStats*> mappings;
  // Parallel to `mappings`: the mappings themselves (JSON conversion failures per field).
  std::vector<const mapping::Mapping*> mapping_programs;
  const pipeline::MapperPool* mapper_pool = nullptr;
  std::vector<const pipeline::SinkQueueStats*> sink_queues;  // every referenced sink
  std::vector<const pipeline::SinkPool*> sink_pools;         // running sinks only
  // Reloads of the enrichment data files (enrich.md §3.6, §4.5); null when not loaded.
  const enrich::GeoService* geo = nullptr;
  const enrich::UserAgentService* user_agent = nullptr;
};

// Renders the text exposition format 0.0.4.
std::string RenderMetrics(const MetricsSources& sources);

class MetricsHandler final : public http::Handler {
 public:
  explicit MetricsHandler(const MetricsSources& sources) : sources_(sources) {}
  void Handle(const http::Request& request, http::Response& response) override;

 private:
  const MetricsSources& sources_;
};

}  // namespace divolte::server
