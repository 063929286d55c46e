#pragma once

// FileSink: the `hdfs` sink on the local filesystem (sinks.md §3). It owns the sink's schema,
// file-strategy settings, FileSystem and counters; each sink thread gets its own FileStrategy
// worker. Created on the main thread by CreateFileSink after the start-up checks; afterwards
// CreateWorker may be called from the sink threads concurrently (it only reads shared state).

#include <memory>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "sinks/file/file_strategy.h"
#include "sinks/file/file_system.h"
#include "sinks/sink.h"

namespace divolte::sinks {

class FileSink final : public Sink {
 public:
  // `clock` drives every worker's roll and sync timing (RealSteadyClock in production).
  FileSink(std::string name, const config::FileStrategyConfig& config, std::string schema_json,
           std::unique_ptr<FileSystem> file_system, SteadyClock clock);

  // thread_index counts from 0; the worker opens its first file immediately.
  std::unique_ptr<SinkWorker> CreateWorker(int thread_index) override;
  // "Hadoop FileSystem (HDFS) Flusher [<sink>] - <thread_index + 1>".
  std::string ThreadName(int thread_index) const override;
  SinkStats& stats() override { return stats_; }

 private:
  const std::string name_;
  const config::FileStrategyConfig config_;
  const std::string schema_json_;
  const std::unique_ptr<FileSystem> file_system_;
  const SteadyClock clock_;
  SinkStats stats_;
};

// Builds the local-filesystem sink after the checks of §3 (every failed check in the error, one
// per line) and logs the leftovers WARN of §2.5. Plain paths are taken as local: the caller has
// already decided that the default filesystem is file:/// (§4.2).
// REQUIRES: sink.type == config::SinkType::kHdfs.
base::Result<std::unique_ptr<Sink>> CreateFileSink(const config::SinkConfig& sink,
                                                   const config::SinkTypeConfig& type,
                                                   std::string schema_json);

}  // namespace divolte::sinks
