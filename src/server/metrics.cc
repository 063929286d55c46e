#include "server/metrics.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <deque>
#include <limits>
#include <map>

#include "server/process_metrics.h"

namespace divolte::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

// Builds metric families in a fixed order. A deque, because callers keep references to
// families while adding more.
class Families {
 public:
  MetricFamily& Add(std::string name, std::string help, MetricType type) {
    families_.push_back({std::move(name), std::move(help), type, {}});
    return families_.back();
  }
  std::vector<MetricFamily> Take() {
    return {std::make_move_iterator(families_.begin()), std::make_move_iterator(families_.end())};
  }

 private:
  std::deque<MetricFamily> families_;
};

void AddCounter(MetricFamily& family, Labels labels, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.counter.value = value;
  family.metric.push_back(std::move(metric));
}

void AddGauge(MetricFamily& family, Labels labels, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

double D(uint64_t value) { return static_cast<double>(value); }

void AddHistogram(MetricFamily& family, Labels labels, const base::Histogram::Snapshot& snapshot) {
  ClientMetric metric;
  metric.label = std::move(labels);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < snapshot.counts.size(); ++i) {
    cumulative += snapshot.counts[i];
    const double bound = i < snapshot.upper_bounds.size() ? snapshot.upper_bounds[i]
                                                          : std::numeric_limits<double>::infinity();
    metric.histogram.bucket.push_back({.cumulative_count = cumulative, .upper_bound = bound});
  }
  metric.histogram.sample_count = snapshot.count;
  metric.histogram.sample_sum = snapshot.sum;
  family.metric.push_back(std::move(metric));
}

// Sums histograms with equal bounds (one route label served by several sources).
void Accumulate(const base::Histogram::Snapshot& add, base::Histogram::Snapshot* total) {
  if (total->counts.empty()) {
    *total = add;
    return;
  }
  for (size_t i = 0; i < total->counts.size(); ++i) total->counts[i] += add.counts[i];
  total->count += add.count;
  total->sum += add.sum;
}

void AddHttpMetrics(const MetricsSources& in, Families& out) {
  auto& requests =
      out.Add("divolte_http_requests_total", "HTTP responses sent.", MetricType::Counter);
  auto add_route = [&requests](const http::RouteStats& stats) {
    stats.ForEach([&](int status, uint64_t count) {
      AddCounter(requests,
                 {{"route", stats.route()},
                  {"source", stats.source()},
                  {"status", std::to_string(status)}},
                 D(count));
    });
  };
  for (const http::RouteStats* route : in.routes) add_route(*route);
  add_route(in.server_stats->invalid);
  add_route(in.server_stats->not_found);

  auto& durations =
      out.Add("divolte_http_request_duration_seconds",
              "Time from a complete request head to its response written.", MetricType::Histogram);
  std::vector<std::string> order;  // routes in the order they were registered
  std::map<std::string, base::Histogram::Snapshot> by_route;
  auto add_duration = [&](const http::RouteStats& stats) {
    auto [slot, inserted] = by_route.try_emplace(stats.route());
    if (inserted) order.push_back(stats.route());
    Accumulate(stats.duration().Read(), &slot->second);
  };
  for (const http::RouteStats* route : in.routes) add_duration(*route);
  add_duration(in.server_stats->invalid);
  add_duration(in.server_stats->not_found);
  for (const std::string& route : order) {
    AddHistogram(durations, {{"route", route}}, by_route[route]);
  }
  uint64_t forwarded_invalid = 0;
  for (const event::SourceStats* source : in.sources) {
    forwarded_invalid += source->forwarded_for_invalid.Value();
  }
  AddCounter(out.Add("divolte_http_x_forwarded_for_invalid_total",
                     "Ignored X-Forwarded-For values.", MetricType::Counter),
             {}, D(forwarded_invalid));
}

