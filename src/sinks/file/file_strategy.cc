#include "sinks/file/file_strategy.h"

#include <algorithm>

#include "base/clock.h"
#include "sinks/file/file_naming.h"

namespace divolte::sinks {
namespace {

// Names are unique per process; a taken name means another process or an old file. Bounded so
// that a filesystem answering "exists" for everything cannot spin the thread forever.
constexpr int kMaxNameAttempts = 100;

constexpr std::string_view kUnavailableMessage =
    "File system connection error. Marking file system as unavailable. Attempting reconnect "
    "after 15 s.";

}  // namespace

SteadyClock RealSteadyClock() {
  return [] { return std::chrono::steady_clock::now(); };
}

avro::Codec ToAvroCodec(config::Codec codec) {
  switch (codec) {
    case config::Codec::kNull:
      return avro::Codec::kNull;
    case config::Codec::kDeflate:
      return avro::Codec::kDeflate;
    case config::Codec::kSnappy:
      return avro::Codec::kSnappy;
  }
  return avro::Codec::kNull;
}

FileStrategy::FileStrategy(const config::FileStrategyConfig& config, std::string_view schema_json,
                           FileSystem* file_system, SinkStats* stats, SteadyClock clock)
    : config_(config),
      codec_(ToAvroCodec(config.codec)),
      schema_json_(schema_json),
      retry_buffer_limit_(static_cast<size_t>(std::max(config.sync_file_after_records, 1)) +
                          kRetryBufferSlack),
      file_system_(file_system),
      stats_(stats),
      clock_(std::move(clock)),
      logger_("FileFlusher") {
  const TimePoint now = clock_();
  last_sync_ = now;
  base::Status opened = OpenNewFile(now);
  if (!opened.ok()) Fail(now, opened);
}

FileStrategy::~FileStrategy() {
  // Without Close (a bug in the caller) the file stays in the working directory as .partial,
  // which is safe: no I/O and no deletion happens here.
  stats_->pending_records.Add(-reported_pending_);
}

ProcessResult FileStrategy::Process(std::span<const RecordPtr> batch) {
  const ProcessResult result = ProcessRecords(batch);
  UpdatePendingGauge();
  return result;
}

ProcessResult FileStrategy::ProcessRecords(std::span<const RecordPtr> batch) {
  if (failed() && !TryRecover(clock_())) {
    return {.consumed = AcceptIntoRetryBuffer(batch), .verdict = Verdict::kPause};
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    unsynced_.push_back(batch[i]);
    if (CheckRollAndSync(clock_()) == Verdict::kPause) {
      return {.consumed = i + 1, .verdict = Verdict::kPause};
    }
  }
  return {.consumed = batch.size(), .verdict = Verdict::kContinue};
}

Verdict FileStrategy::Heartbeat() {
  const TimePoint now = clock_();
  Verdict verdict = Verdict::kContinue;
  if (failed()) {
    verdict = TryRecover(now) ? Verdict::kContinue : Verdict::kPause;
  } else {
    verdict = CheckRollAndSync(now);
  }
  UpdatePendingGauge();
  return verdict;
}

// §2.2 steps 3-5, in that order.
Verdict FileStrategy::CheckRollAndSync(TimePoint now) {
  if (now - file_->opened_at > config_.roll_every) {
    base::Status status = PublishCurrentFile(now);
    if (status.ok()) status = OpenNewFile(now);
    return status.ok() ? Verdict::kContinue : Fail(now, status);
  }
  const bool due_by_count =
      unsynced_.size() >= static_cast<size_t>(config_.sync_file_after_records);
  const bool due_by_time =
      !unsynced_.empty() && now - last_sync_ >= config_.sync_file_after_duration;
  if (due_by_count || due_by_time) {
    base::Status status = SyncBlock(now);
    return status.ok() ? Verdict::kContinue : Fail(now, status);
  }
  if (unsynced_.empty()) last_sync_ = now;
  return Verdict::kContinue;
}

base::Status FileStrategy::OpenNewFile(TimePoint now) {
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    avro::ContainerWriter writer(codec_, avro::RandomSyncMarker());
    std::string header;
    writer.AppendHeader(schema_json_, &header);
    std::string name = NextFileName();
    CreateResult created = file_system_->Create(name, header);
    if (created.name_taken) continue;
    if (!created.status.ok()) return created.status;
    file_.emplace(OpenFile{.name = std::move(name),
                           .handle = std::move(created.file),
                           .writer = writer,
                           .opened_at = now,
                           .durable_length = header.size()});
    last_sync_ = now;
    return {};
  }
  return base::Status::Error(
      fmt::format("No free file name after {} attempts in the working location", kMaxNameAttempts));
}

