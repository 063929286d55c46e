#include "avro/generic_record.h"

#include <gtest/gtest.h>

#include "avro/default_schema.h"
#include "avro/json_bridge.h"
#include "avro/test_support.h"
#include "base/strings.h"

namespace divolte::avro {
namespace {

constexpr std::string_view kSchema = R"({"type":"record","name":"R","fields":[
    {"name":"req","type":"string"},
    {"name":"opt","type":["null","string"],"default":null},
    {"name":"size","type":["int","null"],"default":3},
    {"name":"multi","type":["null","int","string",{"type":"array","items":"string"},
                            {"type":"enum","name":"E","symbols":["A","B"]}],"default":null},
    {"name":"count","type":"long","default":7},
    {"name":"flag","type":"boolean"},
    {"name":"ratio","type":"float","default":0.5},
    {"name":"price","type":"double","default":1},
    {"name":"raw","type":"bytes","default":""},
    {"name":"items","type":["null",{"type":"array","items":"int"}],"default":null},
    {"name":"nothing","type":"null"}]})";

// Field indexes of kSchema.
constexpr FieldIndex kReq = 0, kOpt = 1, kSize = 2, kMulti = 3, kCount = 4, kFlag = 5, kRatio = 6,
                     kPrice = 7, kRaw = 8, kItems = 9, kNothing = 10;

// The expected encoding field by field, in hex: every default, and the values SetRequired() sets.
struct Expected {
  std::array<std::string, 11> fields = {
      "0278",                          // req = "x"
      "00",                            // opt: default null
      "0006",                          // size: default 3, branch 0
      "00",                            // multi: default null
      "0e",                            // count: default 7
      "01",                            // flag = true
      "0000003f", "000000000000f03f",  // ratio 0.5, price 1.0
      "00",                            // raw: default ""
      "00",                            // items: default null
      "",                              // nothing = null
  };

  std::string Hex() const {
    std::string hex;
    for (const std::string& field : fields) hex += field;
    return hex;
  }
};

class GenericRecordTest : public ::testing::Test {
 protected:
  GenericRecordTest() : schema_(Parse(kSchema)), builder_(schema_.root()) {}

  static Schema Parse(std::string_view text) {
    base::Result<Schema> schema = Schema::Parse(text, "test.avsc");
    CHECK(schema.ok());
    return std::move(schema).value();
  }

  std::string EncodedHex() {
    std::string out;
    builder_.Encode(&out);
    return base::HexEncode(out);
  }

  void SetRequired() {
    builder_.SetString(kReq, "x");
    builder_.SetBoolean(kFlag, true);
    builder_.SetNull(kNothing);
  }

  Schema schema_;
  GenericRecordBuilder builder_;
};

TEST_F(GenericRecordTest, RequiredFieldsAreReportedInSchemaOrder) {
  EXPECT_EQ(builder_.FirstMissingField(), kReq);
  builder_.SetBoolean(kFlag, false);
  EXPECT_EQ(builder_.FirstMissingField(), kReq);
  builder_.SetString(kReq, "x");
  EXPECT_EQ(builder_.FirstMissingField(), kNothing);  // a null field without default too
  builder_.SetNull(kNothing);
  EXPECT_EQ(builder_.FirstMissingField(), std::nullopt);
  builder_.Reset();
  EXPECT_EQ(builder_.FirstMissingField(), kReq);
}

TEST_F(GenericRecordTest, UnsetFieldsTakeTheirEncodedDefaults) {
  SetRequired();
  EXPECT_EQ(EncodedHex(), Expected().Hex());
}

TEST_F(GenericRecordTest, ValuesGoToTheBranchOfTheirType) {
  SetRequired();
  builder_.SetString(kOpt, "ab");
  builder_.SetInt(kSize, -2);
  builder_.SetString(kMulti, "s");
  builder_.SetLong(kCount, 1416245000000);
  builder_.SetFloat(kRatio, 1.5f);
  builder_.SetDouble(kPrice, -1);
  builder_.SetBytes(kRaw, std::string("\x00\xff", 2));
  builder_.SetEncoded(kItems, SchemaType::kArray, std::string("\x04\x02\x04\x00", 4));
  Expected expected;
  expected.fields[kOpt] = "02046162";
  expected.fields[kSize] = "0003";
  expected.fields[kMulti] = "040273";
  expected.fields[kCount] = "80ddbdecb752";
  expected.fields[kRatio] = "0000c03f";
  expected.fields[kPrice] = "000000000000f0bf";
  expected.fields[kRaw] = "0400ff";
  expected.fields[kItems] = "0204020400";
  EXPECT_EQ(EncodedHex(), expected.Hex());
}

// A union with several non-null branches: the first branch of the value's type (schema.md §4).
TEST_F(GenericRecordTest, MultiBranchUnion) {
  SetRequired();
  Expected expected;
  builder_.SetInt(kMulti, 5);
  expected.fields[kMulti] = "020a";
  EXPECT_EQ(EncodedHex(), expected.Hex());
  builder_.SetEnum(kMulti, 1);
  expected.fields[kMulti] = "0802";
  EXPECT_EQ(EncodedHex(), expected.Hex());
  builder_.SetEncoded(kMulti, SchemaType::kArray, std::string("\x02\x02\x61\x00", 4));
  expected.fields[kMulti] = "0602026100";
  EXPECT_EQ(EncodedHex(), expected.Hex());
  builder_.SetNull(kMulti);
  expected.fields[kMulti] = "00";
  EXPECT_EQ(EncodedHex(), expected.Hex());
}

