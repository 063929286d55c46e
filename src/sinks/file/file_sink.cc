#include "sinks/file/file_sink.h"

#include <fmt/format.h>

#include <cstdlib>

#include "avro/codec.h"
#include "base/log.h"
#include "config/duration.h"
#include "sinks/file/default_filesystem.h"
#include "sinks/file/file_strategy.h"
#include "sinks/file/local_directories.h"
#include "sinks/file/local_file_system.h"

namespace divolte::sinks {

FileSink::FileSink(std::string name, const config::FileStrategyConfig& config,
                   std::string schema_json, std::unique_ptr<FileSystem> file_system,
                   SteadyClock clock)
    : name_(std::move(name)),
      config_(config),
      schema_json_(std::move(schema_json)),
      file_system_(std::move(file_system)),
      clock_(std::move(clock)) {}

std::unique_ptr<SinkWorker> FileSink::CreateWorker(int /*thread_index*/) {
  return std::make_unique<FileStrategy>(config_, schema_json_, file_system_.get(), &stats_, clock_);
}

std::string FileSink::ThreadName(int thread_index) const {
  return fmt::format("Hadoop FileSystem (HDFS) Flusher [{}] - {}", name_, thread_index + 1);
}

base::Result<std::unique_ptr<Sink>> CreateFileSink(const config::SinkConfig& sink,
                                                   const config::SinkTypeConfig& type,
                                                   std::string schema_json) {
  using SinkResult = base::Result<std::unique_ptr<Sink>>;
  if (sink.type != config::SinkType::kHdfs) {
    return SinkResult::Error(fmt::format("Sink {} is not a file (hdfs) sink", sink.name));
  }
  const char* hadoop_conf_dir = std::getenv("HADOOP_CONF_DIR");
  if (base::Status status = CheckDefaultFilesystem(
          sink.name, sink.file_strategy,
          hadoop_conf_dir ? std::optional<std::string>(hadoop_conf_dir) : std::nullopt);
      !status.ok()) {
    return status;
  }
  base::Result<LocalDirectories> directories = CheckLocalDirectories(sink.file_strategy);
  if (!directories.ok()) return directories.status();
  const size_t leftovers = CountLeftoverFiles(directories->working_dir);
  if (leftovers > 0) {
    base::Logger("FileSink")
        .Warn(
            "Found {} leftover *.avro.partial files in working directory {} (sink {}); they are "
            "left "
            "untouched.",
            leftovers, sink.file_strategy.working_dir, sink.name);
  }
  const config::FileStrategyConfig& files = sink.file_strategy;
  base::Logger("FileSink")
      .Info(
          "Sink[{}]: local files, working directory {}, publish directory {}; codec {}, sync "
          "after {} records or {}, roll every {}; {} thread(s), queue of {} per thread",
          sink.name, directories->working_dir, directories->publish_dir,
          avro::CodecName(ToAvroCodec(files.codec)), files.sync_file_after_records,
          config::FormatDuration(files.sync_file_after_duration),
          config::FormatDuration(files.roll_every), type.threads, type.buffer_size);
  auto file_system =
      std::make_unique<LocalFileSystem>(directories->working_dir, directories->publish_dir);
  return SinkResult(std::make_unique<FileSink>(sink.name, sink.file_strategy,
                                               std::move(schema_json), std::move(file_system),
                                               RealSteadyClock()));
}

}  // namespace divolte::sinks
