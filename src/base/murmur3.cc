#include "base/murmur3.h"

#include <bit>
#include <cstring>

namespace divolte::base {
namespace {

// Reads are little-endian by definition of the hash; byte-swap on big-endian hosts.
inline uint32_t LoadLe32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

inline uint64_t LoadLe64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The n < 8 bytes at p assembled as a little-endian integer (the partial last block).
inline uint64_t TailLe(const char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i > 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i - 1]);
  return v;
}

inline uint32_t FMix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bU;
  h ^= h >> 13;
  h *= 0xc2b2ae35U;
  h ^= h >> 16;
  return h;
}

inline uint64_t FMix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

constexpr uint32_t kC1x86 = 0xcc9e2d51U;
constexpr uint32_t kC2x86 = 0x1b873593U;
constexpr uint64_t kC1x64 = 0x87c37b91114253d5ULL;
constexpr uint64_t kC2x64 = 0x4cf5ad432745937fULL;

inline uint32_t ScrambleX86(uint32_t k) { return std::rotl(k * kC1x86, 15) * kC2x86; }
inline uint64_t ScrambleK1(uint64_t k) { return std::rotl(k * kC1x64, 31) * kC2x64; }
inline uint64_t ScrambleK2(uint64_t k) { return std::rotl(k * kC2x64, 33) * kC1x64; }

}  // namespace

uint32_t Murmur3X86_32(std::string_view bytes, uint32_t seed) {
  const char* data = bytes.data();
  const size_t len = bytes.size();
  const size_t blocks = len / 4;
  uint32_t h = seed;
  for (size_t i = 0; i < blocks; ++i) {
    h ^= ScrambleX86(LoadLe32(data + i * 4));
    h = std::rotl(h, 13) * 5 + 0xe6546b64U;
  }
  const size_t tail = len & 3;
  if (tail != 0) h ^= ScrambleX86(static_cast<uint32_t>(TailLe(data + blocks * 4, tail)));
  h ^= static_cast<uint32_t>(len);
  return FMix32(h);
}

Hash128 Murmur3X64_128(std::string_view bytes, uint32_t seed) {
  const char* data = bytes.data();
  const size_t len = bytes.size();
  const size_t blocks = len / 16;
  uint64_t h1 = seed;
  uint64_t h2 = seed;
  for (size_t i = 0; i < blocks; ++i) {
    h1 ^= ScrambleK1(LoadLe64(data + i * 16));
    h1 = (std::rotl(h1, 27) + h2) * 5 + 0x52dce729U;
    h2 ^= ScrambleK2(LoadLe64(data + i * 16 + 8));
    h2 = (std::rotl(h2, 31) + h1) * 5 + 0x38495ab5U;
  }
  const char* tail = data + blocks * 16;
  const size_t rest = len & 15;
  if (rest > 8) h2 ^= ScrambleK2(TailLe(tail + 8, rest - 8));
  if (rest > 0) h1 ^= ScrambleK1(TailLe(tail, rest > 8 ? 8 : rest));
  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = FMix64(h1);
  h2 = FMix64(h2);
  h1 += h2;
  h2 += h1;
  return Hash128{h1, h2};
}

}  // namespace divolte::base
