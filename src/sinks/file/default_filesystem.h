#pragma once

// The Hadoop default filesystem for plain (scheme-less) sink directories (sinks.md §3, §4.1).
// Only the local filesystem is supported so far: when $HADOOP_CONF_DIR/core-site.xml points plain
// paths at another filesystem, start-up fails instead of silently writing to local disk.

#include <optional>
#include <string>

#include "base/status.h"
#include "config/config.h"

namespace divolte::sinks {

// fs.defaultFS (or the legacy fs.default.name) of `<hadoop_conf_dir>/core-site.xml`, if set.
std::optional<std::string> HadoopDefaultFilesystem(const std::string& hadoop_conf_dir);

// Fails when the sink's plain directories would resolve to a filesystem other than `file`.
base::Status CheckDefaultFilesystem(const std::string& sink_name,
                                    const config::FileStrategyConfig& strategy,
                                    const std::optional<std::string>& hadoop_conf_dir);

}  // namespace divolte::sinks