void AddSourceMetrics(const MetricsSources& in, Families& out) {
  auto& received =
      out.Add("divolte_events_received_total", "Events accepted and queued.", MetricType::Counter);
  auto& rejected = out.Add("divolte_events_rejected_total", "Requests not turned into events.",
                           MetricType::Counter);
  auto& dropped = out.Add("divolte_events_dropped_total", "Accepted events lost before mapping.",
                          MetricType::Counter);
  auto& processed = out.Add("divolte_events_processed_total", "Events that reached the mappings.",
                            MetricType::Counter);
  auto& corrupt = out.Add("divolte_events_corrupt_total", "Processed events flagged corrupt.",
                          MetricType::Counter);
  auto& duplicate = out.Add("divolte_events_duplicate_total", "Processed events flagged duplicate.",
                            MetricType::Counter);
  auto& latency =
      out.Add("divolte_event_processing_latency_seconds",
              "Time from an event's arrival to the end of its mapping.", MetricType::Histogram);
  for (const event::SourceStats* source : in.sources) {
    const Labels labels{{"source", source->name}};
    AddCounter(received, labels, D(source->received.Value()));
    for (size_t r = 0; r < static_cast<size_t>(event::RejectReason::kCount); ++r) {
      const auto reason = static_cast<event::RejectReason>(r);
      AddCounter(rejected,
                 {{"source", source->name}, {"reason", std::string(RejectReasonLabel(reason))}},
                 D(source->rejected[r].Value()));
    }
    for (size_t r = 0; r < static_cast<size_t>(event::DropReason::kCount); ++r) {
      const auto reason = static_cast<event::DropReason>(r);
      AddCounter(dropped,
                 {{"source", source->name}, {"reason", std::string(DropReasonLabel(reason))}},
                 D(source->dropped[r].Value()));
    }
    AddCounter(processed, labels, D(source->processed.Value()));
    AddCounter(corrupt, labels, D(source->corrupt.Value()));
    AddCounter(duplicate, labels, D(source->duplicate.Value()));
    AddHistogram(latency, labels, source->processing_latency.Read());
  }
}

void AddMappingMetrics(const MetricsSources& in, Families& out) {
  auto& records =
      out.Add("divolte_mapping_records_total", "Records produced.", MetricType::Counter);
  auto& discarded = out.Add("divolte_mapping_discarded_total", "Events deliberately not recorded.",
                            MetricType::Counter);
  auto& failures = out.Add("divolte_mapping_failures_total", "Events lost by a failing mapping.",
                           MetricType::Counter);
  auto& conversions =
      out.Add("divolte_mapping_conversion_failures_total",
              "JSON values that could not be converted to their field (the field kept its value).",
              MetricType::Counter);
  for (size_t m = 0; m < in.mapping_programs.size(); ++m) {
    in.mapping_programs[m]->VisitConversionFailures([&](std::string_view field, uint64_t count) {
      AddCounter(conversions, {{"mapping", in.mappings[m]->name}, {"field", std::string(field)}},
                 D(count));
    });
  }
  auto& durations = out.Add("divolte_mapping_duration_seconds",
                            "Time to map and serialise one event.", MetricType::Histogram);
  for (const pipeline::MappingStats* mapping : in.mappings) {
    const std::string& name = mapping->name;
    AddHistogram(durations, {{"mapping", name}}, mapping->duration.Read());
    AddCounter(records, {{"mapping", name}}, D(mapping->records.Value()));
    AddCounter(discarded, {{"mapping", name}, {"reason", "corrupt"}},
               D(mapping->discarded_corrupt.Value()));
    AddCounter(discarded, {{"mapping", name}, {"reason", "duplicate"}},
               D(mapping->discarded_duplicate.Value()));
    AddCounter(discarded, {{"mapping", name}, {"reason", "drop"}},
               D(mapping->discarded_drop.Value()));
    AddCounter(failures, {{"mapping", name}, {"reason", "missing_field"}},
               D(mapping->failures_missing_field.Value()));
    AddCounter(failures, {{"mapping", name}, {"reason", "internal_error"}},
               D(mapping->failures_internal_error.Value()));
  }
  auto& depth =
      out.Add("divolte_mapper_queue_depth", "Items queued per mapper thread.", MetricType::Gauge);
  for (size_t t = 0; t < in.mapper_pool->thread_count(); ++t) {
    AddGauge(depth, {{"thread", std::to_string(t + 1)}}, D(in.mapper_pool->queue_depth(t)));
  }
  AddGauge(
      out.Add("divolte_mapper_queue_capacity", "Capacity of each mapper queue.", MetricType::Gauge),
      {}, D(in.mapper_pool->queue_capacity()));
}

const pipeline::SinkPool* FindPool(const MetricsSources& in, const std::string& name) {
  for (const pipeline::SinkPool* pool : in.sink_pools) {
    if (pool->name() == name) return pool;
  }
  return nullptr;
}

