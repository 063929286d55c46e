#include "pipeline/mapper_pool.h"

#include <chrono>

#include "base/log.h"
#include "enrich/duplicate_memory.h"
#include "event/event_values.h"
#include "pipeline/sink_pool.h"
#include "sinks/record.h"

namespace divolte::pipeline {
namespace {
constexpr size_t kBatchSize = 128;
constexpr auto kIdleWait = std::chrono::seconds(1);
}  // namespace

// The state one mapper thread owns: its duplicate memory and scratch buffers.
class MapperPool::Worker {
 public:
  Worker(const Topology& topology, const MapperPoolOptions& options)
      : topology_(topology),
        duplicates_(options.duplicate_memory_size),
        enrichment_(options.enrichment) {
    for (const MappingRuntime& runtime : topology_.mappings) {
      mappers_.push_back(runtime.mapping->NewMapper(enrichment_.view()));
    }
  }

  void Process(event::Event& event) {
    const SourceRuntime& source = topology_.sources[event.source_index];
    event::SourceStats& stats = *source.stats;
    values_ = event::EventValues();
    values_.request = &event;
    if (event.kind == event::SourceKind::kBrowser) {
      if (const auto reason = event::ParseBrowserEvent(event, &values_)) {
        stats.dropped_for(*reason).Increment();
        return;
      }
    } else {
      event::ReadJsonEvent(event, &values_);
    }
    values_.duplicate = duplicates_.Observe(values_.party_id, values_.session_id, values_.event_id);
    stats.processed.Increment();
    if (values_.corrupt) stats.corrupt.Increment();
    if (values_.duplicate) stats.duplicate.Increment();
    last_clock_read_ = {};
    for (const uint32_t mapping_index : source.mappings) {
      RunMapping(mapping_index, event);
    }
    // The last mapping's end time serves as the end of processing when there was one.
    const Clock::time_point end =
        last_clock_read_ == Clock::time_point{} ? Clock::now() : last_clock_read_;
    stats.processing_latency.Observe(Seconds(end - event.arrival_steady));
  }

 private:
  void RunMapping(uint32_t mapping_index, const event::Event& event) {
    const MappingRuntime& runtime = topology_.mappings[mapping_index];
    MappingStats& stats = *runtime.stats;
    if (runtime.discard_corrupted && values_.corrupt) {
      stats.discarded_corrupt.Increment();
      return;
    }
    if (runtime.discard_duplicates && values_.duplicate) {
      stats.discarded_duplicate.Increment();
      return;
    }
    datum_.clear();
    mapping::Mapper& mapper = *mappers_[mapping_index];
    const Clock::time_point start = Clock::now();
    const mapping::MapOutcome outcome = mapper.Map(values_, &datum_);
    last_clock_read_ = Clock::now();
    stats.duration.Observe(Seconds(last_clock_read_ - start));
    switch (outcome) {
      case mapping::MapOutcome::kRecord:
        break;
      case mapping::MapOutcome::kDropped:
        stats.discarded_drop.Increment();
        return;
      case mapping::MapOutcome::kMissingField:
        stats.failures_missing_field.Increment();
        LogFailure(stats, stats.missing_field_log, "a required field was not set",
                   mapper.failure_detail());
        return;
      case mapping::MapOutcome::kInternalError:
        stats.failures_internal_error.Increment();
        LogFailure(stats, stats.internal_error_log, "internal error", mapper.failure_detail());
        return;
    }
    stats.records.Increment();
    const auto shared =
        std::make_shared<const sinks::Record>(datum_, values_.party_id, values_.session_id,
                                              values_.event_id, event.arrival_ms, mapping_index);
    for (const SinkTarget& target : runtime.sinks) {
      if (target.pool == nullptr) {
        target.stats->dropped_disabled.Increment();
      } else {
        target.pool->Offer(shared, event.affinity, topology_.sinks_push_back);
      }
    }
  }

  // mapping.md §13: at most one WARN line per mapping and reason per 10 s.
  static void LogFailure(MappingStats& stats, base::RateLimiter& limiter, std::string_view what,
                         std::string_view detail) {
    uint64_t suppressed = 0;
    if (!limiter.Allow(&suppressed)) return;
    static const base::Logger logger("Mapping");
    logger.Warn("{}", base::WithSuppressed(fmt::format("Mapping '{}' lost an event: {}: {}",
                                                       stats.name, what, detail),
                                           suppressed));
  }

  using Clock = std::chrono::steady_clock;
  static double Seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
  }

  const Topology& topology_;
  Clock::time_point last_clock_read_;  // after the last Map of the current event, if any
  enrich::DuplicateMemory duplicates_;
  enrich::ThreadEnrichmentState enrichment_;               // before mappers_, which use it
  std::vector<std::unique_ptr<mapping::Mapper>> mappers_;  // by mapping index
  event::EventValues values_;
  std::string datum_;  // scratch: each datum is encoded here, then copied once into its Record
};

MapperPool::MapperPool(MapperPoolOptions options, const Topology& topology)
    : options_(options), topology_(topology) {
  for (int i = 0; i < options_.threads; ++i) {
    queues_.push_back(std::make_unique<Queue>(options_.queue_capacity));
  }
}

MapperPool::~MapperPool() { StopAndDrain(); }

void MapperPool::Start() {
  for (size_t i = 0; i < queues_.size(); ++i) {
    threads_.emplace_back([this, i] { Run(i); });
  }
}

event::OfferResult MapperPool::Offer(std::unique_ptr<event::Event> event) {
  Queue& queue = *queues_[event->affinity % queues_.size()];
  return queue.TryPush(event) ? event::OfferResult::kAccepted : event::OfferResult::kQueueFull;
}

event::OfferResult MapperPool::OfferIfRoomDownstream(std::unique_ptr<event::Event> event) {
  const SourceRuntime& source = topology_.sources[event->source_index];
  for (const uint32_t mapping : source.mappings) {
    for (const SinkTarget& target : topology_.mappings[mapping].sinks) {
      if (target.pool != nullptr && !target.pool->HasRoom(event->affinity)) {
        return event::OfferResult::kQueueFull;
      }
    }
  }
  return Offer(std::move(event));
}

void MapperPool::StopAndDrain() {
  if (threads_.empty()) return;
  stopping_.store(true);
  for (auto& queue : queues_) queue->Stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

uint64_t MapperPool::QueuedEvents() const {
  uint64_t queued = 0;
  for (const auto& queue : queues_) queued += queue->size();
  return queued;
}

void MapperPool::Run(size_t thread_index) {
  base::SetThreadName("Incoming Request Processor - " + std::to_string(thread_index + 1));
  Worker worker(topology_, options_);
  Queue& queue = *queues_[thread_index];
  std::vector<std::unique_ptr<event::Event>> batch;
  while (true) {
    batch.clear();
    queue.PopBatch(&batch, kBatchSize, kIdleWait);
    for (const auto& event : batch) worker.Process(*event);
    // After a full batch, let the I/O threads have the core if they share it: answering
    // requests is latency-bound, mapping is not (bench/RESULTS.md: p99 9 ms -> 5 ms).
    if (batch.size() == kBatchSize) std::this_thread::yield();
    if (batch.empty() && stopping_.load() && queue.size() == 0) break;
  }
}

}  // namespace divolte::pipeline
