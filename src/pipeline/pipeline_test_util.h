#pragma once

// Test doubles for the pipeline: a sink whose workers record what they receive and can be told
// to pause, and a mapping that records the values it saw.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "mapping/mapping.h"
#include "sinks/sink.h"

namespace divolte::pipeline::fakes {

// Shared state of a RecordingSink and its workers. Thread-safe.
struct SinkLog {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> datums;  // in delivery order
  int pauses_left = 0;              // Process answers kPause (consuming nothing) this many times
  int heartbeats = 0;
  int closes = 0;
  uint64_t lost_on_close = 0;

  // Waits (with a deadline) until `count` datums were delivered.
  bool WaitFor(size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), [&] { return datums.size() >= count; });
  }
};

class RecordingWorker final : public sinks::SinkWorker {
 public:
  explicit RecordingWorker(SinkLog& log) : log_(log) {}
  sinks::ProcessResult Process(std::span<const sinks::RecordPtr> batch) override {
    std::lock_guard lock(log_.mutex);
    if (log_.pauses_left > 0) {
      --log_.pauses_left;
      return {0, sinks::Verdict::kPause};
    }
    for (const auto& record : batch) log_.datums.emplace_back(record->datum());
    log_.changed.notify_all();
    return {batch.size(), sinks::Verdict::kContinue};
  }
  sinks::Verdict Heartbeat() override {
    std::lock_guard lock(log_.mutex);
    ++log_.heartbeats;
    return log_.pauses_left > 0 ? sinks::Verdict::kPause : sinks::Verdict::kContinue;
  }
  uint64_t Close() override {
    std::lock_guard lock(log_.mutex);
    ++log_.closes;
    return log_.lost_on_close;
  }

 private:
  SinkLog& log_;
};

class RecordingSink final : public sinks::Sink {
 public:
  explicit RecordingSink(SinkLog& log) : log_(log) {}
  std::unique_ptr<sinks::SinkWorker> CreateWorker(int) override {
    return std::make_unique<RecordingWorker>(log_);
  }
  std::string ThreadName(int thread_index) const override {
    return "test sink " + std::to_string(thread_index + 1);
  }
  sinks::SinkStats& stats() override { return stats_; }

 private:
  SinkLog& log_;
  sinks::SinkStats stats_;
};

// Encodes "<event id>|dup=<0/1>|corrupt=<0/1>" as the datum, so tests can see what was mapped.
class EchoMapper final : public mapping::Mapper {
 public:
  mapping::MapOutcome Map(const event::EventValues& values, std::string* datum) override {
    *datum = std::string(values.event_id) + "|dup=" + (values.duplicate ? "1" : "0") +
             "|corrupt=" + (values.corrupt ? "1" : "0");
    return mapping::MapOutcome::kRecord;
  }
};

class EchoMapping final : public mapping::Mapping {
 public:
  std::unique_ptr<mapping::Mapper> NewMapper(const enrich::ThreadEnrichment&) const override {
    return std::make_unique<EchoMapper>();
  }
};

}  // namespace divolte::pipeline::fakes
