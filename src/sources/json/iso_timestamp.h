#pragma once

// The client_timestamp_iso format of JSON events (protocol.md §8.2): an ISO-8601 date-time with
// an offset, as Java's ISO_OFFSET_DATE_TIME reads it. Pure function, thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

namespace divolte::sources {

// Parses `YYYY-MM-DD'T'hh:mm[:ss[.fraction]]<offset>`: a four-digit year (0000-9999, proleptic
// Gregorian), a real calendar date, hours 00-23, minutes and seconds 00-59 (no leap second), a
// fraction of 1-9 digits, `T` in either case, and an offset `Z`/`z`, `±hh:mm` or `±hh:mm:ss` of
// at most 18 hours. Returns milliseconds since 1970-01-01T00:00:00Z rounded toward negative
// infinity (sub-millisecond digits are dropped), or nullopt if `text` has any other form.
std::optional<int64_t> ParseIsoTimestamp(std::string_view text);

}  // namespace divolte::sources
