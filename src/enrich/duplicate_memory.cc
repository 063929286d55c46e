#include "enrich/duplicate_memory.h"

#include "base/check.h"
#include "base/murmur3.h"
#include "event/utf8.h"

namespace divolte::enrich {
namespace {

void StoreLe64(uint64_t value, uint8_t* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint64_t LoadBe(const uint8_t* bytes, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

void AppendDuplicateKey(std::string_view party_id, std::string_view session_id,
                        std::string_view event_id, std::string* out) {
  event::AppendUtf16Le(party_id, out);
  event::AppendUtf16Le(session_id, out);
  event::AppendUtf16Le(event_id, out);
}

DuplicateFingerprint FingerprintOfKey(std::string_view key) {
  const base::Hash128 hash = base::Murmur3X64_128(key, 0);
  DuplicateFingerprint fingerprint;
  StoreLe64(hash.h1, fingerprint.hash_bytes.data());
  StoreLe64(hash.h2, fingerprint.hash_bytes.data() + 8);
  fingerprint.selector = static_cast<int32_t>(LoadBe(fingerprint.hash_bytes.data(), 4));
  fingerprint.signature = static_cast<int64_t>(LoadBe(fingerprint.hash_bytes.data() + 8, 8));
  return fingerprint;
}

DuplicateMemory::DuplicateMemory(int32_t slots) : slots_(slots) {
  CHECK(slots >= 1);
  memory_ = std::make_unique<int64_t[]>(static_cast<size_t>(slots));  // value-initialised: zeros
}

bool DuplicateMemory::Observe(std::string_view party_id, std::string_view session_id,
                              std::string_view event_id) {
  key_.clear();
  AppendDuplicateKey(party_id, session_id, event_id, &key_);
  const DuplicateFingerprint fingerprint = FingerprintOfKey(key_);
  int64_t& slot = memory_[DuplicateSlot(fingerprint.selector, slots_)];
  const bool duplicate = slot == fingerprint.signature;
  slot = fingerprint.signature;
  return duplicate;
}

}  // namespace divolte::enrich