// Writes every unsynced record as one block and makes it durable. No records, no block.
base::Status FileStrategy::SyncBlock(TimePoint now) {
  if (unsynced_.empty()) return {};
  datums_.clear();
  for (const RecordPtr& record : unsynced_) datums_ += record->datum();
  block_.clear();
  const auto count = static_cast<int64_t>(unsynced_.size());
  base::Status status = file_->writer.AppendBlock(datums_, count, &block_);
  if (status.ok()) status = file_->handle->Append(block_);
  if (status.ok()) status = file_->handle->Sync();
  if (!status.ok()) return status;
  file_->durable_length += block_.size();
  file_->durable_records += unsynced_.size();
  stats_->delivered.Increment(unsynced_.size());
  const int64_t now_ms = base::WallMillis();
  for (const RecordPtr& record : unsynced_) {
    stats_->delivery_latency.Observe(static_cast<double>(now_ms - record->arrival_ms()) / 1000.0);
  }
  stats_->syncs.Increment();
  unsynced_.clear();
  last_sync_ = now;
  return {};
}

// §2.3: sync the remaining records, close, publish (or delete a file without records). On an
// error the file is either still current (sync failed: the caller abandons it) or gone from
// file_ (closed, and published or left in place).
base::Status FileStrategy::PublishCurrentFile(TimePoint now) {
  base::Status status = SyncBlock(now);
  if (!status.ok()) return status;
  status = file_->handle->Close();
  file_->handle.reset();
  if (!status.ok()) return status;  // everything was synced: the caller publishes it
  const std::string name = file_->name;
  const bool has_records = file_->durable_records > 0;
  file_.reset();
  if (!has_records) {
    status = file_system_->Delete(name);
    if (!status.ok())
      logger_.Warn("Failed to delete empty file {}: {}", file_system_->WorkingPath(name),
                   status.message());
    return {};  // an empty leftover loses nothing
  }
  status = file_system_->Publish(name);
  if (!status.ok()) {
    logger_.Warn("Failed to publish file {} to {}.", file_system_->WorkingPath(name),
                 file_system_->PublishPath(name));
    stats_->publish_failures.Increment();
    return status;
  }
  stats_->files_published.Increment();
  return {};
}

// §2.4 step 2: close the current file after an I/O error, keeping only complete, durable blocks;
// publish it if it holds any, delete it otherwise; if that fails, leave it where it is.
void FileStrategy::AbandonCurrentFile() {
  OpenFile file = std::move(*file_);
  file_.reset();
  const std::string path = file_system_->WorkingPath(file.name);
  if (file.handle) {
    base::Status truncated = base::Status();
    if (file.durable_records > 0) truncated = file.handle->Truncate(file.durable_length);
    (void)file.handle->Close();  // the data that matters was synced before
    if (!truncated.ok()) {
      logger_.Warn("Leaving file {} in the working location after an I/O error: {}", path,
                   truncated.message());
      stats_->publish_failures.Increment();
      return;
    }
  }
  if (file.durable_records == 0) {
    base::Status deleted = file_system_->Delete(file.name);
    if (!deleted.ok())
      logger_.Warn("Failed to delete file {} holding no records: {}", path, deleted.message());
    return;
  }
  PublishOrLeave(file.name);
}

