#pragma once

// MurmurHash3 (Austin Appleby's public-domain design), the two variants the protocol relies on:
// x86 32-bit (event checksum, party affinity) and x64 128-bit (duplicate memory). Results are
// identical on every platform: input blocks are read as little-endian. Pure functions,
// thread-safe, no allocation.

#include <cstdint>
#include <string_view>

namespace divolte::base {

uint32_t Murmur3X86_32(std::string_view bytes, uint32_t seed);

// The two 64-bit halves of the 128-bit hash. The reference byte form of the hash is h1
// little-endian followed by h2 little-endian.
struct Hash128 {
  uint64_t h1;
  uint64_t h2;
};

Hash128 Murmur3X64_128(std::string_view bytes, uint32_t seed);

}  // namespace divolte::base
