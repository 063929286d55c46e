#pragma once

// ContainerWriter produces the bytes of an Avro object container file (schema.md §5): the header
// (magic, metadata map with `avro.schema` then `avro.codec`, sync marker) and data blocks (object
// count, byte size, codec-compressed datums, sync marker). It does no I/O: the caller writes the
// bytes wherever the file lives. One writer per open file; it keeps a scratch buffer so that
// blocks reuse memory. Not thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "avro/codec.h"
#include "base/status.h"

namespace divolte::avro {

inline constexpr size_t kSyncMarkerSize = 16;
using SyncMarker = std::array<char, kSyncMarkerSize>;

// The four magic bytes that start every container file: "Obj" and version 1.
inline constexpr std::string_view kContainerMagic{"Obj\x01", 4};

// 16 bytes from the operating system's random source (getrandom), fresh for each call.
SyncMarker RandomSyncMarker();

class ContainerWriter {
 public:
  ContainerWriter(Codec codec, const SyncMarker& sync_marker)
      : codec_(codec), sync_marker_(sync_marker) {}

  Codec codec() const { return codec_; }
  const SyncMarker& sync_marker() const { return sync_marker_; }

  // Appends the file header declaring `schema_json` to `*out`.
  void AppendHeader(std::string_view schema_json, std::string* out) const;

  // Appends one data block holding `object_count` records whose datums, concatenated, are
  // `datums`. Errors come only from the codec; `*out` is then unchanged.
  // REQUIRES: object_count > 0 (a sync with no new records writes no block).
  base::Status AppendBlock(std::string_view datums, int64_t object_count, std::string* out);

 private:
  Codec codec_;
  SyncMarker sync_marker_;
  std::string compressed_;  // scratch, reused across blocks
};

}  // namespace divolte::avro
