#pragma once

// ReadContainer parses a whole Avro object container file (schema.md §5) held in memory: header
// metadata, codec, sync marker and every block, decompressed. It verifies the structure (magic,
// sync marker after each block, codec checksums) but not the datums, which the caller decodes
// with BinaryDecoder. Used by tests and tools to check what the file sinks wrote; not on the
// data path. Pure function; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "avro/codec.h"
#include "avro/container_writer.h"
#include "base/status.h"

namespace divolte::avro {

struct ContainerBlock {
  int64_t object_count = 0;
  std::string datums;  // decompressed, concatenated record datums
};

struct ContainerFile {
  std::vector<std::pair<std::string, std::string>> metadata;  // in file order
  std::string schema_json;
  Codec codec = Codec::kNull;
  SyncMarker sync_marker{};
  size_t header_size = 0;  // bytes up to and including the header's sync marker
  std::vector<ContainerBlock> blocks;

  int64_t ObjectCount() const;
};

base::Result<ContainerFile> ReadContainer(std::string_view bytes);

}  // namespace divolte::avro
