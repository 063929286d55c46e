#pragma once

// Counters of the pipeline stages that have no component of their own to hold them
// (operations.md §5): per mapping, and per sink at the queueing stage. Thread-safe.

#include <string>

#include "base/counter.h"
#include "base/histogram.h"
#include "base/log.h"

namespace divolte::pipeline {

struct MappingStats {
  explicit MappingStats(std::string mapping_name) : name(std::move(mapping_name)) {}
  const std::string name;
  base::Counter records;
  base::Counter discarded_corrupt;
  base::Counter discarded_duplicate;
  base::Counter discarded_drop;
  base::Counter failures_missing_field;
  base::Counter failures_internal_error;
  base::Histogram duration{base::Histogram::SecondsBounds()};  // mapping and serialising, s
  base::RateLimiter missing_field_log;
  base::RateLimiter internal_error_log;
};

// The queueing side of one sink, also for sinks whose type is disabled (they have no pool).
struct SinkQueueStats {
  explicit SinkQueueStats(std::string sink_name) : name(std::move(sink_name)) {}
  const std::string name;
  base::Counter enqueued;
  base::Counter dropped_queue_full;
  base::Counter dropped_disabled;
};

}  // namespace divolte::pipeline
