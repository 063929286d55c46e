#pragma once

// CopyToMemoryFile: a private, sealed, in-memory copy (memfd) of a file, optionally gunzipped.
// The geolocation database is memory-mapped from such a copy, never from the user's file: an
// in-place rewrite or truncation of a mapped file would kill the process with SIGBUS, and a
// gzip-compressed database must be decompressed before it can be mapped (enrich.md §4.1, §4.5).
// Thread-safe (no shared state). The copy lives as long as a descriptor or mapping refers to it.

#include <cstdint>
#include <string>

#include "base/status.h"
#include "enrich/unique_fd.h"

namespace divolte::enrich {

enum class FileEncoding { kPlain, kGzip };

// Copies (kGzip: decompresses) the file at `path` into a new memfd, sealed against writes and size
// changes. Content longer than `max_bytes` is an error. Errors are the bare reason, e.g.
// "No such file or directory" or "corrupt gzip data: incorrect header check".
base::Result<UniqueFd> CopyToMemoryFile(const std::string& path, FileEncoding encoding,
                                        uint64_t max_bytes);

}  // namespace divolte::enrich
