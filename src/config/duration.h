#pragma once

// Durations as written in the configuration (config.md §2.5): "<number>[whitespace]<unit>" or a
// plain number of milliseconds, e.g. "30 seconds", "1.5h", "500". Stateless.

#include <string>
#include <string_view>

#include "base/status.h"
#include "config/config.h"

namespace divolte::config {

// Parses `input`. Errors are the exact texts of config.md §2.5 ("No number in duration value
// '<input>'", "Could not parse time unit '<unit>' (try ns, us, ms, s, m, h, d)", "Could not
// parse duration number '<number>'"), plus "Duration '<input>' is out of range" when it does not
// fit 64-bit nanoseconds. A leading '-' is accepted here; callers reject negative values.
base::Result<Duration> ParseDuration(std::string_view input);

// "10 seconds", "1 millisecond", "1500 milliseconds": the largest unit that is exact.
std::string FormatDuration(Duration duration);

}  // namespace divolte::config
