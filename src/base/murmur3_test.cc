#include "base/murmur3.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "base/strings.h"

namespace divolte::base {
namespace {

// h1 then h2, each little-endian, as enrich.md writes the 16 bytes.
std::string HexOf(const Hash128& hash) {
  std::string bytes;
  for (uint64_t half : {hash.h1, hash.h2}) {
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>(half >> (8 * i)));
  }
  return HexEncode(bytes);
}

void AppendLe(uint64_t value, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

// SMHasher's verification procedure: hash the prefixes 0..255 of {0, 1, 2, ...} with seed
// 256 - length, concatenate the hashes and hash that with seed 0. It exercises every tail length.
template <typename HashFn>
uint32_t SmhasherVerification(HashFn hash) {
  std::string key;
  std::string hashes;
  for (int i = 0; i < 256; ++i) {
    hash(key, static_cast<uint32_t>(256 - i), &hashes);
    key.push_back(static_cast<char>(i));
  }
  std::string final_hash;
  hash(hashes, 0, &final_hash);
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(final_hash[i]);
  return v;
}

TEST(Murmur3Test, X86_32KnownValues) {
  EXPECT_EQ(Murmur3X86_32("", 0), 0u);
  EXPECT_EQ(Murmur3X86_32("", 1), 0x514e28b7u);
  EXPECT_EQ(Murmur3X86_32("The quick brown fox jumps over the lazy dog", 0), 0x2e4ff723u);
}

TEST(Murmur3Test, X86_32SmhasherVerification) {
  auto hash = [](std::string_view key, uint32_t seed, std::string* out) {
    AppendLe(Murmur3X86_32(key, seed), 4, out);
  };
  EXPECT_EQ(SmhasherVerification(hash), 0xb0f57ee3u);
}

// operations.md §1.3: affinity hash vectors (seed 42).
TEST(Murmur3Test, X86_32AffinityVectors) {
  EXPECT_EQ(Murmur3X86_32("0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG", 42), 0xc448a5f9u);
  EXPECT_EQ(Murmur3X86_32("0:i1t84hgy:party", 42), 0x6caccc87u);
}

// enrich.md §1.2 reference check.
TEST(Murmur3Test, X64_128ReferenceCheck) {
  EXPECT_EQ(HexOf(Murmur3X64_128("The quick brown fox jumps over the lazy dog", 0)),
            "6c1b07bc7bbc4be347939ac4a93c437a");
  EXPECT_EQ(HexOf(Murmur3X64_128("", 0)), "00000000000000000000000000000000");
}

TEST(Murmur3Test, X64_128SmhasherVerification) {
  auto hash = [](std::string_view key, uint32_t seed, std::string* out) {
    const Hash128 h = Murmur3X64_128(key, seed);
    AppendLe(h.h1, 8, out);
    AppendLe(h.h2, 8, out);
  };
  EXPECT_EQ(SmhasherVerification(hash), 0x6384ba69u);
}

}  // namespace
}  // namespace divolte::base
