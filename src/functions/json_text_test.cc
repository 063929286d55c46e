#include "functions/json_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "avro/number_text.h"
#include "event/json_value.h"

namespace divolte::functions {
namespace {

using event::JsonValue;

std::string DoubleText(double value) {
  std::string text;
  avro::AppendJavaDoubleText(value, &text);
  return text;
}

TEST(JavaDoubleText, PlainNotationBetweenOneThousandthAndTenMillion) {
  EXPECT_EQ(DoubleText(59.9), "59.9");
  EXPECT_EQ(DoubleText(100.0), "100.0");
  EXPECT_EQ(DoubleText(0.001), "0.001");
  EXPECT_EQ(DoubleText(-2.5), "-2.5");
  EXPECT_EQ(DoubleText(1.0), "1.0");
  EXPECT_EQ(DoubleText(9999999.0), "9999999.0");
  EXPECT_EQ(DoubleText(1234567.125), "1234567.125");
  EXPECT_EQ(DoubleText(0.1), "0.1");
  EXPECT_EQ(DoubleText(0.3), "0.3");
  EXPECT_EQ(DoubleText(0.1 + 0.2), "0.30000000000000004");
}

TEST(JavaDoubleText, ComputerizedScientificNotationOutside) {
  EXPECT_EQ(DoubleText(1.0e7), "1.0E7");
  EXPECT_EQ(DoubleText(1.0e21), "1.0E21");
  EXPECT_EQ(DoubleText(1.5e-4), "1.5E-4");
  EXPECT_EQ(DoubleText(9.99e-4), "9.99E-4");
  EXPECT_EQ(DoubleText(1.0e23), "1.0E23");
  EXPECT_EQ(DoubleText(-1.25e10), "-1.25E10");
  EXPECT_EQ(DoubleText(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  EXPECT_EQ(DoubleText(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(DoubleText(2e23), "2.0E23");
  EXPECT_EQ(DoubleText(5e-5), "5.0E-5");
}

TEST(JavaDoubleText, ZerosAndNonFinite) {
  EXPECT_EQ(DoubleText(0.0), "0.0");
  EXPECT_EQ(DoubleText(-0.0), "-0.0");
  EXPECT_EQ(DoubleText(std::nan("")), "NaN");
  EXPECT_EQ(DoubleText(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(DoubleText(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(AppendJsonScalarText, ScalarsAsText) {
  std::string text;
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::String("bar"), &text));
  EXPECT_EQ(text, "bar");
  text.clear();
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::Integer(-42), &text));
  EXPECT_EQ(text, "-42");
  text.clear();
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::BigInteger("123456789012345678901234567890"), &text));
  EXPECT_EQ(text, "123456789012345678901234567890");
  text.clear();
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::Double(59.9), &text));
  EXPECT_EQ(text, "59.9");
  text.clear();
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::Bool(false), &text));
  EXPECT_EQ(text, "false");
  text.clear();
  EXPECT_TRUE(AppendJsonScalarText(JsonValue::Null(), &text));
  EXPECT_EQ(text, "null");
}

TEST(AppendJsonScalarText, ContainersAddNothing) {
  std::string text = "x";
  EXPECT_FALSE(AppendJsonScalarText(JsonValue::Array({JsonValue::Integer(1)}), &text));
  EXPECT_FALSE(AppendJsonScalarText(JsonValue::Object(), &text));
  EXPECT_EQ(text, "x");
}

JsonValue SpecParameters() {
  // {"foo":"bar","n":42,"items":[{"name":"a","price":1.5},{"name":"b"}]} plus more kinds.
  return JsonValue::Object({
      {"foo", JsonValue::String("bar")},
      {"n", JsonValue::Integer(42)},
      {"items", JsonValue::Array({JsonValue::Object({{"name", JsonValue::String("a")},
                                                     {"price", JsonValue::Double(1.5)}}),
                                  JsonValue::Object({{"name", JsonValue::String("b")}})})},
      {"d", JsonValue::Double(100.0)},
      {"t", JsonValue::Bool(true)},
      {"z", JsonValue::Null()},
      {"o", JsonValue::Object({{"k", JsonValue::Integer(1)}})},
  });
}

TEST(JsonParameterValue, SpecExamples) {
  const JsonValue parameters = SpecParameters();
  std::string scratch;
  EXPECT_EQ(JsonParameterValue(parameters, "foo", &scratch), "bar");
  EXPECT_EQ(JsonParameterValue(parameters, "n", &scratch), "42");
  EXPECT_EQ(JsonParameterValue(parameters, "items", &scratch), "");
  EXPECT_EQ(JsonParameterValue(parameters, "x", &scratch), "");
}

TEST(JsonParameterValue, EveryKind) {
  const JsonValue parameters = SpecParameters();
  std::string scratch;
  EXPECT_EQ(JsonParameterValue(parameters, "d", &scratch), "100.0");
  EXPECT_EQ(JsonParameterValue(parameters, "t", &scratch), "true");
  EXPECT_EQ(JsonParameterValue(parameters, "z", &scratch), "null");
  EXPECT_EQ(JsonParameterValue(parameters, "o", &scratch), "");
}

TEST(JsonParameterValue, NonObjectParametersGiveEmptyStrings) {
  std::string scratch;
  EXPECT_EQ(JsonParameterValue(JsonValue::Array({JsonValue::Integer(1)}), "0", &scratch), "");
  EXPECT_EQ(JsonParameterValue(JsonValue::String("foo"), "foo", &scratch), "");
  EXPECT_EQ(JsonParameterValue(JsonValue::Integer(3), "n", &scratch), "");
}

// A later duplicate wins, as in Divolte's Jackson objects (and avro/json_to_avro for records).
TEST(JsonParameterValue, LastOfDuplicateMembers) {
  const JsonValue parameters =
      JsonValue::Object({{"a", JsonValue::String("1")}, {"a", JsonValue::String("2")}});
  std::string scratch;
  EXPECT_EQ(JsonParameterValue(parameters, "a", &scratch), "2");
}

TEST(JsonEquals, ByKindAndValue) {
  EXPECT_TRUE(JsonEquals(JsonValue::Integer(5), JsonValue::Integer(5)));
  EXPECT_FALSE(JsonEquals(JsonValue::Integer(5), JsonValue::Double(5.0)));
  EXPECT_FALSE(JsonEquals(JsonValue::Integer(1), JsonValue::Bool(true)));
  EXPECT_FALSE(JsonEquals(JsonValue::String("5"), JsonValue::Integer(5)));
  EXPECT_TRUE(JsonEquals(JsonValue::Null(), JsonValue::Null()));
  EXPECT_TRUE(JsonEquals(JsonValue::BigInteger("99999999999999999999"),
                         JsonValue::BigInteger("99999999999999999999")));
  EXPECT_TRUE(JsonEquals(JsonValue::Double(std::nan("")), JsonValue::Double(std::nan(""))));
  EXPECT_FALSE(JsonEquals(JsonValue::Double(0.0), JsonValue::Double(-0.0)));
}

TEST(JsonEquals, ArraysInOrderObjectsInAnyOrder) {
  const JsonValue a = JsonValue::Array({JsonValue::Integer(1), JsonValue::Integer(2)});
  const JsonValue b = JsonValue::Array({JsonValue::Integer(2), JsonValue::Integer(1)});
  EXPECT_TRUE(JsonEquals(a, a));
  EXPECT_FALSE(JsonEquals(a, b));
  const JsonValue x = JsonValue::Object({{"p", a}, {"q", JsonValue::String("s")}});
  const JsonValue y = JsonValue::Object({{"q", JsonValue::String("s")}, {"p", a}});
  const JsonValue z = JsonValue::Object({{"q", JsonValue::String("s")}, {"p", b}});
  EXPECT_TRUE(JsonEquals(x, y));
  EXPECT_FALSE(JsonEquals(x, z));
  EXPECT_FALSE(JsonEquals(x, JsonValue::Object({{"p", a}})));
}

}  // namespace
}  // namespace divolte::functions