TEST_F(GenericRecordTest, AcceptsOnlyTheFieldTypeOrItsBranches) {
  EXPECT_TRUE(builder_.Accepts(kOpt, SchemaType::kString));
  EXPECT_TRUE(builder_.Accepts(kOpt, SchemaType::kNull));
  EXPECT_FALSE(builder_.Accepts(kOpt, SchemaType::kInt));
  EXPECT_TRUE(builder_.Accepts(kCount, SchemaType::kLong));
  EXPECT_FALSE(builder_.Accepts(kCount, SchemaType::kInt));  // no widening (mapping.md §8)
  EXPECT_FALSE(builder_.Accepts(kCount, SchemaType::kNull));
  for (SchemaType type : {SchemaType::kNull, SchemaType::kInt, SchemaType::kString,
                          SchemaType::kArray, SchemaType::kEnum}) {
    EXPECT_TRUE(builder_.Accepts(kMulti, type)) << SchemaTypeName(type);
  }
  EXPECT_FALSE(builder_.Accepts(kMulti, SchemaType::kLong));
  EXPECT_TRUE(builder_.Accepts(kNothing, SchemaType::kNull));
  EXPECT_FALSE(builder_.Accepts(99, SchemaType::kNull));
}

TEST_F(GenericRecordTest, LaterValuesOverwriteAndResetRestoresDefaults) {
  SetRequired();
  builder_.SetString(kOpt, std::string(1000, 'a'));
  builder_.SetString(kOpt, "b");
  builder_.SetString(kReq, "yz");
  Expected expected;
  expected.fields[kReq] = "04797a";
  expected.fields[kOpt] = "020262";
  EXPECT_EQ(EncodedHex(), expected.Hex());
  builder_.Reset();
  SetRequired();
  EXPECT_EQ(EncodedHex(), Expected().Hex());
}

TEST_F(GenericRecordTest, JsonValuesChangeTheFieldOnlyWhenConverted) {
  SetRequired();
  const auto json = [](std::string_view text) { return ToJsonValue(OrderedJson::parse(text)); };
  EXPECT_EQ(builder_.SetJson(kSize, json(R"("12")")), JsonConversion::kConverted);
  EXPECT_EQ(builder_.SetJson(kSize, json(R"("x")")), JsonConversion::kWrongType);
  EXPECT_EQ(builder_.SetJson(kSize, json("null")), JsonConversion::kNull);
  EXPECT_EQ(builder_.SetJson(kItems, json("[1,2]")), JsonConversion::kConverted);
  EXPECT_EQ(builder_.SetJson(kItems, json(R"([1,"x"])")), JsonConversion::kWrongType);
  EXPECT_EQ(builder_.SetJson(kMulti, json("1")), JsonConversion::kUnsupportedUnion);
  EXPECT_EQ(builder_.SetJson(kOpt, json(R"(["a"])")), JsonConversion::kConverted);
  Expected expected;
  expected.fields[kSize] = "0018";         // 12
  expected.fields[kItems] = "0204020400";  // [1, 2]
  expected.fields[kOpt] = "020261";
  EXPECT_EQ(EncodedHex(), expected.Hex());
}

TEST_F(GenericRecordTest, JsonNullLeavesARequiredFieldMissing) {
  const event::JsonValue null;
  EXPECT_EQ(builder_.SetJson(kReq, null), JsonConversion::kNull);
  EXPECT_EQ(builder_.FirstMissingField(), kReq);
}

TEST_F(GenericRecordTest, SettingAValueOfAnotherTypeIsABrokenInvariant) {
  EXPECT_DEATH(builder_.SetInt(kOpt, 1), "Accepts");
}

// The builder reproduces the hand-written encoder of the built-in schema.
TEST(GenericRecordBuiltInTest, MatchesTheBuiltInRecordEncoding) {
  base::Result<Schema> schema = Schema::Parse(DefaultEventRecordSchemaJson(), "built-in");
  ASSERT_TRUE(schema.ok());
  const SchemaNode& root = schema->root();
  GenericRecordBuilder builder(root);
  const auto field = [&](std::string_view name) { return *root.FindField(name); };
  const auto set_optional = [&](std::string_view name, const auto& value) {
    if (!value) return;  // the default, null
    if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, std::string>) {
      builder.SetString(field(name), *value);
    } else {
      builder.SetInt(field(name), *value);
    }
  };
  for (int i = 0; i < 50; ++i) {
    const testing::DefaultRecord r = testing::SampleRecord(i);
    builder.Reset();
    builder.SetBoolean(field("detectedDuplicate"), r.detected_duplicate);
    builder.SetBoolean(field("detectedCorruption"), r.detected_corruption);
    builder.SetBoolean(field("firstInSession"), r.first_in_session);
    builder.SetLong(field("timestamp"), r.timestamp);
    builder.SetLong(field("clientTimestamp"), r.client_timestamp);
    builder.SetString(field("remoteHost"), r.remote_host);
    set_optional("referer", r.referer);
    set_optional("location", r.location);
    set_optional("viewportPixelWidth", r.viewport_pixel_width);
    set_optional("viewportPixelHeight", r.viewport_pixel_height);
    set_optional("screenPixelWidth", r.screen_pixel_width);
    set_optional("screenPixelHeight", r.screen_pixel_height);
    set_optional("partyId", r.party_id);
    set_optional("sessionId", r.session_id);
    set_optional("pageViewId", r.page_view_id);
    if (r.event_type != "unknown") builder.SetString(field("eventType"), r.event_type);
    for (FieldIndex f = 0; f < 10; ++f) set_optional(root.fields[16 + f].name, r.user_agent[f]);
    ASSERT_EQ(builder.FirstMissingField(), std::nullopt);
    std::string datum;
    builder.Encode(&datum);
    ASSERT_EQ(datum, testing::EncodeDefaultRecord(r)) << i;
  }
}

}  // namespace
}  // namespace divolte::avro
