#include "avro/default_schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace divolte::avro {
namespace {

TEST(DefaultSchemaTest, IsTheExact1644ByteLine) {
  const std::string_view json = DefaultEventRecordSchemaJson();
  EXPECT_EQ(json.size(), 1644u);
  EXPECT_EQ(json.find('\n'), std::string_view::npos);
  EXPECT_EQ(json.find(' '), std::string_view::npos);
  EXPECT_TRUE(json.starts_with(
      R"({"type":"record","name":"DefaultEventRecord","namespace":"io.divolte.record","fields":[)"
      R"({"name":"detectedDuplicate","type":"boolean"},)"));
  EXPECT_TRUE(
      json.ends_with(R"({"name":"userAgentOsVendor","type":["null","string"],"default":null}]})"));
}

TEST(DefaultSchemaTest, ParsesAsJsonWithTheFieldsInSpecificationOrder) {
  const nlohmann::json schema =
      nlohmann::json::parse(DefaultEventRecordSchemaJson(), nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(schema.is_discarded());
  EXPECT_EQ(schema["type"], "record");
  EXPECT_EQ(schema["name"], "DefaultEventRecord");
  EXPECT_EQ(schema["namespace"], "io.divolte.record");
  const std::vector<std::string> expected = {"detectedDuplicate",
                                             "detectedCorruption",
                                             "firstInSession",
                                             "timestamp",
                                             "clientTimestamp",
                                             "remoteHost",
                                             "referer",
                                             "location",
                                             "viewportPixelWidth",
                                             "viewportPixelHeight",
                                             "screenPixelWidth",
                                             "screenPixelHeight",
                                             "partyId",
                                             "sessionId",
                                             "pageViewId",
                                             "eventType",
                                             "userAgentString",
                                             "userAgentName",
                                             "userAgentFamily",
                                             "userAgentVendor",
                                             "userAgentType",
                                             "userAgentVersion",
                                             "userAgentDeviceCategory",
                                             "userAgentOsFamily",
                                             "userAgentOsVersion",
                                             "userAgentOsVendor"};
  ASSERT_EQ(schema["fields"].size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const nlohmann::json& field = schema["fields"][i];
    EXPECT_EQ(field["name"], expected[i]);
    if (i < 6) {
      EXPECT_FALSE(field.contains("default")) << expected[i];
    } else if (expected[i] == "eventType") {
      EXPECT_EQ(field["type"], "string");
      EXPECT_EQ(field["default"], "unknown");
    } else {
      EXPECT_EQ(field["type"][0], "null") << expected[i];
      EXPECT_TRUE(field["default"].is_null()) << expected[i];
    }
  }
}

}  // namespace
}  // namespace divolte::avro
