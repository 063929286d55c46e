#include "enrich/duplicate_memory.h"

#include <gtest/gtest.h>

#include <string>

#include "base/strings.h"

namespace divolte::enrich {
namespace {

std::string Hex(const std::array<uint8_t, 16>& bytes) {
  return base::HexEncode({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

struct Vector {
  const char* party_id;
  const char* session_id;
  const char* event_id;
  const char* hash_hex;
  int32_t selector;
  int32_t slot_of_2;
  int32_t slot_of_1000000;
  int64_t signature;
};

// enrich.md §1.2, both normative vectors, every column.
constexpr Vector kVectors[] = {
    {"0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG", "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8",
     "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0", "c70350afc24d0a795ffab3fe8cfbf722", -956084049, 1,
     399599, 6916038083649206050},
    {"0:i1t84hgy:party", "0:i1t84hgy:session", "0:eventId", "db5151f7a456c4d08a83899849b00a9d",
     -615427593, 1, 56055, -8465771587362092387},
};

TEST(DuplicateMemoryTest, SpecVectors) {
  for (const Vector& v : kVectors) {
    std::string key;
    AppendDuplicateKey(v.party_id, v.session_id, v.event_id, &key);
    const DuplicateFingerprint fingerprint = FingerprintOfKey(key);
    EXPECT_EQ(Hex(fingerprint.hash_bytes), v.hash_hex) << v.party_id;
    EXPECT_EQ(fingerprint.selector, v.selector) << v.party_id;
    EXPECT_EQ(DuplicateSlot(fingerprint.selector, 2), v.slot_of_2) << v.party_id;
    EXPECT_EQ(DuplicateSlot(fingerprint.selector, 1000000), v.slot_of_1000000) << v.party_id;
    EXPECT_EQ(fingerprint.signature, v.signature) << v.party_id;
  }
  EXPECT_EQ(kVectors[0].signature, 0x5ffab3fe8cfbf722);
  EXPECT_EQ(static_cast<uint64_t>(kVectors[1].signature), 0x8a83899849b00a9dULL);
}

TEST(DuplicateMemoryTest, KeyIsUtf16LittleEndianWithoutSeparators) {
  std::string key;
  AppendDuplicateKey("0:a:b", "\xc3\xa9", "\xf0\x9f\x98\x80", &key);
  EXPECT_EQ(key, std::string("0\0:\0a\0:\0b\0\xe9\0\x3d\xd8\x00\xde", 16));
}

TEST(DuplicateMemoryTest, SameEventTwiceIsADuplicate) {
  DuplicateMemory memory(1000000);
  const Vector& v = kVectors[0];
  EXPECT_FALSE(memory.Observe(v.party_id, v.session_id, v.event_id));
  EXPECT_TRUE(memory.Observe(v.party_id, v.session_id, v.event_id));
  EXPECT_TRUE(memory.Observe(v.party_id, v.session_id, v.event_id));
  EXPECT_FALSE(memory.Observe(v.party_id, v.session_id, "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF1"));
}

TEST(DuplicateMemoryTest, OverwrittenSlotForgets) {
  // Both vectors use slot 1 of 2: the second event evicts the first (a false negative).
  DuplicateMemory memory(2);
  const Vector& a = kVectors[0];
  const Vector& b = kVectors[1];
  EXPECT_FALSE(memory.Observe(a.party_id, a.session_id, a.event_id));
  EXPECT_FALSE(memory.Observe(b.party_id, b.session_id, b.event_id));
  EXPECT_FALSE(memory.Observe(a.party_id, a.session_id, a.event_id));
  EXPECT_TRUE(memory.Observe(a.party_id, a.session_id, a.event_id));
}

TEST(DuplicateMemoryTest, SingleSlot) {
  DuplicateMemory memory(1);
  EXPECT_EQ(memory.slots(), 1);
  EXPECT_FALSE(memory.Observe("0:0:p", "0:0:s", "e"));
  EXPECT_TRUE(memory.Observe("0:0:p", "0:0:s", "e"));
}

TEST(DuplicateMemoryDeathTest, RejectsNonPositiveSize) {
  EXPECT_DEATH(DuplicateMemory(0), "slots >= 1");
}

}  // namespace
}  // namespace divolte::enrich
