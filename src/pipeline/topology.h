#pragma once

// Topology: which mappings run for each source and which sinks receive each mapping's records,
// resolved to indices and pointers at start-up (STYLE.md habit 6). Immutable once built; read by
// every mapper thread.

#include <cstdint>
#include <memory>
#include <vector>

#include "event/source_stats.h"
#include "mapping/mapping.h"
#include "pipeline/pipeline_stats.h"

namespace divolte::pipeline {

class SinkPool;

// Where a mapping's records go: a running sink, or a sink of a disabled type (counted only).
struct SinkTarget {
  SinkPool* pool = nullptr;  // nullptr: the sink's type is disabled
  SinkQueueStats* stats = nullptr;
};

struct MappingRuntime {
  const mapping::Mapping* mapping = nullptr;
  MappingStats* stats = nullptr;
  bool discard_corrupted = false;
  bool discard_duplicates = false;
  std::vector<SinkTarget> sinks;
};

struct SourceRuntime {
  event::SourceStats* stats = nullptr;
  std::vector<uint32_t> mappings;  // indices into Topology::mappings, configuration order
};

struct Topology {
  std::vector<SourceRuntime> sources;    // by source index
  std::vector<MappingRuntime> mappings;  // by mapping index
  // Back-pressure in reject mode (protocol.md §8.6): mapper threads wait for room in a full sink
  // queue instead of dropping, so the mapper queues fill and new JSON events are answered 503.
  bool sinks_push_back = false;
};

}  // namespace divolte::pipeline
