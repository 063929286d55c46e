#include "avro/container_writer.h"

#include <gtest/gtest.h>

#include "avro/container_reader.h"
#include "avro/default_schema.h"
#include "avro/test_support.h"

namespace divolte::avro {
namespace {

SyncMarker TestMarker() {
  SyncMarker marker;
  for (size_t i = 0; i < marker.size(); ++i) marker[i] = static_cast<char>(0xa0 + i);
  return marker;
}

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int value : values) bytes += static_cast<char>(value);
  return bytes;
}

// schema.md §5: the header of the built-in schema with codec null, byte for byte.
TEST(ContainerWriterTest, HeaderOfTheBuiltInSchemaWithCodecNull) {
  ContainerWriter writer(Codec::kNull, TestMarker());
  std::string header;
  writer.AppendHeader(DefaultEventRecordSchemaJson(), &header);
  const std::string prefix =
      Bytes({0x4f, 0x62, 0x6a, 0x01, 0x04, 0x16, 0x61, 0x76, 0x72, 0x6f, 0x2e, 0x73, 0x63,
             0x68, 0x65, 0x6d, 0x61, 0xd8, 0x19, 0x7b, 0x22, 0x74, 0x79, 0x70, 0x65});
  EXPECT_EQ(header.substr(0, prefix.size()), prefix);
  const size_t json_start = 19;
  EXPECT_EQ(header.substr(json_start, 1644), DefaultEventRecordSchemaJson());
  const std::string suffix = Bytes({0x14, 0x61, 0x76, 0x72, 0x6f, 0x2e, 0x63, 0x6f, 0x64, 0x65,
                                    0x63, 0x08, 0x6e, 0x75, 0x6c, 0x6c, 0x00});
  EXPECT_EQ(header.substr(json_start + 1644, suffix.size()), suffix);
  const std::string marker(TestMarker().data(), kSyncMarkerSize);
  EXPECT_EQ(header.substr(json_start + 1644 + suffix.size()), marker);
  EXPECT_EQ(header.size(), json_start + 1644 + suffix.size() + kSyncMarkerSize);
}

TEST(ContainerWriterTest, HeaderNamesTheCodec) {
  for (Codec codec : {Codec::kDeflate, Codec::kSnappy}) {
    ContainerWriter writer(codec, TestMarker());
    std::string header;
    writer.AppendHeader("\"int\"", &header);
    std::string expected_tail =
        "\x14"
        "avro.codec";
    expected_tail += static_cast<char>(CodecName(codec).size() * 2);
    expected_tail += CodecName(codec);
    expected_tail += '\0';
    expected_tail += std::string(TestMarker().data(), kSyncMarkerSize);
    EXPECT_TRUE(header.ends_with(expected_tail)) << CodecName(codec);
  }
}

TEST(ContainerWriterTest, NullBlockIsCountSizeDataMarker) {
  ContainerWriter writer(Codec::kNull, TestMarker());
  std::string block = "x";
  ASSERT_TRUE(writer.AppendBlock("abcdef", 3, &block).ok());
  EXPECT_EQ(block,
            "x\x06\x0c"
            "abcdef" +
                std::string(TestMarker().data(), kSyncMarkerSize));
}

TEST(ContainerWriterTest, CompressedBlocksDeclareTheCompressedSize) {
  const std::string datums(1000, 'a');
  for (Codec codec : {Codec::kDeflate, Codec::kSnappy}) {
    ContainerWriter writer(codec, TestMarker());
    std::string file;
    writer.AppendHeader("\"string\"", &file);
    ASSERT_TRUE(writer.AppendBlock(datums, 7, &file).ok());
    auto read = ReadContainer(file);
    ASSERT_TRUE(read.ok()) << read.message();
    EXPECT_EQ(read->codec, codec);
    ASSERT_EQ(read->blocks.size(), 1u);
    EXPECT_EQ(read->blocks[0].object_count, 7);
    EXPECT_EQ(read->blocks[0].datums, datums);
    EXPECT_LT(file.size() - read->header_size, 200u) << CodecName(codec);
  }
}

TEST(ContainerWriterTest, RandomMarkersDiffer) {
  EXPECT_NE(RandomSyncMarker(), RandomSyncMarker());
}

TEST(ContainerReaderTest, RejectsBadMagicForeignMarkerAndTruncation) {
  ContainerWriter writer(Codec::kNull, TestMarker());
  std::string file;
  writer.AppendHeader(DefaultEventRecordSchemaJson(), &file);
  ASSERT_TRUE(
      writer.AppendBlock(testing::EncodeDefaultRecord(testing::SampleRecord(1)), 1, &file).ok());
  ASSERT_TRUE(ReadContainer(file).ok());
  EXPECT_FALSE(ReadContainer("Obj\x02" + file.substr(4)).ok());
  std::string foreign = file;
  foreign.back() ^= 1;
  EXPECT_EQ(ReadContainer(foreign).message(), "block not followed by the file's sync marker");
  EXPECT_FALSE(ReadContainer(file.substr(0, file.size() - 3)).ok());
  EXPECT_FALSE(ReadContainer(file.substr(0, 30)).ok());
}

}  // namespace
}  // namespace divolte::avro
