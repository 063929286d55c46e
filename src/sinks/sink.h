#pragma once

// The sink plug-in interface (sinks.md §1). A Sink is one configured destination; it creates one
// SinkWorker per sink thread. The pipeline owns the threads and their bounded queues and drives
// each worker with the loop of sinks.md §1.3: Process batches of up to 128 records, call
// Heartbeat when idle (at most 1 s apart) and, while paused, every second until it answers
// kContinue; Close once at shutdown after the queue is drained.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/counter.h"
#include "base/histogram.h"
#include "sinks/record.h"

namespace divolte::sinks {

enum class Verdict { kContinue, kPause };

struct ProcessResult {
  size_t consumed = 0;  // records taken from the front of the batch (kept or delivered)
  Verdict verdict = Verdict::kContinue;
};

// Failed delivery attempts by the destination's error name (e.g. Kafka's "_MSG_TIMED_OUT").
// Failures are rare, so a mutex is fine here. Thread-safe.
class FailureReasons {
 public:
  void Increment(std::string_view reason, uint64_t n = 1) {
    std::lock_guard lock(mutex_);
    auto found = counts_.find(reason);
    if (found == counts_.end()) found = counts_.emplace(std::string(reason), 0).first;
    found->second += n;
  }
  std::vector<std::pair<std::string, uint64_t>> Read() const {
    std::lock_guard lock(mutex_);
    return {counts_.begin(), counts_.end()};
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t, std::less<>> counts_;
};

// Counters of one sink (operations.md §5), shared by its workers. Thread-safe.
struct SinkStats {
  base::Counter delivered;         // reached durable storage (sinks.md §1.5)
  base::Counter failures;          // failed delivery attempts
  base::Counter retries;           // retried calls, re-sent pending records
  base::Counter dropped_rejected;  // destination refused a record permanently
  base::Counter dropped_shutdown;  // undeliverable at shutdown
  base::Gauge pending_records;     // held for retry
  base::Counter files_published;   // file sinks
  base::Counter publish_failures;  // file sinks: files left unpublished
  base::Counter syncs;             // file sinks: blocks written
  FailureReasons failure_reasons;  // failures by error name (Kafka)
  // Arrival to durable delivery (sinks.md §1.5), seconds; observed once per delivered record.
  base::Histogram delivery_latency{base::Histogram::SecondsBounds()};
};

// One per sink thread: created, called and destroyed only by that thread.
class SinkWorker {
 public:
  virtual ~SinkWorker() = default;

  // Processes records in order from the front of `batch`. Records not consumed are offered
  // again, first, after the pause.
  virtual ProcessResult Process(std::span<const RecordPtr> batch) = 0;

  // Time-based work: syncs, rolls, retries. Called when idle and while paused.
  virtual Verdict Heartbeat() = 0;

  // Shutdown, after the queue was drained: make one last attempt to deliver everything held,
  // close the destination. Returns the number of records that could not be delivered, which the
  // worker has already counted in SinkStats::dropped_shutdown.
  virtual uint64_t Close() = 0;
};

// A configured, checked destination. Created on the main thread at start-up; CreateWorker is
// called once per sink thread, on that thread.
class Sink {
 public:
  virtual ~Sink() = default;

  virtual std::unique_ptr<SinkWorker> CreateWorker(int thread_index) = 0;

  // Thread name of worker n (operations.md §6), e.g. "Hadoop FileSystem (HDFS) Flusher [hdfs] - 1".
  virtual std::string ThreadName(int thread_index) const = 0;

  virtual SinkStats& stats() = 0;
};

}  // namespace divolte::sinks
