#pragma once

// Block codecs of Avro object container files (schema.md §5, deviation 13): `null` (stored),
// `deflate` (raw RFC 1951 stream, level 6) and `snappy` (one raw Snappy block followed by the
// big-endian CRC-32 of the uncompressed data). Stateless functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace divolte::avro {

enum class Codec { kNull, kDeflate, kSnappy };

// The codec's name in the `avro.codec` header entry: "null", "deflate" or "snappy".
std::string_view CodecName(Codec codec);

// The codec named `name` (as written in `avro.codec`), if it is one of the three.
std::optional<Codec> CodecFromName(std::string_view name);

// Appends `data` compressed with `codec` to `*out`. Fails only if the compression library does.
base::Status CompressBlock(Codec codec, std::string_view data, std::string* out);

// Appends the decompressed form of `block` to `*out`; fails on corrupt input (including a
// Snappy checksum mismatch). A deflate block may carry bytes after its stream, as other writers
// leave them.
base::Status DecompressBlock(Codec codec, std::string_view block, std::string* out);

}  // namespace divolte::avro
