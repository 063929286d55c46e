// Independent read-back: container files written with ContainerWriter are read by other Avro
// implementations (python3-avro through /usr/bin/python3, and avrocat from Avro C).

#include <gtest/gtest.h>

#include <fstream>

#include "avro/container_writer.h"
#include "avro/default_schema.h"
#include "avro/test_support.h"

namespace divolte::avro {
namespace {

using testing::DefaultRecord;

constexpr int kRecords = 300;
constexpr int kBlockSizes[] = {1, 50, 100, 149};  // several blocks, 300 records in all

std::string WriteFile(const std::string& path, Codec codec) {
  ContainerWriter writer(codec, RandomSyncMarker());
  std::string bytes;
  writer.AppendHeader(DefaultEventRecordSchemaJson(), &bytes);
  int next = 0;
  for (int block_size : kBlockSizes) {
    std::string datums;
    for (int i = 0; i < block_size; ++i)
      datums += testing::EncodeDefaultRecord(testing::SampleRecord(next++));
    EXPECT_TRUE(writer.AppendBlock(datums, block_size, &bytes).ok());
  }
  EXPECT_EQ(next, kRecords);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

class ContainerReadbackTest : public ::testing::TestWithParam<Codec> {
 protected:
  testing::TempDir dir_;
};

TEST_P(ContainerReadbackTest, PythonAvroReadsEveryRecord) {
  const std::string path =
      WriteFile(dir_.path() + "/" + std::string(CodecName(GetParam())) + ".avro", GetParam());
  auto files = testing::ReadWithPython({path});
  ASSERT_TRUE(files.has_value()) << "python3-avro could not read " << path;
  ASSERT_EQ(files->size(), 1u);
  const nlohmann::json& file = (*files)[0];
  EXPECT_EQ(file["codec"], CodecName(GetParam()));
  EXPECT_EQ(file["schema"], DefaultEventRecordSchemaJson());
  ASSERT_EQ(file["records"].size(), static_cast<size_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_EQ(file["records"][i], testing::DefaultRecordJson(testing::SampleRecord(i))) << i;
  }
}

// Avro C writes unions as {"<branch type>": value}.
nlohmann::json AvroCJson(const DefaultRecord& record) {
  nlohmann::json json = testing::DefaultRecordJson(record);
  for (auto& [name, value] : json.items()) {
    if (name == "remoteHost" || name == "eventType" || value.is_null() || value.is_boolean()) {
      continue;
    }
    if (name == "timestamp" || name == "clientTimestamp") continue;
    value = nlohmann::json{{value.is_string() ? "string" : "int", value}};
  }
  return json;
}

TEST_P(ContainerReadbackTest, AvrocatReadsEveryRecord) {
  const std::string path =
      WriteFile(dir_.path() + "/" + std::string(CodecName(GetParam())) + ".avro", GetParam());
  auto records = testing::ReadWithAvrocat(path);
  ASSERT_TRUE(records.has_value()) << "avrocat could not read " << path;
  ASSERT_EQ(records->size(), static_cast<size_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_EQ((*records)[i], AvroCJson(testing::SampleRecord(i))) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, ContainerReadbackTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

}  // namespace
}  // namespace divolte::avro
