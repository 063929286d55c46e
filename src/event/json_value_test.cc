#include "event/json_value.h"

#include <gtest/gtest.h>

namespace divolte::event {
namespace {

JsonValue SampleObject() {
  return JsonValue::Object({
      {"s", JsonValue::String("a\"b\\c\n\x01")},
      {"i", JsonValue::Integer(-42)},
      {"big", JsonValue::BigInteger("-9223372036854775809")},
      {"d", JsonValue::Double(1.5)},
      {"a", JsonValue::Array({JsonValue::Bool(true), JsonValue::Null(), JsonValue::Object()})},
      {"i", JsonValue::Integer(7)},
  });
}

TEST(JsonValueTest, KindsAndAccessors) {
  EXPECT_TRUE(JsonValue().is_null());
  EXPECT_EQ(JsonValue::Bool(false).kind(), JsonValue::Kind::kBool);
  EXPECT_FALSE(JsonValue::Bool(false).AsBool());
  EXPECT_EQ(JsonValue::Integer(-3).AsInteger(), -3);
  EXPECT_EQ(JsonValue::BigInteger("18446744073709551616").AsBigInteger(), "18446744073709551616");
  EXPECT_DOUBLE_EQ(JsonValue::Double(0.25).AsDouble(), 0.25);
  EXPECT_EQ(JsonValue::String("x").AsString(), "x");
  EXPECT_EQ(JsonValue::Array().AsArray().size(), 0u);
  EXPECT_TRUE(JsonValue::Object().AsObject().empty());
}

TEST(JsonValueTest, ObjectsKeepOrderAndDuplicates) {
  const JsonValue object = SampleObject();
  ASSERT_EQ(object.AsObject().size(), 6u);
  EXPECT_EQ(object.AsObject()[5].name, "i");
  EXPECT_EQ(object.Find("i")->AsInteger(), 7);  // the last of the duplicates
  EXPECT_EQ(object.Find("missing"), nullptr);
  EXPECT_EQ(JsonValue::Integer(1).Find("i"), nullptr);
}

TEST(JsonValueTest, Equality) {
  EXPECT_EQ(SampleObject(), SampleObject());
  EXPECT_NE(JsonValue::Integer(1), JsonValue::Double(1.0));
  EXPECT_NE(JsonValue::String("1"), JsonValue::BigInteger("1"));
  EXPECT_NE(JsonValue::Null(), JsonValue::Bool(false));
  JsonValue changed = SampleObject();
  changed.MutableObject()[4].value.MutableArray().push_back(JsonValue::Integer(0));
  EXPECT_NE(changed, SampleObject());
}

TEST(JsonValueTest, RendersCompactJson) {
  EXPECT_EQ(SampleObject().ToJson(),
            "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"i\":-42,\"big\":-9223372036854775809,\"d\":1.5,"
            "\"a\":[true,null,{}],\"i\":7}");
  EXPECT_EQ(JsonValue::Double(1e21).ToJson(), "1e+21");
  EXPECT_EQ(JsonValue::Double(std::numeric_limits<double>::infinity()).ToJson(), "null");
}

TEST(JsonValueDeathTest, AccessorOfTheWrongKindCrashes) {
  EXPECT_DEATH(JsonValue::String("x").AsInteger(), "is_integer");
}

}  // namespace
}  // namespace divolte::event
