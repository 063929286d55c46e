#pragma once

// The event checksum of browser requests (protocol.md §6): MurmurHash3 x86-32 (seed 0) over the
// canonical string of every parameter except `x`. Thread-safe; uses a thread-local scratch
// buffer, so it does not allocate once warm.

#include <cstdint>
#include <string>

namespace divolte::event {

class QueryParams;

// The signed 32-bit checksum the tag should have sent for `params` (ignoring any `x`).
int32_t EventChecksum(const QueryParams& params);

// False if `x` is missing, empty, not a signed 64-bit base-36 number or differs from
// EventChecksum (the event is then corrupt).
bool IsChecksumValid(const QueryParams& params);

// The canonical string itself (for diagnostics and tests): names sorted by UTF-16 code units,
// each as `name=` + `value,` per value in request order + `;`.
void AppendChecksumCanonicalString(const QueryParams& params, std::string* out);

}  // namespace divolte::event