void FileStrategy::PublishOrLeave(const std::string& name) {
  base::Status published = file_system_->Publish(name);
  if (published.ok()) {
    stats_->files_published.Increment();
    return;
  }
  logger_.Warn("Failed to publish file {} to {}.", file_system_->WorkingPath(name),
               file_system_->PublishPath(name));
  stats_->publish_failures.Increment();
}

// §2.4 steps 1-3. The records not yet durable stay in unsynced_, now the retry buffer.
Verdict FileStrategy::Fail(TimePoint now, const base::Status& cause) {
  stats_->failures.Increment();
  if (file_) AbandonCurrentFile();
  last_open_attempt_ = now;
  logger_.Error("{}\n    Caused by: {}", kUnavailableMessage, cause.message());
  return Verdict::kPause;
}

// §2.4 step 4: at most every kReconnectDelay, open a new file and write the retry buffer to it
// as one durable block right away (these records have waited long enough already).
bool FileStrategy::TryRecover(TimePoint now) {
  if (now - last_open_attempt_ < kReconnectDelay) return false;
  last_open_attempt_ = now;
  base::Status status = OpenNewFile(now);
  if (!status.ok()) {
    stats_->failures.Increment();
    logger_.Warn("Failed to create a new file; attempting reconnect after 15 s: {}",
                 status.message());
    return false;
  }
  status = SyncBlock(now);
  if (!status.ok()) {
    Fail(now, status);
    return false;
  }
  logger_.Info("Recovered file system connection when creating file: {}", file_->name);
  return true;
}

// While failed, records join the retry buffer up to its bound; the rest stay in the queue.
size_t FileStrategy::AcceptIntoRetryBuffer(std::span<const RecordPtr> batch) {
  const size_t room =
      unsynced_.size() < retry_buffer_limit_ ? retry_buffer_limit_ - unsynced_.size() : 0;
  const size_t accepted = std::min(room, batch.size());
  unsynced_.insert(unsynced_.end(), batch.begin(), batch.begin() + accepted);
  return accepted;
}

// §2.6: publish the open file (or delete it if empty); a failed worker makes one last attempt.
uint64_t FileStrategy::Close() {
  if (closed_) return 0;
  closed_ = true;
  const TimePoint now = clock_();
  if (!failed()) {
    base::Status status = PublishCurrentFile(now);
    if (!status.ok()) Fail(now, status);
  }
  return FinalAttempt(now);
}

// Writes and publishes what is still held, in a new file; counts what cannot be written as lost.
uint64_t FileStrategy::FinalAttempt(TimePoint now) {
  if (unsynced_.empty()) {
    UpdatePendingGauge();
    return 0;
  }
  base::Status status = OpenNewFile(now);
  if (status.ok()) {
    status = SyncBlock(now);
    // Once synced, the records are durable even if publishing fails.
    const bool published = status.ok() && PublishCurrentFile(now).ok();
    if (!published && file_) AbandonCurrentFile();
  }
  const uint64_t lost = unsynced_.size();
  if (lost > 0) {
    stats_->failures.Increment();
    stats_->dropped_shutdown.Increment(lost);
    logger_.Error("Could not write {} records to a file at shutdown; they are lost: {}", lost,
                  status.message());
  }
  unsynced_.clear();
  UpdatePendingGauge();
  return lost;
}

// pending_records is shared by the sink's workers: each adjusts it by the change of its share.
// Every record taken but not yet durable counts (the current block, or the retry buffer), so
// that enqueued = delivered + dropped + pending holds at any time (operations.md §5).
void FileStrategy::UpdatePendingGauge() {
  const auto pending = static_cast<int64_t>(unsynced_.size());
  stats_->pending_records.Add(pending - reported_pending_);
  reported_pending_ = pending;
}

}  // namespace divolte::sinks
