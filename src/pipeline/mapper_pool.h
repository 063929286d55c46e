#pragma once

// MapperPool: the mapper threads (operations.md §1). Events are queued by party affinity, so all
// events of a party meet the same thread and its duplicate memory. Each thread validates the
// event, checks duplicates, runs the source's mappings in order, serialises each record once and
// offers it to every sink of the mapping. Offer is thread-safe and never blocks; Start and
// StopAndDrain are called by the main thread.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "enrich/thread_enrichment.h"
#include "event/handoff.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/topology.h"

namespace divolte::pipeline {

struct MapperPoolOptions {
  int threads = 1;
  size_t queue_capacity = 1048576;
  int32_t duplicate_memory_size = 1000000;
  enrich::EnrichmentServices enrichment;  // each thread builds its own lookups from these
};

class MapperPool final : public event::EventHandoff {
 public:
  // `topology` must outlive the pool.
  MapperPool(MapperPoolOptions options, const Topology& topology);
  ~MapperPool() override;

  void Start();
  event::OfferResult Offer(std::unique_ptr<event::Event> event) override;
  event::OfferResult OfferIfRoomDownstream(std::unique_ptr<event::Event> event) override;
  // Shutdown step 4: processes every queued event, hands the records to the sinks, stops.
  void StopAndDrain();

  size_t thread_count() const { return queues_.size(); }
  size_t queue_depth(size_t thread) const { return queues_[thread]->size(); }
  size_t queue_capacity() const { return options_.queue_capacity; }
  uint64_t QueuedEvents() const;

 private:
  using Queue = BoundedQueue<std::unique_ptr<event::Event>>;
  class Worker;

  void Run(size_t thread_index);

  const MapperPoolOptions options_;
  const Topology& topology_;
  std::vector<std::unique_ptr<Queue>> queues_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
};

}  // namespace divolte::pipeline
