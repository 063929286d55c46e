#include "pipeline/sink_pool.h"

#include <span>

namespace divolte::pipeline {
namespace {
constexpr size_t kBatchSize = 128;
constexpr auto kIdleWait = std::chrono::seconds(1);
constexpr auto kPauseWait = std::chrono::seconds(1);
// How often a producer waiting for room checks whether the sink thread has paused.
constexpr auto kPausePollInterval = std::chrono::milliseconds(100);
}  // namespace

SinkPool::SinkPool(std::unique_ptr<sinks::Sink> sink, int threads, size_t queue_capacity,
                   SinkQueueStats& stats)
    : sink_(std::move(sink)),
      sink_stats_(sink_->stats()),
      stats_(stats),
      queue_capacity_(queue_capacity),
      logger_("Sink " + stats.name) {
  for (int i = 0; i < threads; ++i) {
    queues_.push_back(std::make_unique<Queue>(queue_capacity));
    paused_.push_back(std::make_unique<std::atomic<bool>>(false));
  }
}

SinkPool::~SinkPool() { StopAndDrain(); }

void SinkPool::Start() {
  for (size_t i = 0; i < queues_.size(); ++i) {
    threads_.emplace_back([this, i] { Run(i); });
  }
}

void SinkPool::Offer(const sinks::RecordPtr& record, uint32_t affinity, bool wait_for_room) {
  sinks::RecordPtr item = record;
  const size_t thread_index = affinity % queues_.size();
  Queue& queue = *queues_[thread_index];
  bool queued = queue.TryPush(item);
  if (!queued && wait_for_room) {
    // Waits in slices, giving up as soon as the thread is paused.
    const auto deadline = std::chrono::steady_clock::now() + kMaxWait;
    while (!queued && !paused_[thread_index]->load(std::memory_order_relaxed) &&
           std::chrono::steady_clock::now() < deadline) {
      queued = queue.PushWaiting(item, kPausePollInterval);
    }
  }
  if (queued) {
    stats_.enqueued.Increment();
    return;
  }
  stats_.dropped_queue_full.Increment();
  uint64_t suppressed = 0;
  if (drop_log_limiter_.Allow(&suppressed)) {
    logger_.Warn("{}", base::WithSuppressed("Failed to enqueue item. Dropping event.", suppressed));
  }
}

uint64_t SinkPool::StopAndDrain() {
  if (threads_.empty()) return lost_.load();
  stopping_.store(true);
  for (auto& queue : queues_) queue->Stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  return lost_.load();
}

uint64_t SinkPool::QueuedRecords() const {
  uint64_t queued = 0;
  for (const auto& queue : queues_) queued += queue->size();
  return queued + static_cast<uint64_t>(std::max<int64_t>(0, sink_stats_.pending_records.Value()));
}

void SinkPool::WaitWhilePaused(sinks::SinkWorker& worker, size_t thread_index) {
  paused_[thread_index]->store(true, std::memory_order_relaxed);
  while (!stopping_.load()) {
    std::this_thread::sleep_for(kPauseWait);
    if (worker.Heartbeat() == sinks::Verdict::kContinue) break;
  }
  paused_[thread_index]->store(false, std::memory_order_relaxed);
}

void SinkPool::Run(size_t thread_index) {
  base::SetThreadName(sink_->ThreadName(static_cast<int>(thread_index)));
  std::unique_ptr<sinks::SinkWorker> worker = sink_->CreateWorker(static_cast<int>(thread_index));
  Queue& queue = *queues_[thread_index];
  std::vector<sinks::RecordPtr> batch;
  size_t next = 0;
  while (true) {
    if (next == batch.size()) {
      batch.clear();
      next = 0;
      queue.PopBatch(&batch, kBatchSize, kIdleWait);
      if (batch.empty()) {
        if (stopping_.load() && queue.size() == 0) break;
        if (worker->Heartbeat() == sinks::Verdict::kPause) WaitWhilePaused(*worker, thread_index);
        continue;
      }
    }
    const sinks::ProcessResult result =
        worker->Process(std::span<const sinks::RecordPtr>(batch).subspan(next));
    next += result.consumed;
    // As on mapper threads: a full batch done, let latency-bound I/O threads run first.
    if (next == batch.size() && batch.size() == kBatchSize) std::this_thread::yield();
    if (result.verdict == sinks::Verdict::kPause) {
      if (stopping_.load() && result.consumed == 0) break;  // the final attempt failed
      WaitWhilePaused(*worker, thread_index);
    }
  }
  // Whatever a failed final attempt left unconsumed is lost (counted here), as is what the
  // worker cannot close (counted by the worker).
  uint64_t unconsumed = batch.size() - next;
  std::vector<sinks::RecordPtr> rest;
  while (queue.PopBatch(&rest, kBatchSize, std::chrono::nanoseconds(0)) > 0) {
    unconsumed += rest.size();
    rest.clear();
  }
  if (unconsumed > 0) sink_stats_.dropped_shutdown.Increment(unconsumed);
  lost_.fetch_add(unconsumed + worker->Close());
}

}  // namespace divolte::pipeline