// The families of the sink metrics, one set per scrape.
struct SinkFamilies {
  explicit SinkFamilies(Families& out)
      : enqueued(out.Add("divolte_sink_enqueued_total", "Records accepted into sink queues.",
                         MetricType::Counter)),
        dropped(out.Add("divolte_sink_dropped_total", "Records lost at the sink stage.",
                        MetricType::Counter)),
        delivered(out.Add("divolte_sink_delivered_total", "Records durably delivered.",
                          MetricType::Counter)),
        failures(out.Add("divolte_sink_failures_total", "Failed delivery attempts.",
                         MetricType::Counter)),
        retries(out.Add("divolte_sink_retries_total", "Retried calls and re-sent records.",
                        MetricType::Counter)),
        pending(
            out.Add("divolte_sink_pending_records", "Records held for retry.", MetricType::Gauge)),
        paused(
            out.Add("divolte_sink_paused", "1 while a sink thread is paused.", MetricType::Gauge)),
        depth(out.Add("divolte_sink_queue_depth", "Items queued.", MetricType::Gauge)),
        capacity(out.Add("divolte_sink_queue_capacity", "Capacity of each queue of the sink.",
                         MetricType::Gauge)),
        published(out.Add("divolte_file_sink_files_published_total", "Files published.",
                          MetricType::Counter)),
        publish_failures(out.Add("divolte_file_sink_publish_failures_total",
                                 "Files left unpublished.", MetricType::Counter)),
        syncs(out.Add("divolte_file_sink_syncs_total", "Blocks written.", MetricType::Counter)),
        failure_reasons(out.Add("divolte_sink_delivery_failures_total",
                                "Failed delivery attempts by the destination's error.",
                                MetricType::Counter)),
        latency(out.Add("divolte_sink_delivery_latency_seconds",
                        "Time from an event's arrival to its delivery.", MetricType::Histogram)) {}

  MetricFamily& enqueued;
  MetricFamily& dropped;
  MetricFamily& delivered;
  MetricFamily& failures;
  MetricFamily& retries;
  MetricFamily& pending;
  MetricFamily& paused;
  MetricFamily& depth;
  MetricFamily& capacity;
  MetricFamily& published;
  MetricFamily& publish_failures;
  MetricFamily& syncs;
  MetricFamily& failure_reasons;
  MetricFamily& latency;
};

// What reached the sink's queues and what was dropped, for every referenced sink.
void AddSinkQueueMetrics(const SinkFamilies& f, const pipeline::SinkQueueStats& queue,
                         const sinks::SinkStats* stats) {
  const std::string& name = queue.name;
  AddCounter(f.enqueued, {{"sink", name}}, D(queue.enqueued.Value()));
  AddCounter(f.dropped, {{"sink", name}, {"reason", "queue_full"}},
             D(queue.dropped_queue_full.Value()));
  AddCounter(f.dropped, {{"sink", name}, {"reason", "rejected"}},
             stats ? D(stats->dropped_rejected.Value()) : 0);
  AddCounter(f.dropped, {{"sink", name}, {"reason", "disabled"}},
             D(queue.dropped_disabled.Value()));
  AddCounter(f.dropped, {{"sink", name}, {"reason", "shutdown"}},
             stats ? D(stats->dropped_shutdown.Value()) : 0);
}

// The delivery side of a running sink: its threads and its worker counters.
void AddSinkDeliveryMetrics(const SinkFamilies& f, const std::string& name,
                            const pipeline::SinkPool& pool) {
  const sinks::SinkStats& stats = pool.sink_stats();
  AddCounter(f.delivered, {{"sink", name}}, D(stats.delivered.Value()));
  AddCounter(f.failures, {{"sink", name}}, D(stats.failures.Value()));
  AddCounter(f.retries, {{"sink", name}}, D(stats.retries.Value()));
  AddGauge(f.pending, {{"sink", name}}, static_cast<double>(stats.pending_records.Value()));
  for (size_t t = 0; t < pool.thread_count(); ++t) {
    const Labels labels{{"sink", name}, {"thread", std::to_string(t + 1)}};
    AddGauge(f.paused, labels, pool.paused(t) ? 1 : 0);
    AddGauge(f.depth, labels, D(pool.queue_depth(t)));
  }
  AddGauge(f.capacity, {{"sink", name}}, D(pool.queue_capacity()));
  AddCounter(f.published, {{"sink", name}}, D(stats.files_published.Value()));
  AddCounter(f.publish_failures, {{"sink", name}}, D(stats.publish_failures.Value()));
  AddCounter(f.syncs, {{"sink", name}}, D(stats.syncs.Value()));
  for (const auto& [error, count] : stats.failure_reasons.Read()) {
    AddCounter(f.failure_reasons, {{"sink", name}, {"error", error}}, D(count));
  }
  AddHistogram(f.latency, {{"sink", name}}, stats.delivery_latency.Read());
}

