#include "avro/json_to_avro.h"

#include <gtest/gtest.h>

#include <limits>

#include "avro/json_bridge.h"
#include "base/strings.h"

namespace divolte::avro {
namespace {

using event::JsonValue;
using enum JsonConversion;

constexpr std::string_view kNamedTypes =
    R"({"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN","BLUE"]}},)"
    R"({"name":"item","type":{"type":"record","name":"Item","fields":[)"
    R"({"name":"sku","type":"string"},{"name":"qty","type":"int","default":1},)"
    R"({"name":"note","type":["null","string"],"default":null}]}},)"
    R"({"name":"id","type":{"type":"fixed","name":"Id","size":2}},)";

// Keeps the schema of one target type alive: field "f" of a record that also defines the named
// types Color, Item and Id.
class Target {
 public:
  explicit Target(std::string_view type) {
    const std::string text = R"({"type":"record","name":"T","fields":[)" +
                             std::string(kNamedTypes) + R"({"name":"f","type":)" +
                             std::string(type) + "}]}";
    base::Result<Schema> schema = Schema::Parse(text, "test.avsc");
    EXPECT_TRUE(schema.ok()) << schema.message();
    schema_ = std::make_unique<Schema>(std::move(schema).value());
  }
  const SchemaNode& node() const { return *schema_->root().fields.back().schema; }

