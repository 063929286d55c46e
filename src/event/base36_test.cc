#include "event/base36.h"

#include <gtest/gtest.h>

#include <limits>

namespace divolte::event {
namespace {

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

TEST(Base36Test, ParsesSigned64BitValues) {
  EXPECT_EQ(ParseBase36Int64("0"), 0);
  EXPECT_EQ(ParseBase36Int64("z"), 35);
  EXPECT_EQ(ParseBase36Int64("Z"), 35);
  EXPECT_EQ(ParseBase36Int64("+10"), 36);
  EXPECT_EQ(ParseBase36Int64("-10"), -36);
  EXPECT_EQ(ParseBase36Int64("i1t84hgy"), 1414498901362);
  EXPECT_EQ(ParseBase36Int64("I1T84HGY"), 1414498901362);
  EXPECT_EQ(ParseBase36Int64("0000000000000000000000001"), 1);
  EXPECT_EQ(ParseBase36Int64("1y2p0ij32e8e7"), kInt64Max);
  EXPECT_EQ(ParseBase36Int64("-1y2p0ij32e8e8"), kInt64Min);
}

TEST(Base36Test, RejectsEverythingElseFor64Bit) {
  for (const char* text : {"", "+", "-", "+-1", "--1", " 1", "1 ", "1.5", "1_", "é",
                           "1y2p0ij32e8e8", "-1y2p0ij32e8e9", "zzzzzzzzzzzzzzz"}) {
    EXPECT_EQ(ParseBase36Int64(text), std::nullopt) << text;
  }
}

TEST(Base36Test, ParsesSigned32BitValues) {
  EXPECT_EQ(ParseBase36Int32("1ak"), 1676);
  EXPECT_EQ(ParseBase36Int32("sj"), 1027);
  EXPECT_EQ(ParseBase36Int32("-uq"), -1106);
  EXPECT_EQ(ParseBase36Int32("zik0zj"), kInt32Max);
  EXPECT_EQ(ParseBase36Int32("-zik0zk"), kInt32Min);
  EXPECT_EQ(ParseBase36Int32("zik0zk"), std::nullopt);
  EXPECT_EQ(ParseBase36Int32("-zik0zl"), std::nullopt);
  EXPECT_EQ(ParseBase36Int32("1.5"), std::nullopt);  // fractions only for the pixel ratio
  EXPECT_EQ(ParseBase36Int32(""), std::nullopt);
}

// protocol.md §4.3, every example.
TEST(Base36Test, PixelRatioSpecExamples) {
  EXPECT_EQ(ParsePixelRatio("2"), 2);
  EXPECT_EQ(ParsePixelRatio("1.i"), 2);            // 1.5, half away from zero
  EXPECT_EQ(ParsePixelRatio("1.9"), 1);            // 1.25
  EXPECT_EQ(ParsePixelRatio("2.mi"), 3);           // 2.625
  EXPECT_EQ(ParsePixelRatio("0.weeecyi1wce"), 1);  // 0.9
  EXPECT_EQ(ParsePixelRatio("1."), std::nullopt);
  EXPECT_EQ(ParsePixelRatio(".5"), std::nullopt);
}

TEST(Base36Test, PixelRatioEdges) {
  EXPECT_EQ(ParsePixelRatio("-1.i"), -2);
  EXPECT_EQ(ParsePixelRatio("-1.h"), -1);
  EXPECT_EQ(ParsePixelRatio("+1.I"), 2);
  EXPECT_EQ(ParsePixelRatio("0.hzzzzzzzzzzzzzzzzzzzzzzz"), 0);  // just below one half
  EXPECT_EQ(ParsePixelRatio("zik0zj.h"), kInt32Max);
  EXPECT_EQ(ParsePixelRatio("zik0zj.i"), std::nullopt);  // rounds past the range
  EXPECT_EQ(ParsePixelRatio("-zik0zk.h"), kInt32Min);
  EXPECT_EQ(ParsePixelRatio("-zik0zk.i"), std::nullopt);
  for (const char* text : {"", "-", "-.5", "1.2.3", "1.i!", "1,5", "a b", "1e5.5_"}) {
    EXPECT_EQ(ParsePixelRatio(text), std::nullopt) << text;
  }
}

TEST(Base36Test, FormatsCanonically) {
  EXPECT_EQ(FormatBase36(0), "0");
  EXPECT_EQ(FormatBase36(35), "z");
  EXPECT_EQ(FormatBase36(-36), "-10");
  EXPECT_EQ(FormatBase36(1414498901362), "i1t84hgy");
  EXPECT_EQ(FormatBase36(kInt64Max), "1y2p0ij32e8e7");
  EXPECT_EQ(FormatBase36(kInt64Min), "-1y2p0ij32e8e8");
  EXPECT_EQ(FormatBase36(kInt64Min).size(), kMaxBase36Length);
}

TEST(Base36Test, FormatThenParseRoundTrips) {
  for (int64_t value : {int64_t{1}, int64_t{-1}, int64_t{123456789}, kInt64Min + 1, kInt64Max - 1,
                        int64_t{-1414498901362}}) {
    EXPECT_EQ(ParseBase36Int64(FormatBase36(value)), value);
  }
}

}  // namespace
}  // namespace divolte::event
