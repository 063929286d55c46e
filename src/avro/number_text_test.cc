#include "avro/number_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace divolte::avro {
namespace {

std::string JavaText(double value) {
  std::string text;
  AppendJavaDoubleText(value, &text);
  return text;
}

std::string JavaFloatText(float value) {
  std::string text;
  AppendJavaFloatText(value, &text);
  return text;
}

// Java's Float.toString: the shortest digits identifying the float, not the double.
TEST(NumberTextTest, FloatsAsJavaRendersThem) {
  EXPECT_EQ(JavaFloatText(1.5F), "1.5");
  EXPECT_EQ(JavaFloatText(0.1F), "0.1");
  EXPECT_EQ(JavaFloatText(1.5e10F), "1.5E10");
  EXPECT_EQ(JavaFloatText(-2.0F), "-2.0");
  EXPECT_EQ(JavaFloatText(std::numeric_limits<float>::infinity()), "Infinity");
}

// mapping.md §11.4 and Java's Double.toString.
TEST(NumberTextTest, DoublesAsJavaRendersThem) {
  EXPECT_EQ(JavaText(59.9), "59.9");
  EXPECT_EQ(JavaText(100.0), "100.0");
  EXPECT_EQ(JavaText(0.001), "0.001");
  EXPECT_EQ(JavaText(-2.5), "-2.5");
  EXPECT_EQ(JavaText(1e7), "1.0E7");
  EXPECT_EQ(JavaText(1e21), "1.0E21");
  EXPECT_EQ(JavaText(1.5e-4), "1.5E-4");
  EXPECT_EQ(JavaText(0.0), "0.0");
  EXPECT_EQ(JavaText(-0.0), "-0.0");
  EXPECT_EQ(JavaText(9999999.0), "9999999.0");
  EXPECT_EQ(JavaText(1234567.125), "1234567.125");
  EXPECT_EQ(JavaText(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(JavaText(9.99e-4), "9.99E-4");
  EXPECT_EQ(JavaText(0.0123), "0.0123");
  EXPECT_EQ(JavaText(123456789.0), "1.23456789E8");
  EXPECT_EQ(JavaText(-1.25e-10), "-1.25E-10");
  EXPECT_EQ(JavaText(4.9e-324), "4.9E-324");  // two digits where one would do
  EXPECT_EQ(JavaText(1e23), "1.0E23");
  EXPECT_EQ(JavaText(2e-3), "0.002");
  EXPECT_EQ(JavaText(5.0), "5.0");
  EXPECT_EQ(JavaText(1.7976931348623157e308), "1.7976931348623157E308");
  EXPECT_EQ(JavaText(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(JavaText(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(JavaText(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(NumberTextTest, ParsesFloatingPointText) {
  EXPECT_EQ(ParseDoubleText("1.5"), 1.5);
  EXPECT_EQ(ParseDoubleText("+1.5"), 1.5);
  EXPECT_EQ(ParseDoubleText("-1.5"), -1.5);
  EXPECT_EQ(ParseDoubleText(".5"), 0.5);
  EXPECT_EQ(ParseDoubleText("1."), 1.0);
  EXPECT_EQ(ParseDoubleText("1e5"), 1e5);
  EXPECT_EQ(ParseDoubleText("1E-5"), 1e-5);
  EXPECT_EQ(ParseDoubleText("2.5f"), 2.5);
  EXPECT_EQ(ParseDoubleText("2.5D"), 2.5);
  EXPECT_EQ(ParseDoubleText("59.9"), 59.9);
  EXPECT_TRUE(std::isnan(*ParseDoubleText("NaN")));
  EXPECT_EQ(ParseDoubleText("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDoubleText("-Infinity"), -std::numeric_limits<double>::infinity());
  // Nearest value: overflow to infinity, underflow to zero, with the sign kept.
  EXPECT_EQ(ParseDoubleText("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDoubleText("-123456e99999999999999"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDoubleText("1e-400"), 0.0);
  EXPECT_TRUE(std::signbit(*ParseDoubleText("-0.0001e-400")));
  EXPECT_EQ(ParseDoubleText("1000e-330"), 0.0);
  EXPECT_EQ(ParseFloatText("3.5e38"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(ParseFloatText("1e-50"), 0.0f);
  EXPECT_EQ(ParseFloatText("0.1"), 0.1f);  // rounded once, from the decimal text
  for (const char* malformed : {"", ".", "e5", "1e", "1e+", "0x1p3", " 1.5", "1.5 ", "abc", "1.5ff",
                                "Infinityf", "nan", "inf", "--1", "+-1", "1..2", "1,5"}) {
    EXPECT_EQ(ParseDoubleText(malformed), std::nullopt) << malformed;
  }
}

}  // namespace
}  // namespace divolte::avro
