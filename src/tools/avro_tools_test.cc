// avro-tools on container files written with each codec: records as Avro JSON lines, the schema,
// the header metadata, the count; unreadable and corrupt files are errors, not crashes.
#include "tools/avro_tools.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "avro/codec.h"
#include "avro/container_writer.h"
#include "avro/encoder.h"

namespace divolte::tools {
namespace {

constexpr std::string_view kSchema =
    R"({"type":"record","name":"Click","namespace":"test","fields":[)"
    R"({"name":"id","type":"long"},{"name":"page","type":["null","string"],"default":null}]})";

std::string Click(int64_t id, const char* page) {
  std::string datum;
  avro::BinaryEncoder encoder(&datum);
  encoder.WriteLong(id);
  encoder.WriteUnionIndex(page == nullptr ? 0 : 1);
  if (page != nullptr) encoder.WriteString(page);
  return datum;
}

// A file of two blocks: records 1-2, then record 3; named after the test (tests run in parallel).
std::string WriteFile(avro::Codec codec) {
  avro::ContainerWriter writer(codec, avro::RandomSyncMarker());
  std::string bytes;
  writer.AppendHeader(kSchema, &bytes);
  EXPECT_TRUE(writer.AppendBlock(Click(1, "/a") + Click(2, nullptr), 2, &bytes).ok());
  EXPECT_TRUE(writer.AppendBlock(Click(3, "/\"q\""), 1, &bytes).ok());
  std::string test = testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(test.begin(), test.end(), '/', '_');  // parameterised tests: "Name/0"
  const auto path = std::filesystem::temp_directory_path() /
                    ("avro_tools_test_" + std::to_string(::getpid()) + "_" + test + "_" +
                     std::string(avro::CodecName(codec)) + ".avro");
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

Outcome RunTool(std::string_view command, const std::string& path) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = RunAvroTool(command, path, out, err);
  return {status, out.str(), err.str()};
}

class AvroToolsTest : public testing::TestWithParam<avro::Codec> {};

TEST_P(AvroToolsTest, PrintRecordsSchemaMetadataAndCount) {
  const std::string path = WriteFile(GetParam());
  const Outcome records = RunTool("tojson", path);
  EXPECT_EQ(records.status, 0) << records.err;
  EXPECT_EQ(records.out,
            "{\"id\":1,\"page\":{\"string\":\"/a\"}}\n"
            "{\"id\":2,\"page\":null}\n"
            "{\"id\":3,\"page\":{\"string\":\"/\\\"q\\\"\"}}\n");

  const Outcome count = RunTool("count", path);
  EXPECT_EQ(count.status, 0);
  EXPECT_EQ(count.out, "3\n");

  const Outcome schema = RunTool("getschema", path);
  EXPECT_EQ(schema.status, 0);
  EXPECT_TRUE(schema.out.starts_with("{\n  \"type\": \"record\",\n  \"name\": \"Click\",\n"))
      << schema.out;

  const Outcome meta = RunTool("getmeta", path);
  EXPECT_EQ(meta.status, 0);
  EXPECT_EQ(meta.out, "avro.schema\t" + std::string(kSchema) + "\navro.codec\t" +
                          std::string(avro::CodecName(GetParam())) + "\n");
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, AvroToolsTest,
                         testing::Values(avro::Codec::kNull, avro::Codec::kDeflate,
                                         avro::Codec::kSnappy));

TEST(AvroTools, MissingFileIsAnError) {
  const Outcome missing = RunTool("count", "/nonexistent/file.avro");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, "/nonexistent/file.avro: No such file or directory\n");
}

TEST(AvroTools, CorruptFilesAreErrorsNotCrashes) {
  const std::string path = WriteFile(avro::Codec::kNull);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Every truncation: each is either refused or (for the header alone) has no records.
  for (size_t length = 0; length < bytes.size(); length += 7) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, length);
    for (const char* command : {"tojson", "count", "getschema", "getmeta"}) {
      const Outcome outcome = RunTool(command, path);
      EXPECT_TRUE(outcome.status == 0 || outcome.status == 1) << command << " " << length;
      if (outcome.status == 1) {
        EXPECT_FALSE(outcome.err.empty());
      }
    }
  }
  // A record claiming more bytes than its block holds.
  std::string wrong = bytes;
  const size_t page = wrong.find("/a");
  ASSERT_NE(page, std::string::npos);
  wrong[page - 1] = 0x7e;  // the string's length: 63 bytes
  std::ofstream(path, std::ios::binary | std::ios::trunc) << wrong;
  const Outcome malformed = RunTool("tojson", path);
  EXPECT_EQ(malformed.status, 1);
  EXPECT_NE(malformed.err.find("malformed"), std::string::npos) << malformed.err;
  std::filesystem::remove(path);
}

TEST(AvroTools, UnknownCommandIsAUsageError) {
  const std::string path = WriteFile(avro::Codec::kNull);
  EXPECT_EQ(RunTool("tocsv", path).status, 2);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace divolte::tools
