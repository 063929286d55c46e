#include "avro/decoder.h"

#include <bit>
#include <cstring>

namespace divolte::avro {
namespace {

constexpr int kMaxVarintShift = 63;

template <typename Word>
Word FromLittleEndian(const char* bytes) {
  Word word;
  std::memcpy(&word, bytes, sizeof(Word));
  if constexpr (std::endian::native == std::endian::big) {
    if constexpr (sizeof(Word) == 4) word = __builtin_bswap32(word);
    if constexpr (sizeof(Word) == 8) word = __builtin_bswap64(word);
  }
  return word;
}

}  // namespace

bool BinaryDecoder::ReadLong(int64_t* value) {
  if (failed_) return false;
  uint64_t zigzag = 0;
  for (int shift = 0; shift <= kMaxVarintShift; shift += 7) {
    if (position_ == input_.size()) return Fail();
    const auto byte = static_cast<uint8_t>(input_[position_++]);
    zigzag |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
      return true;
    }
  }
  return Fail();  // more than 10 bytes
}

bool BinaryDecoder::ReadInt(int32_t* value) {
  int64_t wide = 0;
  if (!ReadLong(&wide)) return false;
  if (wide < INT32_MIN || wide > INT32_MAX) return Fail();
  *value = static_cast<int32_t>(wide);
  return true;
}

bool BinaryDecoder::ReadBoolean(bool* value) {
  std::string_view byte;
  if (!ReadFixed(1, &byte)) return false;
  if (byte[0] != '\x00' && byte[0] != '\x01') return Fail();
  *value = byte[0] == '\x01';
  return true;
}

bool BinaryDecoder::ReadFloat(float* value) {
  std::string_view bytes;
  if (!ReadFixed(4, &bytes)) return false;
  *value = std::bit_cast<float>(FromLittleEndian<uint32_t>(bytes.data()));
  return true;
}

bool BinaryDecoder::ReadDouble(double* value) {
  std::string_view bytes;
  if (!ReadFixed(8, &bytes)) return false;
  *value = std::bit_cast<double>(FromLittleEndian<uint64_t>(bytes.data()));
  return true;
}

bool BinaryDecoder::ReadBytes(std::string_view* value) {
  int64_t length = 0;
  if (!ReadLong(&length)) return false;
  if (length < 0) return Fail();
  return ReadFixed(static_cast<size_t>(length), value);
}

bool BinaryDecoder::ReadFixed(size_t size, std::string_view* value) {
  if (failed_) return false;
  if (size > remaining()) return Fail();
  *value = input_.substr(position_, size);
  position_ += size;
  return true;
}

bool BinaryDecoder::ReadBlockCount(int64_t* count) {
  if (!ReadLong(count)) return false;
  if (*count >= 0) return true;
  if (*count == INT64_MIN) return Fail();
  *count = -*count;
  int64_t byte_size = 0;
  return ReadLong(&byte_size);
}

}  // namespace divolte::avro
