#pragma once

// BinaryDecoder reads Avro binary values (schema.md §4) from a caller-owned byte view, the
// inverse of BinaryEncoder. It is used to read container files back (container_reader.h) and by
// tests; it is not on the hot path. Every read checks bounds: on malformed input the read returns
// false and the decoder stays failed. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace divolte::avro {

class BinaryDecoder {
 public:
  // REQUIRES: the bytes behind `input` outlive the decoder and every view it returns.
  explicit BinaryDecoder(std::string_view input) : input_(input) {}

  bool ReadBoolean(bool* value);
  bool ReadInt(int32_t* value);
  bool ReadLong(int64_t* value);
  bool ReadFloat(float* value);
  bool ReadDouble(double* value);
  // Bytes and strings are views into the input.
  bool ReadBytes(std::string_view* value);
  bool ReadString(std::string_view* value) { return ReadBytes(value); }
  bool ReadFixed(size_t size, std::string_view* value);
  bool ReadUnionIndex(int64_t* branch) { return ReadLong(branch); }
  // The item count of the next array or map block; 0 ends the collection. A negative count
  // (allowed by the Avro specification) is followed by the block's byte size, which is skipped.
  bool ReadBlockCount(int64_t* count);

  bool failed() const { return failed_; }
  size_t position() const { return position_; }
  size_t remaining() const { return input_.size() - position_; }
  bool AtEnd() const { return position_ == input_.size(); }

 private:
  bool Fail() {
    failed_ = true;
    return false;
  }

  std::string_view input_;
  size_t position_ = 0;
  bool failed_ = false;
};

}  // namespace divolte::avro