 private:
  std::unique_ptr<Schema> schema_;
};

JsonValue Json(std::string_view text) { return ToJsonValue(OrderedJson::parse(text)); }

struct Case {
  std::string_view type;
  std::string_view json;
  JsonConversion expected;
  std::string_view hex = "";  // the encoding when converted; spaces only for reading
};

void Check(const Case& c, const JsonValue& json) {
  const Target target(c.type);
  std::string out;
  const JsonConversion result = ConvertJsonToAvro(json, target.node(), &out);
  EXPECT_EQ(JsonConversionName(result), JsonConversionName(c.expected))
      << c.type << " <- " << json.ToJson();
  if (c.expected == kConverted) {
    std::string hex(c.hex);
    std::erase(hex, ' ');
    EXPECT_EQ(base::HexEncode(out), hex) << c.type << " <- " << json.ToJson();
  }
  if (c.expected == kNull) {
    EXPECT_EQ(out, "");
  }
}

void CheckAll(std::initializer_list<Case> cases) {
  for (const Case& c : cases) Check(c, Json(c.json));
}

TEST(JsonToAvroTest, Null) {
  CheckAll({{R"("null")", "null", kNull}, {R"("null")", "0", kWrongType}});
  CheckAll({{R"({"type":"array","items":"null"})", "[null]", kConverted, "0200"}});
}

TEST(JsonToAvroTest, Boolean) {
  CheckAll({
      {R"("boolean")", "true", kConverted, "01"},
      {R"("boolean")", "false", kConverted, "00"},
      {R"("boolean")", R"("true")", kConverted, "01"},
      {R"("boolean")", R"("True")", kConverted, "01"},
      {R"("boolean")", R"("false")", kConverted, "00"},
      {R"("boolean")", R"("False")", kConverted, "00"},
      {R"("boolean")", "0", kConverted, "00"},
      {R"("boolean")", "-7", kConverted, "01"},
      {R"("boolean")", "[true]", kConverted, "01"},
      {R"("boolean")", R"("TRUE")", kWrongType},
      {R"("boolean")", R"("yes")", kWrongType},
      {R"("boolean")", "1.0", kWrongType},
      {R"("boolean")", "{}", kWrongType},
      {R"("boolean")", "[true,false]", kNotSingleElement},
      {R"("boolean")", "[]", kNotSingleElement},
      {R"("boolean")", R"("")", kNull},
      {R"("boolean")", "null", kNull},
      {R"("boolean")", "[null]", kNull},
  });
  Check({R"("boolean")", "", kConverted, "01"}, JsonValue::BigInteger("18446744073709551616"));
}

TEST(JsonToAvroTest, Int) {
  CheckAll({
      {R"("int")", "5", kConverted, "0a"},
      {R"("int")", "-1", kConverted, "01"},
      {R"("int")", "2147483647", kConverted, "feffffff0f"},
      {R"("int")", "-2147483648", kConverted, "ffffffff0f"},
      {R"("int")", "2147483648", kOutOfRange},
      {R"("int")", "3.9", kConverted, "06"},  // truncated toward zero
      {R"("int")", "-3.9", kConverted, "05"},
      {R"("int")", "2147483647.9", kConverted, "feffffff0f"},
      {R"("int")", "2147483648.0", kOutOfRange},
      {R"("int")", "1e10", kOutOfRange},
      {R"("int")", R"(" -12 ")", kConverted, "17"},
      {R"("int")", R"("+7")", kConverted, "0e"},
      {R"("int")", R"("007")", kConverted, "0e"},
      {R"("int")", R"("99999999999")", kOutOfRange},
      {R"("int")", R"("1.5")", kWrongType},
      {R"("int")", R"("12abc")", kWrongType},
      {R"("int")", R"("+-1")", kWrongType},
      {R"("int")", R"("   ")", kWrongType},
      {R"("int")", "true", kWrongType},
      {R"("int")", "[42]", kConverted, "54"},
      {R"("int")", R"("")", kNull},
  });
  Check({R"("int")", "", kOutOfRange}, JsonValue::BigInteger("-9223372036854775809"));
  Check({R"("int")", "", kOutOfRange}, JsonValue::Double(std::numeric_limits<double>::quiet_NaN()));
}

TEST(JsonToAvroTest, Long) {
  CheckAll({
      {R"("long")", "1416245000000", kConverted, "80ddbdecb752"},
      {R"("long")", "9223372036854775807", kConverted, "feffffffffffffffff01"},
      {R"("long")", R"("-9223372036854775808")", kConverted, "ffffffffffffffffff01"},
      {R"("long")", R"("9223372036854775808")", kOutOfRange},
      {R"("long")", "9.2233720368547758e18", kOutOfRange},  // 2^63
      {R"("long")", "-9.2233720368547758e18", kConverted, "ffffffffffffffffff01"},
      {R"("long")", "1e3", kConverted, "d00f"},
  });
}

TEST(JsonToAvroTest, FloatAndDouble) {
  CheckAll({
      {R"("float")", "1.5", kConverted, "0000c03f"},
      {R"("float")", "2", kConverted, "00000040"},
      {R"("float")", R"(" 2.5 ")", kConverted, "00002040"},
      {R"("float")", R"("1.5f")", kConverted, "0000c03f"},
      {R"("float")", R"("NaN")", kConverted, "0000c07f"},
      {R"("float")", R"("-Infinity")", kConverted, "000080ff"},
      {R"("float")", R"("1e400")", kConverted, "0000807f"},
      {R"("float")", "1e300", kConverted, "0000807f"},  // nearest float
      {R"("float")", R"("abc")", kWrongType},
      {R"("float")", "true", kWrongType},
      {R"("float")", R"("")", kNull},
      {R"("double")", "59.9", kConverted, "3333333333f34d40"},
      {R"("double")", "-1", kConverted, "000000000000f0bf"},
      {R"("double")", R"("Infinity")", kConverted, "000000000000f07f"},
      {R"("double")", R"("1e-400")", kConverted, "0000000000000000"},
      {R"("double")", "[0.5]", kConverted, "000000000000e03f"},
      {R"("double")", "{}", kWrongType},
  });
  Check({R"("double")", "", kConverted, "000000000000f043"},
        JsonValue::BigInteger("18446744073709551616"));
}

TEST(JsonToAvroTest, String) {
  CheckAll({
      {R"("string")", R"("x")", kConverted, "0278"},
      {R"("string")", R"("")", kConverted, "00"},  // "" is a string, not null, for strings
      {R"("string")", "42", kConverted, "043432"},
      {R"("string")", "-7", kConverted, "042d37"},
      {R"("string")", "59.9", kConverted, "0835392e39"},
      {R"("string")", "1e7", kConverted, "0a312e3045 37"},
      {R"("string")", "100.0", kConverted, "0a3130302e30"},
      {R"("string")", "true", kConverted, "0874727565"},
      {R"("string")", "false", kConverted, "0a66616c7365"},
      {R"("string")", R"(["x"])", kConverted, "0278"},
      {R"("string")", R"(["x","y"])", kNotSingleElement},
      {R"("string")", "{}", kWrongType},
      {R"("string")", "null", kNull},
  });
  Check({R"("string")", "", kConverted, "283138343436373434303733373039353531363136"},
        JsonValue::BigInteger("18446744073709551616"));
}

TEST(JsonToAvroTest, BytesAndFixed) {
  CheckAll({
      {R"("bytes")", R"("AAEC")", kConverted, "06000102"},
      {R"("bytes")", R"("QQ==")", kConverted, "0241"},
      {R"("bytes")", R"("QUI=")", kConverted, "044142"},
      {R"("bytes")", R"("QQ")", kInvalidBase64},
      {R"("bytes")", R"("!!!!")", kInvalidBase64},
      {R"("bytes")", "5", kWrongType},
      {R"("bytes")", R"("")", kNull},
      {R"("Id")", R"("AAEC")", kConverted, "0001"},  // the first `size` bytes
      {R"("Id")", R"("AAE=")", kConverted, "0001"},
      {R"("Id")", R"("QQ==")", kFixedTooShort},
      {R"("Id")", R"("A")", kInvalidBase64},
  });
}

TEST(JsonToAvroTest, Enum) {
  CheckAll({
      {R"("Color")", R"("GREEN")", kConverted, "02"},
      {R"("Color")", R"(["BLUE"])", kConverted, "04"},
      {R"("Color")", R"("green")", kUnknownSymbol},
      {R"("Color")", "1", kWrongType},
      {R"("Color")", R"("")", kNull},
  });
}

// mapping.md §15.3: unknown members ignored, missing members take the field default.
TEST(JsonToAvroTest, Record) {
  CheckAll({
      {R"("Item")", R"({"sku":"A1","qty":2})", kConverted, "0441310400"},
      {R"("Item")", R"({"sku":"B7","color":"red"})", kConverted, "0442370200"},
      {R"("Item")", R"({"sku":"a","note":"n"})", kConverted, "0261020202 6e"},
      {R"("Item")", R"({"sku":"a","note":null})", kConverted, "02610200"},
      {R"("Item")", R"({"sku":"a","note":""})", kConverted, "0261020200"},
      {R"("Item")", R"({"sku":"a","sku":"b"})", kConverted, "02620200"},  // last wins
      {R"("Item")", R"({"qty":2})", kMissingMember},
      {R"("Item")", R"({"sku":null})", kNotNullable},
      {R"("Item")", R"({"sku":"a","qty":""})", kNotNullable},
      {R"("Item")", R"({"sku":"a","qty":"x"})", kWrongType},
      {R"("Item")", R"("A1")", kWrongType},
      {R"("Item")", "null", kNull},
  });
}

TEST(JsonToAvroTest, ArrayAndMap) {
  CheckAll({
      {R"({"type":"array","items":"string"})", R"(["a","b"])", kConverted, "040261026200"},
      {R"({"type":"array","items":"string"})", R"("a")", kConverted, "02026100"},
      {R"({"type":"array","items":"string"})", "[1]", kConverted, "02023100"},
      {R"({"type":"array","items":"string"})", "[]", kConverted, "00"},
      {R"({"type":"array","items":"string"})", "[null]", kNotNullable},
      {R"({"type":"array","items":"int"})", R"([1,"x"])", kWrongType},
      {R"({"type":"array","items":["null","string"]})", R"([null,"a"])", kConverted,
       "0400020261 00"},
      {R"({"type":"array","items":{"type":"array","items":"int"}})", "[[1],2]", kConverted,
       "04020200020400 00"},
      {R"({"type":"array","items":"Item"})", R"([{"sku":"A1","qty":2},{"sku":"B7"}])", kConverted,
       "04044131040004423702 0000"},
      {R"({"type":"map","values":"long"})", R"({"a":1,"b":2})", kConverted, "04026102026204 00"},
      {R"({"type":"map","values":"long"})", "{}", kConverted, "00"},
      {R"({"type":"map","values":"long"})", R"({"a":null})", kNotNullable},
      {R"({"type":"map","values":"long"})", "[1]", kWrongType},
      {R"({"type":"map","values":{"type":"map","values":"string"}})", R"({"a":{"b":"c"}})",
       kConverted, "02026102026202630000"},
  });
}

TEST(JsonToAvroTest, TrivialUnions) {
  CheckAll({
      {R"(["null","int"])", "5", kConverted, "020a"},
      {R"(["null","int"])", R"("7")", kConverted, "020e"},
      {R"(["null","int"])", "null", kNull},
      {R"(["null","int"])", R"("")", kNull},
      {R"(["null","int"])", "[null]", kNull},
      {R"(["null","int"])", R"("x")", kWrongType},
      {R"(["int","null"])", "5", kConverted, "000a"},
      {R"(["string"])", R"("a")", kConverted, "000261"},
      {R"(["string"])", "null", kNull},
      {R"(["null","string"])", R"("")", kConverted, "0200"},
      {R"(["null",{"type":"array","items":"Item"}])", R"([{"sku":"x"}])", kConverted,
       "020202780200 00"},
      {R"(["null"])", "null", kNull},
      {R"(["null"])", "1", kWrongType},
      {R"(["null","int","string"])", "1", kUnsupportedUnion},
      {R"({"type":"array","items":["int","string"]})", "[1]", kUnsupportedUnion},
  });
}

TEST(JsonToAvroTest, DeepNestingFails) {
  const Target target(
      R"({"type":"record","name":"Node","fields":[{"name":"c","type":{"type":"array","items":"Node"}}]})");
  JsonValue json = Json(R"({"c":[]})");
  for (int i = 0; i < 200; ++i) {
    event::JsonArray children;
    children.push_back(std::move(json));
    event::JsonObject node;
    node.push_back({"c", JsonValue::Array(std::move(children))});
    json = JsonValue::Object(std::move(node));
  }
  std::string out;
  EXPECT_EQ(ConvertJsonToAvro(json, target.node(), &out), kTooDeep);
}

// mapping.md §11.3.
TEST(JsonToAvroTest, LoadTimeCheckRejectsNonTrivialUnionsAnywhere) {
  EXPECT_TRUE(CheckJsonTarget(Target(R"(["null","Item"])").node()).ok());
  EXPECT_TRUE(CheckJsonTarget(Target(R"({"type":"map","values":["null","Color"]})").node()).ok());
  EXPECT_TRUE(CheckJsonTarget(Target(R"({"type":"record","name":"N","fields":[)"
                                     R"({"name":"c","type":["null","N"]}]})")
                                  .node())
                  .ok());
  const base::Status status =
      CheckJsonTarget(Target(R"({"type":"array","items":{"type":"record","name":"X","fields":[)"
                             R"({"name":"u","type":["null","int","string"]}]}})")
                          .node());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            R"(Unsupported union encountered; only trivial unions with null are supported: )"
            R"(["null","int","string"])");
  EXPECT_FALSE(CheckJsonTarget(Target(R"(["int","string"])").node()).ok());
}

}  // namespace
}  // namespace divolte::avro
