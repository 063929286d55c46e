#pragma once

// File names of the file strategy (sinks.md §2.1):
//   <yyyyMMddHHmmss>-divolte-tracking-<host>-<n>.avro
// with the creation time in the process's local time zone, the host name from gethostname
// (`localhost` if unavailable) and <n> from one process-wide counter starting at 1, so that no two
// files of a process share a name. Thread-safe.

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace divolte::sinks {

// The name of a file created at `creation_time` (seconds since the epoch, shown in local time).
std::string FormatFileName(std::time_t creation_time, std::string_view host, uint64_t number);

// The machine's host name, looked up once.
const std::string& LocalHostName();

// The next value of the process-wide file counter: 1, 2, 3, ... across all sinks and threads.
uint64_t NextFileNumber();

// A fresh name for a file created now; every call takes a new counter value.
std::string NextFileName();

}  // namespace divolte::sinks
