#pragma once

// Wall-clock time as the collector reports it: milliseconds since the Unix epoch (UTC), and the
// IMF-fixdate text of HTTP `Date` headers ("Wed, 24 Aug 2016 11:29:39 GMT").

#include <cstdint>
#include <string>
#include <string_view>

namespace divolte::base {

// Milliseconds since 1970-01-01T00:00:00Z.
int64_t WallMillis();

// IMF-fixdate of a time given in seconds since the epoch (always 29 characters).
std::string FormatImfFixdate(int64_t epoch_seconds);

// The IMF-fixdate of now, formatted at most once per second per thread. The view stays valid
// until the next call on the same thread.
std::string_view CachedImfFixdateNow();

}  // namespace divolte::base
