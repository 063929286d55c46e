#include "event/identifier.h"

#include <gtest/gtest.h>

namespace divolte::event {
namespace {

struct Row {
  const char* input;
  const char* normalised;  // nullptr: invalid
};

// protocol.md §4.1, every row of the table.
constexpr Row kSpecTable[] = {
    {"0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG", "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"},
    {"0:I1T84HGY:abc", "0:i1t84hgy:abc"},
    {"0:+00i1t84hgy:abc", "0:i1t84hgy:abc"},
    {"0:-5:x", "0:-5:x"},
    {"0:i1t84hgy:", "0:i1t84hgy:"},
    {"1:i1t84hgy:abc", nullptr},
    {"0:i1t84hgy:a:b", nullptr},
    {"0::abc", nullptr},
    {"0:zzzzzzzzzzzzzzz:abc", nullptr},
};

TEST(IdentifierTest, SpecTable) {
  for (const Row& row : kSpecTable) {
    const auto normalised = NormaliseIdentifier(row.input);
    if (row.normalised == nullptr) {
      EXPECT_EQ(normalised, std::nullopt) << row.input;
      EXPECT_FALSE(IsValidIdentifier(row.input)) << row.input;
    } else {
      EXPECT_EQ(normalised, row.normalised) << row.input;
      EXPECT_TRUE(IsValidIdentifier(row.input)) << row.input;
    }
  }
}

TEST(IdentifierTest, MoreInvalidShapes) {
  for (const char* text : {"", "0", "0:", "0:abc", "00:abc:x", " 0:abc:x", "0:abc :x", "0:-:x",
                           "0:i1t84hgy:x:", ":0:abc:x"}) {
    EXPECT_EQ(NormaliseIdentifier(text), std::nullopt) << text;
  }
}

TEST(IdentifierTest, UniquePartIsOpaque) {
  EXPECT_EQ(NormaliseIdentifier("0:0:ü €&= "), "0:0:ü €&= ");
  EXPECT_EQ(NormaliseIdentifier("0:-0:x"), "0:0:x");
  EXPECT_EQ(NormaliseIdentifier("0:-1y2p0ij32e8e8:x"), "0:-1y2p0ij32e8e8:x");
}

TEST(IdentifierTest, AppendAppendsOnlyWhenValid) {
  std::string out = "prefix|";
  EXPECT_TRUE(AppendNormalisedIdentifier("0:+0I1T84HGY:abc", &out));
  EXPECT_EQ(out, "prefix|0:i1t84hgy:abc");
  EXPECT_FALSE(AppendNormalisedIdentifier("0:i1t84hgy:a:b", &out));
  EXPECT_FALSE(AppendNormalisedIdentifier("0:!:b", &out));
  EXPECT_EQ(out, "prefix|0:i1t84hgy:abc");
}

}  // namespace
}  // namespace divolte::event
