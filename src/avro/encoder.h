#pragma once

// BinaryEncoder appends the Avro binary encoding of values (schema.md §4) to a string owned by
// the caller. It runs once per record on the mapper threads, so every write is inline and
// allocates nothing beyond the output string's own growth. Not thread-safe; cheap to create.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace divolte::avro {

// Longest varint of a 64-bit value: ceil(64 / 7) bytes.
inline constexpr size_t kMaxVarintLength = 10;

inline constexpr uint64_t ZigZagEncode(int64_t n) {
  return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63);
}

// Writes the unsigned LEB128 form of `value` at `out`, returns the number of bytes written.
// REQUIRES: `out` has room for kMaxVarintLength bytes.
inline size_t EncodeVarint(uint64_t value, char* out) {
  size_t n = 0;
  while (value >= 0x80) {
    out[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out[n++] = static_cast<char>(value);
  return n;
}

class BinaryEncoder {
 public:
  // REQUIRES: `out` outlives the encoder.
  explicit BinaryEncoder(std::string* out) : out_(out) {}

  std::string* output() const { return out_; }

  void WriteNull() {}
  void WriteBoolean(bool value) { out_->push_back(value ? '\x01' : '\x00'); }
  // Avro int and long share one wire form; int's zig-zag of a 32-bit value equals long's.
  void WriteInt(int32_t value) { WriteLong(value); }
  void WriteLong(int64_t value) {
    const uint64_t zigzag = ZigZagEncode(value);
    if (zigzag < 0x80) {  // fast path: small numbers, booleans-as-ints, union indexes, lengths
      out_->push_back(static_cast<char>(zigzag));
      return;
    }
    char buffer[kMaxVarintLength];
    out_->append(buffer, EncodeVarint(zigzag, buffer));
  }
  void WriteFloat(float value) { AppendLittleEndian(std::bit_cast<uint32_t>(value)); }
  void WriteDouble(double value) { AppendLittleEndian(std::bit_cast<uint64_t>(value)); }
  void WriteBytes(std::string_view bytes) {
    WriteLong(static_cast<int64_t>(bytes.size()));
    out_->append(bytes);
  }
  // REQUIRES: `utf8` is valid UTF-8 (Avro strings are never validated on the hot path).
  void WriteString(std::string_view utf8) { WriteBytes(utf8); }
  // REQUIRES: bytes.size() is the fixed type's size.
  void WriteFixed(std::string_view bytes) { out_->append(bytes); }
  void WriteEnum(int32_t symbol_index) { WriteInt(symbol_index); }
  void WriteUnionIndex(int64_t branch) { WriteLong(branch); }

  // Arrays and maps are written as at most one block: StartArray(n), the n items, EndArray().
  // An empty collection is the single terminating 00 (StartArray(0) writes nothing).
  void StartArray(int64_t item_count) {
    if (item_count > 0) WriteLong(item_count);
  }
  void EndArray() { out_->push_back('\x00'); }
  // Each map entry is the key (WriteString) followed by the value.
  void StartMap(int64_t entry_count) { StartArray(entry_count); }
  void EndMap() { EndArray(); }

 private:
  template <typename Word>
  void AppendLittleEndian(Word word) {
    if constexpr (std::endian::native == std::endian::big) {
      if constexpr (sizeof(Word) == 4) word = __builtin_bswap32(word);
      if constexpr (sizeof(Word) == 8) word = __builtin_bswap64(word);
    }
    char bytes[sizeof(Word)];
    std::memcpy(bytes, &word, sizeof(Word));
    out_->append(bytes, sizeof(Word));
  }

  std::string* out_;
};

}  // namespace divolte::avro
