#pragma once

// DuplicateMemory: the short-term duplicate memory of one mapper thread (enrich.md §1.2). A fixed
// table of 64-bit signatures, zero at start, never reset; an event is a duplicate when its slot
// already holds its signature. Owned and used by exactly one mapper thread: NOT thread-safe.
// Observe does not allocate once its key buffer has grown to the largest key seen.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace divolte::enrich {

// Where an event lands in the memory, derived from the 16 bytes of MurmurHash3 x64-128 (seed 0)
// of its key: selector = bytes 0..3 big-endian, signature = bytes 8..15 big-endian.
struct DuplicateFingerprint {
  std::array<uint8_t, 16> hash_bytes;  // h1 little-endian, then h2 little-endian
  int32_t selector;
  int64_t signature;
};

// Appends the key K: the three ids concatenated, as UTF-16LE code units. The ids are the
// normalised party id, the normalised session id and the event id as received.
void AppendDuplicateKey(std::string_view party_id, std::string_view session_id,
                        std::string_view event_id, std::string* out);

DuplicateFingerprint FingerprintOfKey(std::string_view key);

// (selector & 0x7fffffff) mod slots. REQUIRES: slots >= 1.
inline int32_t DuplicateSlot(int32_t selector, int32_t slots) {
  return (selector & 0x7fffffff) % slots;
}

class DuplicateMemory {
 public:
  // REQUIRES: slots >= 1 (validated configuration, duplicate_memory_size).
  explicit DuplicateMemory(int32_t slots);

  // True if the event is a duplicate of one remembered in its slot; remembers it either way.
  // party_id and session_id must be the normalised identifiers.
  bool Observe(std::string_view party_id, std::string_view session_id, std::string_view event_id);

  int32_t slots() const { return slots_; }

 private:
  int32_t slots_;
  std::unique_ptr<int64_t[]> memory_;
  std::string key_;  // scratch, reused per event
};

}  // namespace divolte::enrich
