#pragma once

// The standard process metrics of the Prometheus client libraries (operations.md §5:
// process_cpu_seconds_total, process_resident_memory_bytes, ...), read from /proc at scrape time.
// prometheus-cpp's core has no process collector, hence this small reader. Thread-safe.

#include <optional>

namespace divolte::server {

struct ProcessMetrics {
  double cpu_seconds = 0;  // user + system time
  double resident_memory_bytes = 0;
  double virtual_memory_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;             // the soft limit
  double start_time_seconds = 0;  // since the epoch
};

// Empty when /proc cannot be read (never on Linux with /proc mounted).
std::optional<ProcessMetrics> ReadProcessMetrics();

}  // namespace divolte::server
