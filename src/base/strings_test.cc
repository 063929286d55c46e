#include "base/strings.h"

#include <gtest/gtest.h>

namespace divolte::base {
namespace {

TEST(StringsTest, ComparesAsciiIgnoringCase) {
  EXPECT_TRUE(EqualsIgnoreCase("X-Forwarded-For", "x-forwarded-for"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("gzip", "gzip2"));
  EXPECT_FALSE(EqualsIgnoreCase("a[", "A{"));  // only letters fold
}

TEST(StringsTest, EncodesHex) {
  EXPECT_EQ(HexEncode(std::string_view("\x00\x7f\xff\x10", 4)), "007fff10");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(StringsTest, TrimAsciiWhitespace) {
  EXPECT_EQ(TrimAsciiWhitespace(" \t\r\n\v\fa b\f\v\n\r\t "), "a b");
  EXPECT_EQ(TrimAsciiWhitespace("ab"), "ab");
  EXPECT_EQ(TrimAsciiWhitespace(" \t "), "");
  EXPECT_EQ(TrimAsciiWhitespace(""), "");
}

TEST(StringsTest, EscapeLineBreaksKeepsTextOnOneLine) {
  EXPECT_EQ(EscapeLineBreaks("a\nb\r\nc"), "a\\nb\\r\\nc");
  EXPECT_EQ(EscapeLineBreaks("no breaks \t here"), "no breaks \t here");
  EXPECT_EQ(EscapeLineBreaks(""), "");
}

}  // namespace
}  // namespace divolte::base
