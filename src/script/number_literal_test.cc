#include "script/number_literal.h"

#include <gtest/gtest.h>

#include <string>

namespace divolte::script {
namespace {

// "<kind> <value>" of a valid literal, or "error: <message>".
std::string Describe(std::string_view spelling) {
  const base::Result<Literal> result = ParseNumericLiteral(spelling);
  if (!result.ok()) return "error: " + result.message();
  const Literal& literal = *result;
  switch (literal.kind) {
    case LiteralKind::kInteger:
      return "Integer " + std::to_string(literal.integer);
    case LiteralKind::kLong:
      return "Long " + std::to_string(literal.integer);
    case LiteralKind::kBigInteger:
      return "BigInteger " + literal.text;
    case LiteralKind::kBigDecimal:
      return "BigDecimal " + literal.text;
    case LiteralKind::kDouble:
      return "Double " + std::to_string(literal.floating);
    case LiteralKind::kFloat:
      return "Float " + std::to_string(literal.floating);
    default:
      return "unexpected kind";
  }
}

TEST(NumberLiteralTest, IntegersTakeTheSmallestTypeThatFits) {
  EXPECT_EQ(Describe("42"), "Integer 42");
  EXPECT_EQ(Describe("0"), "Integer 0");
  EXPECT_EQ(Describe("2147483647"), "Integer 2147483647");
  EXPECT_EQ(Describe("2147483648"), "Long 2147483648");
  EXPECT_EQ(Describe("9223372036854775807"), "Long 9223372036854775807");
  EXPECT_EQ(Describe("9223372036854775808"), "BigInteger 9223372036854775808");
  EXPECT_EQ(Describe("123456789012345678901234567890"),
            "BigInteger 123456789012345678901234567890");
}

TEST(NumberLiteralTest, Radixes) {
  EXPECT_EQ(Describe("0x1F"), "Integer 31");
  EXPECT_EQ(Describe("0XfF"), "Integer 255");
  EXPECT_EQ(Describe("0x7FFFFFFF"), "Integer 2147483647");
  EXPECT_EQ(Describe("0xFFFFFFFF"), "Long 4294967295");
  EXPECT_EQ(Describe("0x10000000000000000"), "BigInteger 18446744073709551616");
  EXPECT_EQ(Describe("017"), "Integer 15");
  EXPECT_EQ(Describe("00"), "Integer 0");
  EXPECT_EQ(Describe("0b101"), "Integer 5");
  EXPECT_EQ(Describe("0B1_0"), "Integer 2");
  EXPECT_EQ(Describe("0x1FL"), "Long 31");
  EXPECT_EQ(Describe("0b1G"), "BigInteger 1");
  EXPECT_EQ(Describe("017L"), "Long 15");
}

TEST(NumberLiteralTest, Underscores) {
  EXPECT_EQ(Describe("1_000"), "Integer 1000");
  EXPECT_EQ(Describe("1__000L"), "Long 1000");
  EXPECT_EQ(Describe("0xFF_FF"), "Integer 65535");
  EXPECT_EQ(Describe("0_7"), "Integer 7");
  EXPECT_EQ(Describe("1_000.000_1"), "BigDecimal 1000.0001");
  EXPECT_EQ(Describe("1_0e1_0"), "BigDecimal 10e10");
  EXPECT_EQ(Describe("1_"), "error: invalid numeric literal '1_'");
  EXPECT_EQ(Describe("1_.5"), "error: invalid numeric literal '1_.5'");
  EXPECT_EQ(Describe("0x_1"), "error: invalid numeric literal '0x_1'");
  EXPECT_EQ(Describe("1_L"), "error: invalid numeric literal '1_L'");
  EXPECT_EQ(Describe("1e_5"), "error: invalid numeric literal '1e_5'");
}

TEST(NumberLiteralTest, IntegerSuffixes) {
  EXPECT_EQ(Describe("42I"), "Integer 42");
  EXPECT_EQ(Describe("42i"), "Integer 42");
  EXPECT_EQ(Describe("42L"), "Long 42");
  EXPECT_EQ(Describe("42l"), "Long 42");
  EXPECT_EQ(Describe("42G"), "BigInteger 42");
  EXPECT_EQ(Describe("42g"), "BigInteger 42");
  EXPECT_EQ(Describe("42D"), "Double 42.000000");
  EXPECT_EQ(Describe("42d"), "Double 42.000000");
  EXPECT_EQ(Describe("2F"), "Float 2.000000");
  EXPECT_EQ(Describe("2f"), "Float 2.000000");
  EXPECT_EQ(Describe("017d"), "Double 17.000000");  // Java: digits before D are decimal
  EXPECT_EQ(Describe("2147483648I"),
            "error: numeric literal '2147483648I' is out of range for Integer");
  EXPECT_EQ(Describe("9223372036854775808L"),
            "error: numeric literal '9223372036854775808L' is out of range for Long");
  EXPECT_EQ(Describe("0x1D"), "Integer 29");  // D and F are hexadecimal digits here
}

TEST(NumberLiteralTest, Decimals) {
  EXPECT_EQ(Describe("4.2"), "BigDecimal 4.2");
  EXPECT_EQ(Describe("42.0"), "BigDecimal 42.0");
  EXPECT_EQ(Describe("1e3"), "BigDecimal 1e3");
  EXPECT_EQ(Describe("1.5E-3"), "BigDecimal 1.5E-3");
  EXPECT_EQ(Describe("1e+3"), "BigDecimal 1e+3");
  EXPECT_EQ(Describe("4.2G"), "BigDecimal 4.2");
  EXPECT_EQ(Describe("4.2g"), "BigDecimal 4.2");
  EXPECT_EQ(Describe("42.0D"), "Double 42.000000");
  EXPECT_EQ(Describe("1.5F"), "Float 1.500000");
  EXPECT_EQ(Describe("1e3d"), "Double 1000.000000");
  EXPECT_EQ(Describe("09.5"), "BigDecimal 09.5");
  EXPECT_EQ(Describe("4.2L"), "error: invalid numeric literal '4.2L'");
  EXPECT_EQ(Describe("4.2I"), "error: invalid numeric literal '4.2I'");
  EXPECT_EQ(Describe("1e999D"), "error: numeric literal '1e999D' is out of range for Double");
  EXPECT_EQ(Describe("1e39F"), "error: numeric literal '1e39F' is out of range for Float");
  const base::Result<Literal> precise = ParseNumericLiteral("0.1");
  ASSERT_TRUE(precise.ok());
  EXPECT_EQ(precise->text, "0.1");
  EXPECT_EQ(ParseNumericLiteral("0.1D")->floating, 0.1);
  EXPECT_EQ(ParseNumericLiteral("0.1F")->floating, static_cast<double>(0.1F));
}

TEST(NumberLiteralTest, Malformed) {
  EXPECT_EQ(Describe("08"), "error: invalid numeric literal '08'");
  EXPECT_EQ(Describe("019L"), "error: invalid numeric literal '019L'");
  EXPECT_EQ(Describe("0x"), "error: invalid numeric literal '0x'");
  EXPECT_EQ(Describe("0b102"), "error: invalid numeric literal '0b102'");
  EXPECT_EQ(Describe("0xG"), "error: invalid numeric literal '0xG'");
  EXPECT_EQ(Describe("42abc"), "error: invalid numeric literal '42abc'");
  EXPECT_EQ(Describe("1e"), "error: invalid numeric literal '1e'");
  EXPECT_EQ(Describe(std::string(1001, '1')),
            "error: numeric literal is longer than 1000 characters");
  EXPECT_EQ(Describe(std::string(1000, '9')).substr(0, 14), "BigInteger 999");
}

}  // namespace
}  // namespace divolte::script
