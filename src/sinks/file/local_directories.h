#pragma once

// Start-up checks of the local-filesystem file sink (sinks.md §3, §2.5): resolving `file:` URIs
// and plain paths, checking that working_dir and publish_dir exist, are writable directories on
// one filesystem, and counting leftover `*.avro.partial` files. Runs once on the main thread;
// never creates or modifies a directory.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "config/config.h"

namespace divolte::sinks {

struct LocalDirectories {
  std::string working_dir;  // resolved local paths
  std::string publish_dir;
};

// The local path of a configured directory: a plain path as is, or the path of a `file:` URI
// (`file:///data/x`, `file:/data/x`, `file://localhost/data/x`; percent-escapes decoded).
// Errors for other schemes and for `file:` URIs naming another host.
base::Result<std::string> ResolveLocalPath(std::string_view configured);

// Every failed check of §3, one message per line, with the exact texts of the specification;
// directories appear as configured.
base::Result<LocalDirectories> CheckLocalDirectories(const config::FileStrategyConfig& config);

// The number of `*.avro.partial` files directly in `dir` (0 if it cannot be listed).
size_t CountLeftoverFiles(const std::string& dir);

}  // namespace divolte::sinks