void AddSinkMetrics(const MetricsSources& in, Families& out) {
  const SinkFamilies families(out);
  for (const pipeline::SinkQueueStats* queue : in.sink_queues) {
    const pipeline::SinkPool* pool = FindPool(in, queue->name);
    AddSinkQueueMetrics(families, *queue, pool != nullptr ? &pool->sink_stats() : nullptr);
    if (pool != nullptr) AddSinkDeliveryMetrics(families, queue->name, *pool);
  }
}

void AddEnrichmentMetrics(const MetricsSources& in, Families& out) {
  if (in.geo != nullptr) {
    auto& reloads = out.Add("divolte_ip2geo_reloads_total",
                            "Reloads of the IP geolocation database after its file changed.",
                            MetricType::Counter);
    AddCounter(reloads, {{"result", "success"}}, D(in.geo->reload_successes().Value()));
    AddCounter(reloads, {{"result", "failure"}}, D(in.geo->reload_failures().Value()));
    AddGauge(out.Add("divolte_ip2geo_database_build_timestamp_seconds",
                     "Build time of the geolocation database in use, from its metadata.",
                     MetricType::Gauge),
             {}, D(in.geo->Current()->build_epoch()));
  }
  if (in.user_agent != nullptr) {
    auto& reloads = out.Add("divolte_user_agent_reloads_total",
                            "Reloads of the uap-core user-agent rules after their file changed.",
                            MetricType::Counter);
    AddCounter(reloads, {{"result", "success"}}, D(in.user_agent->reload_successes().Value()));
    AddCounter(reloads, {{"result", "failure"}}, D(in.user_agent->reload_failures().Value()));
    AddCounter(out.Add("divolte_user_agent_cache_hits_total",
                       "User-agent lookups answered by a thread's cache.", MetricType::Counter),
               {}, D(in.user_agent->cache_hits().Value()));
    AddCounter(out.Add("divolte_user_agent_cache_misses_total",
                       "User-agent lookups that had to parse.", MetricType::Counter),
               {}, D(in.user_agent->cache_misses().Value()));
  }
}

void AddProcessMetrics(Families& out) {
  const std::optional<ProcessMetrics> process = ReadProcessMetrics();
  if (!process) return;
  AddCounter(out.Add("process_cpu_seconds_total",
                     "Total user and system CPU time spent in seconds.", MetricType::Counter),
             {}, process->cpu_seconds);
  AddGauge(
      out.Add("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge),
      {}, process->resident_memory_bytes);
  AddGauge(
      out.Add("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge),
      {}, process->virtual_memory_bytes);
  AddGauge(out.Add("process_open_fds", "Number of open file descriptors.", MetricType::Gauge), {},
           process->open_fds);
  AddGauge(
      out.Add("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge), {},
      process->max_fds);
  AddGauge(out.Add("process_start_time_seconds",
                   "Start time of the process since unix epoch in seconds.", MetricType::Gauge),
           {}, process->start_time_seconds);
}

}  // namespace

std::string RenderMetrics(const MetricsSources& in) {
  Families out;
  AddGauge(out.Add("divolte_build_info", "Build identification.", MetricType::Gauge),
           {{"version", in.version}}, 1);
  AddGauge(out.Add("divolte_shutting_down", "1 after a termination signal.", MetricType::Gauge), {},
           in.shutting_down->load() ? 1 : 0);
  AddHttpMetrics(in, out);
  AddSourceMetrics(in, out);
  AddMappingMetrics(in, out);
  AddSinkMetrics(in, out);
  AddEnrichmentMetrics(in, out);
  AddProcessMetrics(out);
  return prometheus::TextSerializer().Serialize(out.Take());
}

void MetricsHandler::Handle(const http::Request&, http::Response& response) {
  response.Start(200);
  response.Header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.Finish(RenderMetrics(sources_));  // HEAD: Response leaves the body out
}

}  // namespace divolte::server
