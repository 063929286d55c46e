// Independent read-back of generic records: records of testdata/every_type.avsc built with
// GenericRecordBuilder (typed setters, pre-encoded values and JSON conversion) are written into
// container files of every codec and read by python3-avro, which must see exactly these values.

#include <gtest/gtest.h>

#include <fstream>

#include "avro/container_writer.h"
#include "avro/generic_record.h"
#include "avro/json_bridge.h"
#include "avro/test_support.h"

namespace divolte::avro {
namespace {

using nlohmann::json;

// Sets the fields of `builder` (by name, as the mapping compiler resolves them once) for record
// number `i` of the data set and returns what python3-avro reads back for it.
class EveryTypeRecords {
 public:
  explicit EveryTypeRecords(const SchemaNode& root) : root_(root), builder_(root) {}

  std::string Encode(int i, json* expected) {
    builder_.Reset();
    *expected = Required(i);
    Defaults(expected);
    if (i % 4 == 1) SetEverything(expected);
    if (i % 4 == 2) SetUnionBranches(i, expected);
    if (i % 4 == 3) SetFromJson(expected);
    EXPECT_EQ(builder_.FirstMissingField(), std::nullopt);
    std::string datum;
    builder_.Encode(&datum);
    return datum;
  }

 private:
  FieldIndex Field(std::string_view name) const { return *root_.FindField(name); }
  void SetJson(std::string_view name, std::string_view text) {
    EXPECT_EQ(builder_.SetJson(Field(name), ToJsonValue(OrderedJson::parse(text))),
              JsonConversion::kConverted)
        << name;
  }

  json Required(int i) {
    builder_.SetNull(Field("nothing"));
    builder_.SetBoolean(Field("flag"), i % 2 == 0);
    builder_.SetInt(Field("count"), -i * 1000);
    builder_.SetLong(Field("total"), 1416245000000 + i);
    builder_.SetFloat(Field("ratio"), 1.5f + static_cast<float>(i));
    builder_.SetDouble(Field("price"), -0.25 * i);
    builder_.SetBytes(Field("raw"), std::string("\x00\x01\xfe", 3));
    builder_.SetString(Field("label"), "label-" + std::to_string(i) + " \xc3\xa9\xf0\x9f\x98\x80");
    builder_.SetEnum(Field("color"), i % 3);
    builder_.SetEncoded(Field("id"), SchemaType::kFixed, std::string("\x00\xff\x10", 3) + "z");
    static constexpr const char* kColors[] = {"RED", "GREEN", "BLUE"};
    return json{{"nothing", nullptr},
                {"flag", i % 2 == 0},
                {"count", -i * 1000},
                {"total", 1416245000000 + i},
                {"ratio", 1.5 + i},
                {"price", -0.25 * i},
                {"raw", std::string("\x00\x01\xc3\xbe", 4)},  // bytes read back as Latin-1
                {"label", "label-" + std::to_string(i) + " \xc3\xa9\xf0\x9f\x98\x80"},
                {"color", kColors[i % 3]},
                {"id", std::string("\x00\xc3\xbf\x10z", 5)}};
  }

  static void Defaults(json* expected) {
    (*expected)["otherId"] = "abcd";
    (*expected)["tags"] = json::array();
    (*expected)["counters"] = json{{"a", 1}};
    (*expected)["referer"] = nullptr;
    (*expected)["size"] = 42;
    (*expected)["anything"] = nullptr;
    (*expected)["item"] = json{{"sku", "none"}, {"qty", 1}};
    (*expected)["items"] = nullptr;
    (*expected)["tree"] = json{{"name", "root"}, {"children", json::array()}};
    (*expected)["eventType"] = "unknown";
  }

  void SetEverything(json* expected) {
    builder_.SetEncoded(Field("otherId"), SchemaType::kFixed, "wxyz");
    builder_.SetEncoded(Field("tags"), SchemaType::kArray, std::string("\x04\x02x\x04yz\x00", 7));
    builder_.SetString(Field("referer"), "https://example.com/");
    builder_.SetNull(Field("size"));
    builder_.SetString(Field("eventType"), "pageView");
    (*expected)["otherId"] = "wxyz";
    (*expected)["tags"] = json{"x", "yz"};
    (*expected)["referer"] = "https://example.com/";
    (*expected)["size"] = nullptr;
    (*expected)["eventType"] = "pageView";
  }

  void SetUnionBranches(int i, json* expected) {
    if (i % 8 == 2) {
      builder_.SetInt(Field("anything"), i);
      (*expected)["anything"] = i;
    } else {
      builder_.SetEnum(Field("anything"), 2);
      (*expected)["anything"] = "BLUE";
    }
    builder_.SetInt(Field("size"), -i);
    (*expected)["size"] = -i;
  }

  // mapping.md §15.3 and the other JSON conversions.
  void SetFromJson(json* expected) {
    SetJson("tags", R"("single")");
    SetJson("counters", R"({"x":5,"y":"-1"})");
    SetJson("referer", "12.5");
    SetJson("size", R"(" 7 ")");
    SetJson("item", R"({"sku":"A1","qty":2.9})");
    SetJson("items", R"([{"sku":"A1","qty":2},{"sku":"B7","color":"red"}])");
    SetJson("tree",
            R"({"name":"r","children":[{"name":"c1"},{"name":"c2","children":[{"name":"g"}]}]})");
    SetJson("otherId", R"("AAECAwQ=")");
    (*expected)["tags"] = json{"single"};
    (*expected)["counters"] = json{{"x", 5}, {"y", -1}};
    (*expected)["referer"] = "12.5";
    (*expected)["size"] = 7;
    (*expected)["item"] = json{{"sku", "A1"}, {"qty", 2}};
    (*expected)["items"] = json::parse(R"([{"sku":"A1","qty":2},{"sku":"B7","qty":1}])");
    (*expected)["tree"] = json::parse(R"({"name":"r","children":[{"name":"c1","children":[]},)"
                                      R"({"name":"c2","children":[{"name":"g","children":[]}]}]})");
    (*expected)["otherId"] = std::string("\x00\x01\x02\x03", 4);
  }

  const SchemaNode& root_;
  GenericRecordBuilder builder_;
};

class GenericReadbackTest : public ::testing::TestWithParam<Codec> {
 protected:
  testing::TempDir dir_;
};

TEST_P(GenericReadbackTest, PythonAvroReadsEveryValue) {
  base::Result<Schema> schema = Schema::Load(testing::TestdataPath("every_type.avsc"));
  ASSERT_TRUE(schema.ok()) << schema.message();
  EveryTypeRecords records(schema->root());
  ContainerWriter writer(GetParam(), RandomSyncMarker());
  std::string bytes;
  writer.AppendHeader(schema->json(), &bytes);
  std::vector<json> expected;
  for (int block_size : {1, 7, 24}) {
    std::string datums;
    for (int i = 0; i < block_size; ++i) {
      expected.emplace_back();
      datums += records.Encode(static_cast<int>(expected.size()) - 1, &expected.back());
    }
    ASSERT_TRUE(writer.AppendBlock(datums, block_size, &bytes).ok());
  }
  const std::string path = dir_.path() + "/every_type.avro";
  std::ofstream(path, std::ios::binary) << bytes;

  auto files = testing::ReadWithPython({path});
  ASSERT_TRUE(files.has_value()) << "python3-avro could not read " << path;
  const json& file = (*files)[0];
  EXPECT_EQ(file["schema"], schema->json());
  ASSERT_EQ(file["records"].size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(file["records"][i], expected[i]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, GenericReadbackTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

}  // namespace
}  // namespace divolte::avro
