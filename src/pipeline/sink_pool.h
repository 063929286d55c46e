#pragma once

// SinkPool: the threads of one sink, each with its own bounded queue and SinkWorker, running the
// worker loop of sinks.md §1.3 (batches of 128, heartbeat after 1 s idle, pause handling).
// Offer is called by mapper threads (thread-safe, never blocks); Start and StopAndDrain by the
// main thread.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/log.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/pipeline_stats.h"
#include "sinks/sink.h"

namespace divolte::pipeline {

class SinkPool {
 public:
  // `stats` must outlive the pool.
  SinkPool(std::unique_ptr<sinks::Sink> sink, int threads, size_t queue_capacity,
           SinkQueueStats& stats);
  ~SinkPool();

  void Start();
  // Queues `record` for thread affinity % threads; a full queue drops and counts it, unless
  // `wait_for_room` (back-pressure in reject mode, protocol.md §8.6): the caller then waits while
  // the sink works, so a record whose event was acknowledged is not dropped because the queue
  // filled after admission. It is dropped (counted) if no room appears within kMaxWait, or at
  // once while the target thread is paused: a sink that cannot reach its destination drains
  // nothing, and waiting would stall the mapper thread (every other sink and mapping, and the
  // shutdown) for as long as the outage lasts.
  void Offer(const sinks::RecordPtr& record, uint32_t affinity, bool wait_for_room = false);
  static constexpr std::chrono::seconds kMaxWait{60};
  // Whether the queue that records of `affinity` go to has room now (back-pressure admission).
  bool HasRoom(uint32_t affinity) const {
    return queues_[affinity % queues_.size()]->size() < queue_capacity_;
  }
  // Shutdown: every thread processes its queue, closes its worker, and exits. Returns the number
  // of records lost (also counted as dropped_shutdown).
  uint64_t StopAndDrain();

  const std::string& name() const { return stats_.name; }
  const sinks::SinkStats& sink_stats() const { return sink_stats_; }
  const SinkQueueStats& queue_stats() const { return stats_; }
  size_t thread_count() const { return queues_.size(); }
  size_t queue_depth(size_t thread) const { return queues_[thread]->size(); }
  size_t queue_capacity() const { return queue_capacity_; }
  bool paused(size_t thread) const { return paused_[thread]->load(std::memory_order_relaxed); }
  // Records still queued or held by paused workers (for the forced-exit message).
  uint64_t QueuedRecords() const;

 private:
  using Queue = BoundedQueue<sinks::RecordPtr>;

  void Run(size_t thread_index);
  void WaitWhilePaused(sinks::SinkWorker& worker, size_t thread_index);

  std::unique_ptr<sinks::Sink> sink_;
  sinks::SinkStats& sink_stats_;
  SinkQueueStats& stats_;
  const size_t queue_capacity_;
  std::vector<std::unique_ptr<Queue>> queues_;
  std::vector<std::unique_ptr<std::atomic<bool>>> paused_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> lost_{0};
  base::Logger logger_;  // component "Sink <name>", so lines say which sink
  base::RateLimiter drop_log_limiter_;
};

}  // namespace divolte::pipeline
