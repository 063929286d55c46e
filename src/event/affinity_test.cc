#include "event/affinity.h"

#include <gtest/gtest.h>

namespace divolte::event {
namespace {

// operations.md §1.3 test vectors.
TEST(AffinityTest, SpecVectors) {
  const uint32_t first = AffinityHash("0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG");
  EXPECT_EQ(first, 1145611769u);  // hash 0xc448a5f9 without its sign bit
  EXPECT_EQ(first % 2, 1u);
  EXPECT_EQ(first % 3, 2u);
  const uint32_t second = AffinityHash("0:i1t84hgy:party");
  EXPECT_EQ(second, 1823263879u);  // hash 0x6caccc87
  EXPECT_EQ(second % 2, 1u);
  EXPECT_EQ(second % 3, 1u);
  EXPECT_EQ(second % 4, 3u);
}

TEST(AffinityTest, NeverNegativeAsInt32) {
  for (const char* id : {"", "0:0:", "0:i1t84hgy:abc", "0:-5:x"}) {
    EXPECT_LE(AffinityHash(id), 0x7fffffffu) << id;
  }
}

}  // namespace
}  // namespace divolte::event
