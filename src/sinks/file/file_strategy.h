#pragma once

// FileStrategy: the SinkWorker of the file sinks (sinks.md §2), independent of where files live
// (a FileSystem does the I/O). One instance per sink thread, owning that thread's open Avro
// container file: records are held in the current block and written as one block per sync; files
// roll after `roll_every` and are published; on an I/O error nothing durable is ever deleted, the
// records not yet durable are kept in a bounded retry buffer and the worker pauses, trying a new
// file at most every 15 s (§2.4). Created, called and destroyed by its sink thread only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "avro/container_writer.h"
#include "base/log.h"
#include "base/status.h"
#include "config/config.h"
#include "sinks/file/file_system.h"
#include "sinks/sink.h"

namespace divolte::sinks {

// Monotonic time source; tests substitute a manual clock so that they never sleep.
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
SteadyClock RealSteadyClock();

// Minimum time between two attempts to open a file after an I/O error (§2.4).
inline constexpr std::chrono::seconds kReconnectDelay{15};
// The retry buffer holds at most sync_file_after_records + this many records: one full batch
// may be absorbed while failed.
inline constexpr size_t kRetryBufferSlack = 128;

avro::Codec ToAvroCodec(config::Codec codec);

class FileStrategy final : public SinkWorker {
 public:
  // Opens the first file right away; if that fails the worker starts in the failed state.
  // REQUIRES: `file_system` and `stats` outlive the worker; `schema_json` stays valid as well.
  FileStrategy(const config::FileStrategyConfig& config, std::string_view schema_json,
               FileSystem* file_system, SinkStats* stats, SteadyClock clock);
  ~FileStrategy() override;

  ProcessResult Process(std::span<const RecordPtr> batch) override;
  Verdict Heartbeat() override;
  uint64_t Close() override;

  // Introspection for tests and metrics.
  bool failed() const { return !file_.has_value(); }
  size_t unsynced_records() const { return unsynced_.size(); }  // the retry buffer when failed
  // The name of the open file; empty while failed.
  std::string current_file_name() const { return file_ ? file_->name : std::string(); }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;

  struct OpenFile {
    std::string name;
    std::unique_ptr<InFlightFile> handle;  // null once closed
    avro::ContainerWriter writer;
    TimePoint opened_at;
    uint64_t durable_length = 0;   // file length after the header or the last successful sync
    uint64_t durable_records = 0;  // records in synced blocks
  };

  ProcessResult ProcessRecords(std::span<const RecordPtr> batch);
  base::Status OpenNewFile(TimePoint now);
  base::Status SyncBlock(TimePoint now);
  Verdict CheckRollAndSync(TimePoint now);
  base::Status PublishCurrentFile(TimePoint now);
  void AbandonCurrentFile();
  void PublishOrLeave(const std::string& name);
  Verdict Fail(TimePoint now, const base::Status& cause);
  bool TryRecover(TimePoint now);
  size_t AcceptIntoRetryBuffer(std::span<const RecordPtr> batch);
  uint64_t FinalAttempt(TimePoint now);
  void UpdatePendingGauge();

  const config::FileStrategyConfig config_;
  const avro::Codec codec_;
  const std::string_view schema_json_;
  const size_t retry_buffer_limit_;
  FileSystem* const file_system_;
  SinkStats* const stats_;
  const SteadyClock clock_;
  const base::Logger logger_;

  std::optional<OpenFile> file_;     // absent while failed (§2.4)
  std::vector<RecordPtr> unsynced_;  // current block; the retry buffer while failed
  TimePoint last_sync_;
  TimePoint last_open_attempt_;
  int64_t reported_pending_ = 0;  // this worker's share of stats_->pending_records
  bool closed_ = false;
  std::string datums_;  // scratch: concatenated datums of the block being written
  std::string block_;   // scratch: the encoded block
};

}  // namespace divolte::sinks
