#include "avro/codec.h"

#include <snappy.h>
#include <zlib.h>

#include <cstdint>
#include <limits>

namespace divolte::avro {
namespace {

constexpr int kDeflateLevel = 6;        // schema.md §5
constexpr int kRawDeflateWindow = -15;  // negative: raw stream without zlib header or trailer
constexpr int kDeflateMemLevel = 8;     // zlib's default
constexpr size_t kCrcSize = 4;
constexpr size_t kInflateChunk = 64 * 1024;
// zlib counts bytes in 32-bit fields; blocks are far smaller (at most sync_file_after_records
// records), so larger inputs are refused rather than streamed.
constexpr size_t kMaxBlockBytes = std::numeric_limits<uInt>::max() / 2;

base::Status Deflate(std::string_view data, std::string* out) {
  if (data.size() > kMaxBlockBytes) return base::Status::Error("deflate: block too large");
  z_stream stream{};
  if (deflateInit2(&stream, kDeflateLevel, Z_DEFLATED, kRawDeflateWindow, kDeflateMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return base::Status::Error("deflate: cannot initialise zlib");
  }
  const size_t start = out->size();
  const uLong bound = deflateBound(&stream, static_cast<uLong>(data.size()));
  out->resize(start + bound);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  stream.avail_out = static_cast<uInt>(bound);
  const int result = deflate(&stream, Z_FINISH);
  const size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) {
    out->resize(start);
    return base::Status::Error("deflate: compression failed");
  }
  out->resize(start + produced);
  return {};
}

base::Status Inflate(std::string_view block, std::string* out) {
  if (block.size() > kMaxBlockBytes) return base::Status::Error("deflate: block too large");
  z_stream stream{};
  if (inflateInit2(&stream, kRawDeflateWindow) != Z_OK) {
    return base::Status::Error("deflate: cannot initialise zlib");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
  stream.avail_in = static_cast<uInt>(block.size());
  int result = Z_OK;
  while (result == Z_OK) {
    const size_t used = out->size();
    out->resize(used + kInflateChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out->data() + used);
    stream.avail_out = static_cast<uInt>(kInflateChunk);
    result = inflate(&stream, Z_NO_FLUSH);
    out->resize(used + kInflateChunk - stream.avail_out);
    if (result == Z_BUF_ERROR && stream.avail_out == 0) result = Z_OK;  // needs more room
  }
  // Bytes after the end of the stream are ignored, as Java's Inflater does: Python's avro writes
  // a zlib stream without its header and last byte, leaving three bytes of the Adler-32 trailer.
  const bool complete = result == Z_STREAM_END;
  inflateEnd(&stream);
  if (!complete) return base::Status::Error("deflate: corrupt block");
  return {};
}

void AppendBigEndian32(uint32_t value, std::string* out) {
  const char bytes[kCrcSize] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                                static_cast<char>(value >> 8), static_cast<char>(value)};
  out->append(bytes, kCrcSize);
}

uint32_t Crc32(std::string_view data) {
  return static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0),
                                     reinterpret_cast<const Bytef*>(data.data()),
                                     static_cast<uInt>(data.size())));
}

base::Status SnappyCompress(std::string_view data, std::string* out) {
  if (data.size() > kMaxBlockBytes) return base::Status::Error("snappy: block too large");
  const size_t start = out->size();
  out->resize(start + snappy::MaxCompressedLength(data.size()));
  size_t produced = 0;
  snappy::RawCompress(data.data(), data.size(), out->data() + start, &produced);
  out->resize(start + produced);
  AppendBigEndian32(Crc32(data), out);
  return {};
}

base::Status SnappyUncompress(std::string_view block, std::string* out) {
  if (block.size() < kCrcSize) return base::Status::Error("snappy: block too short");
  const std::string_view compressed = block.substr(0, block.size() - kCrcSize);
  size_t length = 0;
  if (!snappy::GetUncompressedLength(compressed.data(), compressed.size(), &length) ||
      length > kMaxBlockBytes) {
    return base::Status::Error("snappy: corrupt block");
  }
  const size_t start = out->size();
  out->resize(start + length);
  if (!snappy::RawUncompress(compressed.data(), compressed.size(), out->data() + start)) {
    out->resize(start);
    return base::Status::Error("snappy: corrupt block");
  }
  std::string expected;
  AppendBigEndian32(Crc32(std::string_view(*out).substr(start)), &expected);
  if (block.substr(compressed.size()) != expected) {
    out->resize(start);
    return base::Status::Error("snappy: checksum mismatch");
  }
  return {};
}

}  // namespace

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNull:
      return "null";
    case Codec::kDeflate:
      return "deflate";
    case Codec::kSnappy:
      return "snappy";
  }
  return "null";
}

std::optional<Codec> CodecFromName(std::string_view name) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate, Codec::kSnappy}) {
    if (CodecName(codec) == name) return codec;
  }
  return std::nullopt;
}

base::Status CompressBlock(Codec codec, std::string_view data, std::string* out) {
  switch (codec) {
    case Codec::kNull:
      out->append(data);
      return {};
    case Codec::kDeflate:
      return Deflate(data, out);
    case Codec::kSnappy:
      return SnappyCompress(data, out);
  }
  return base::Status::Error("unknown codec");
}

base::Status DecompressBlock(Codec codec, std::string_view block, std::string* out) {
  switch (codec) {
    case Codec::kNull:
      out->append(block);
      return {};
    case Codec::kDeflate:
      return Inflate(block, out);
    case Codec::kSnappy:
      return SnappyUncompress(block, out);
  }
  return base::Status::Error("unknown codec");
}

}  // namespace divolte::avro
