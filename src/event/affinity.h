#pragma once

// Party affinity (operations.md §1.3): every event of a party goes to the same mapper thread and
// every record of it to the same sink thread, so one duplicate memory sees all of a party's
// events and a sink receives them in arrival order. Pure, thread-safe.

#include <cstdint>
#include <string_view>

#include "base/murmur3.h"

namespace divolte::event {

inline constexpr uint32_t kAffinitySeed = 42;

// murmur3_x86_32(seed 42, UTF-8 normalised party id) & 0x7fffffff; the queue is hash mod threads.
inline uint32_t AffinityHash(std::string_view normalised_party_id) {
  return base::Murmur3X86_32(normalised_party_id, kAffinitySeed) & 0x7fffffffU;
}

}  // namespace divolte::event
