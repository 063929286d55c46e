#include "functions/conversions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace divolte::functions {
namespace {

TEST(ParseInt32, AcceptsOptionalMinusAndDecimalDigits) {
  EXPECT_EQ(ParseInt32("42"), 42);
  EXPECT_EQ(ParseInt32("-42"), -42);
  EXPECT_EQ(ParseInt32("0"), 0);
  EXPECT_EQ(ParseInt32("-0"), 0);
  EXPECT_EQ(ParseInt32("007"), 7);
}

TEST(ParseInt32, MustFit32Bits) {
  EXPECT_EQ(ParseInt32("2147483647"), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(ParseInt32("-2147483648"), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(ParseInt32("2147483648"), std::nullopt);
  EXPECT_EQ(ParseInt32("-2147483649"), std::nullopt);
  EXPECT_EQ(ParseInt32("99999999999999999999999999"), std::nullopt);
}

TEST(ParseInt32, RejectsPlusWhitespaceAndOtherText) {
  for (const char* text : {"+1", " 1", "1 ", "\t1", "", "-", "1.0", "1e3", "0x1F", "1_000", "a",
                           "12a", "--1", "１２" /* fullwidth digits */}) {
    EXPECT_EQ(ParseInt32(text), std::nullopt) << text;
  }
}

TEST(ParseInt64, SixtyFourBits) {
  EXPECT_EQ(ParseInt64("1416245000000"), 1416245000000);
  EXPECT_EQ(ParseInt64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseInt64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseInt64("+5"), std::nullopt);
  EXPECT_EQ(ParseInt64(" 5"), std::nullopt);
}

TEST(ParseFp64, DecimalForms) {
  EXPECT_EQ(ParseFp64("59.9"), 59.9);
  EXPECT_EQ(ParseFp64("-2.5"), -2.5);
  EXPECT_EQ(ParseFp64("+2.5"), 2.5);
  EXPECT_EQ(ParseFp64("1."), 1.0);
  EXPECT_EQ(ParseFp64(".5"), 0.5);
  EXPECT_EQ(ParseFp64("1e3"), 1000.0);
  EXPECT_EQ(ParseFp64("1E+3"), 1000.0);
  EXPECT_EQ(ParseFp64("1.5e-3"), 0.0015);
  EXPECT_EQ(ParseFp64("42"), 42.0);
  EXPECT_EQ(ParseFp64("007.50"), 7.5);
}

TEST(ParseFp64, TypeSuffixes) {
  EXPECT_EQ(ParseFp64("1.5f"), 1.5);
  EXPECT_EQ(ParseFp64("1.5F"), 1.5);
  EXPECT_EQ(ParseFp64("2d"), 2.0);
  EXPECT_EQ(ParseFp64("2D"), 2.0);
  EXPECT_EQ(ParseFp64("1e3d"), 1000.0);
  EXPECT_EQ(ParseFp64("f"), std::nullopt);
  EXPECT_EQ(ParseFp64("1.5ff"), std::nullopt);
  EXPECT_EQ(ParseFp64("1.5L"), std::nullopt);
}

TEST(ParseFp64, HexadecimalLiteralsNeedABinaryExponent) {
  EXPECT_EQ(ParseFp64("0x1p3"), 8.0);
  EXPECT_EQ(ParseFp64("0X1.8P1"), 3.0);
  EXPECT_EQ(ParseFp64("-0x.8p1"), -1.0);
  EXPECT_EQ(ParseFp64("0x1.8p-1d"), 0.75);
  EXPECT_EQ(ParseFp64("0x1fp0f"), 31.0);
  EXPECT_EQ(ParseFp64("0x1"), std::nullopt);
  EXPECT_EQ(ParseFp64("0x1.8"), std::nullopt);
  EXPECT_EQ(ParseFp64("0xp1"), std::nullopt);
  EXPECT_EQ(ParseFp64("0x1p"), std::nullopt);
}

TEST(ParseFp64, NaNAndInfinityWithOptionalSign) {
  EXPECT_TRUE(std::isnan(*ParseFp64("NaN")));
  EXPECT_TRUE(std::isnan(*ParseFp64("-NaN")));
  EXPECT_TRUE(std::isnan(*ParseFp64("+NaN")));
  EXPECT_EQ(ParseFp64("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFp64("+Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFp64("-Infinity"), -std::numeric_limits<double>::infinity());
  for (const char* text : {"nan", "NAN", "inf", "Inf", "infinity", "NaNf", "Infinityd"}) {
    EXPECT_EQ(ParseFp64(text), std::nullopt) << text;
  }
}

TEST(ParseFp64, RejectsWhitespaceAndMalformedText) {
  for (const char* text : {"", " 1.5", "1.5 ", "\n1", ".", "-", "+", "e3", "1e", "1e+", "1.2.3",
                           "1,5", "1_0", "0x", "--1", "1e3.5", "abc"}) {
    EXPECT_EQ(ParseFp64(text), std::nullopt) << text;
  }
}

TEST(ParseFp64, HugeAndTinyMagnitudesRoundAsJava) {
  EXPECT_EQ(ParseFp64("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFp64("-1e400"), -std::numeric_limits<double>::infinity());
  const std::optional<double> tiny = ParseFp64("1e-400");
  ASSERT_TRUE(tiny);
  EXPECT_EQ(*tiny, 0.0);
  const std::optional<double> negative_tiny = ParseFp64("-1e-400");
  ASSERT_TRUE(negative_tiny);
  EXPECT_TRUE(std::signbit(*negative_tiny));
  EXPECT_EQ(ParseFp64("4.9e-324"), std::numeric_limits<double>::denorm_min());
  // Above DBL_MAX but below the midpoint to the next power of two: rounds to DBL_MAX.
  EXPECT_EQ(ParseFp64("1.7976931348623158e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(ParseFp64("1.797693134862315807e308"), std::numeric_limits<double>::max());
  // Above the midpoint between DBL_MAX and 2^1024: infinity, as IEEE rounding (and Java) give.
  EXPECT_EQ(ParseFp64("1.7976931348623159e308"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFp64(std::string(400, '9')), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFp64("0." + std::string(400, '0') + "1"), 0.0);
  EXPECT_EQ(ParseFp64("0x1p99999"), std::numeric_limits<double>::infinity());
}

TEST(ParseFp32, RoundsDirectlyToFloat) {
  EXPECT_EQ(ParseFp32("1.5"), 1.5f);
  EXPECT_EQ(ParseFp32("0.1"), 0.1f);
  // 1 + 2^-24 + 2^-60 rounds up to 1 + 2^-23 as a float; rounding via double would give 1.
  EXPECT_EQ(ParseFp32("1.00000005960464477550"), 1.00000011920928955078125f);
  EXPECT_EQ(ParseFp32("3.4028235e38"), std::numeric_limits<float>::max());
  EXPECT_EQ(ParseFp32("3.4028235677e38"), std::numeric_limits<float>::max());  // rounds down
  EXPECT_EQ(ParseFp32("3.4028236e38"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(ParseFp32("3.5e38"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(ParseFp32("1e39"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(ParseFp32("1.4e-45"), std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(ParseFp32("1e-46"), 0.0f);
  EXPECT_EQ(ParseFp32("0x1.8p1f"), 3.0f);
  EXPECT_EQ(ParseFp32("-Infinity"), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(*ParseFp32("NaN")));
  EXPECT_EQ(ParseFp32(" 1"), std::nullopt);
  EXPECT_EQ(ParseFp32("x"), std::nullopt);
}

TEST(ParseBool, TrueInAnyCaseElseFalse) {
  EXPECT_TRUE(ParseBool("true"));
  EXPECT_TRUE(ParseBool("TRUE"));
  EXPECT_TRUE(ParseBool("tRuE"));
  EXPECT_FALSE(ParseBool("false"));
  EXPECT_FALSE(ParseBool(""));
  EXPECT_FALSE(ParseBool(" true"));
  EXPECT_FALSE(ParseBool("1"));
  EXPECT_FALSE(ParseBool("yes"));
  EXPECT_FALSE(ParseBool("truee"));
}

}  // namespace
}  // namespace divolte::functions
