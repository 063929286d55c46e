#include "avro/encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "avro/decoder.h"
#include "avro/test_support.h"

namespace divolte::avro {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    if (!hex.empty()) hex += ' ';
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

std::string FromHex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i < hex.size(); ++i) {
    if (hex[i] == ' ' || hex[i] == '\n') continue;
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    ++i;
  }
  return bytes;
}

std::string Long(int64_t value) {
  std::string out;
  BinaryEncoder(&out).WriteLong(value);
  return Hex(out);
}

std::string Int(int32_t value) {
  std::string out;
  BinaryEncoder(&out).WriteInt(value);
  return Hex(out);
}

TEST(BinaryEncoderTest, VarintExamplesOfTheSpecification) {
  EXPECT_EQ(Long(0), "00");
  EXPECT_EQ(Long(-1), "01");
  EXPECT_EQ(Long(1), "02");
  EXPECT_EQ(Long(-64), "7f");
  EXPECT_EQ(Long(64), "80 01");
  EXPECT_EQ(Long(2147483647), "fe ff ff ff 0f");
  EXPECT_EQ(Long(-2147483648LL), "ff ff ff ff 0f");
  EXPECT_EQ(Long(1416245000000), "80 dd bd ec b7 52");
}

TEST(BinaryEncoderTest, IntAndLongShareTheWireForm) {
  EXPECT_EQ(Int(0), "00");
  EXPECT_EQ(Int(-1), "01");
  EXPECT_EQ(Int(64), "80 01");
  EXPECT_EQ(Int(std::numeric_limits<int32_t>::max()), "fe ff ff ff 0f");
  EXPECT_EQ(Int(std::numeric_limits<int32_t>::min()), "ff ff ff ff 0f");
}

TEST(BinaryEncoderTest, LongExtremesUseTenBytes) {
  EXPECT_EQ(Long(std::numeric_limits<int64_t>::max()), "fe ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(Long(std::numeric_limits<int64_t>::min()), "ff ff ff ff ff ff ff ff ff 01");
}

TEST(BinaryEncoderTest, VarintRoundTripsThroughTheDecoder) {
  const int64_t values[] = {0,
                            1,
                            -1,
                            63,
                            -64,
                            64,
                            -65,
                            8191,
                            8192,
                            -8193,
                            1LL << 35,
                            -(1LL << 35),
                            std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
  std::string out;
  BinaryEncoder encoder(&out);
  for (int64_t value : values) encoder.WriteLong(value);
  BinaryDecoder decoder(out);
  for (int64_t value : values) {
    int64_t read = 0;
    ASSERT_TRUE(decoder.ReadLong(&read));
    EXPECT_EQ(read, value);
  }
  EXPECT_TRUE(decoder.AtEnd());
}

TEST(BinaryEncoderTest, BooleanAndNull) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.WriteNull();
  encoder.WriteBoolean(true);
  encoder.WriteNull();
  encoder.WriteBoolean(false);
  EXPECT_EQ(Hex(out), "01 00");
}

TEST(BinaryEncoderTest, FloatAndDoubleAreLittleEndianIeee) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.WriteFloat(1.0f);
  encoder.WriteFloat(-2.5f);
  encoder.WriteDouble(1.0);
  encoder.WriteDouble(-0.1);
  EXPECT_EQ(Hex(out), "00 00 80 3f 00 00 20 c0 00 00 00 00 00 00 f0 3f 9a 99 99 99 99 99 b9 bf");
  BinaryDecoder decoder(out);
  float f = 0;
  double d = 0;
  ASSERT_TRUE(decoder.ReadFloat(&f));
  EXPECT_EQ(f, 1.0f);
  ASSERT_TRUE(decoder.ReadFloat(&f));
  EXPECT_EQ(f, -2.5f);
  ASSERT_TRUE(decoder.ReadDouble(&d));
  EXPECT_EQ(d, 1.0);
  ASSERT_TRUE(decoder.ReadDouble(&d));
  EXPECT_EQ(d, -0.1);
}

TEST(BinaryEncoderTest, StringsAndBytesAreLengthPrefixed) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.WriteString("foo");
  encoder.WriteString("");
  encoder.WriteString("\xc3\xa9");  // é: length in bytes, not characters
  encoder.WriteBytes(std::string_view("\x00\xff", 2));
  EXPECT_EQ(Hex(out), "06 66 6f 6f 00 04 c3 a9 04 00 ff");
}

TEST(BinaryEncoderTest, LongStringLengthIsAVarint) {
  std::string out;
  BinaryEncoder(&out).WriteString(std::string(64, 'x'));
  EXPECT_EQ(Hex(out.substr(0, 2)), "80 01");
  EXPECT_EQ(out.size(), 66u);
}

TEST(BinaryEncoderTest, FixedEnumAndUnion) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.WriteFixed("abcd");
  encoder.WriteEnum(2);
  encoder.WriteUnionIndex(0);  // null branch: index only
  encoder.WriteNull();
  encoder.WriteUnionIndex(1);
  encoder.WriteString("x");
  EXPECT_EQ(Hex(out), "61 62 63 64 04 00 02 02 78");
}

TEST(BinaryEncoderTest, ArraysAreOneBlockThenZero) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.StartArray(3);
  for (int64_t item : {1, 2, 3}) encoder.WriteLong(item);
  encoder.EndArray();
  EXPECT_EQ(Hex(out), "06 02 04 06 00");
}

TEST(BinaryEncoderTest, EmptyArrayAndMapAreASingleZero) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.StartArray(0);
  encoder.EndArray();
  encoder.StartMap(0);
  encoder.EndMap();
  EXPECT_EQ(Hex(out), "00 00");
}

TEST(BinaryEncoderTest, MapEntriesAreKeyThenValue) {
  std::string out;
  BinaryEncoder encoder(&out);
  encoder.StartMap(2);
  encoder.WriteString("a");
  encoder.WriteInt(1);
  encoder.WriteString("b");
  encoder.WriteInt(-1);
  encoder.EndMap();
  EXPECT_EQ(Hex(out), "04 02 61 02 02 62 01 00");
}

TEST(BinaryEncoderTest, AppendsToExistingOutput) {
  std::string out = "prefix";
  BinaryEncoder(&out).WriteLong(64);
  EXPECT_EQ(out, std::string("prefix\x80\x01"));
}

// schema.md §4 test vector: the built-in schema record of protocol.md §6 vector 1.
TEST(BinaryEncoderTest, BuiltInSchemaTestVector) {
  testing::DefaultRecord record;
  record.timestamp = 1416245000000;
  record.client_timestamp = 1414499908146;
  record.remote_host = "127.0.0.1";
  record.location = "http://localhost:8290/";
  record.viewport_pixel_width = 1106;
  record.viewport_pixel_height = 949;
  record.screen_pixel_width = 1676;
  record.screen_pixel_height = 1027;
  record.party_id = "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG";
  record.session_id = "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8";
  record.page_view_id = "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF";
  record.event_type = "pageView";
  const std::string expected = FromHex(
      "00 00 00 80 dd bd ec b7 52 e4 e8 9d ec aa 52 12 31 32 37 2e 30 2e 30 2e 31 00"
      "02 2c 68 74 74 70 3a 2f 2f 6c 6f 63 61 6c 68 6f 73 74 3a 38 32 39 30 2f"
      "02 a4 11 02 ea 0e 02 98 1a 02 86 10"
      "02 56 30 3a 69 31 74 38 34 68 67 79 3a 35 41 46 33 35 39 5a 6a 71 35 6b 55 79 39 38 75 34 "
      "77 51 6a 6c 49 5a 7a 57 47 68 4e 7e 47 6c 47"
      "02 56 30 3a 69 31 74 38 34 68 67 79 3a 39 35 43 62 69 50 43 59 6c 6e 5f 31 65 30 61 36 72 "
      "46 76 75 52 6b 44 6b 65 4e 6e 63 36 4b 43 38"
      "02 44 30 3a 31 66 46 36 47 46 47 6a 44 4f 51 69 45 78 5f 4f 78 6e 54 6d 5f 74 6c 34 42 48 "
      "39 31 65 47 4c 46"
      "10 70 61 67 65 56 69 65 77"
      "00 00 00 00 00 00 00 00 00 00");
  ASSERT_EQ(expected.size(), 207u);
  const std::string encoded = testing::EncodeDefaultRecord(record);
  EXPECT_EQ(Hex(encoded), Hex(expected));
  auto decoded = testing::DecodeDefaultRecords(encoded);
  ASSERT_TRUE(decoded.has_value());
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0], record);
}

TEST(BinaryDecoderTest, RejectsTruncatedAndOverlongInput) {
  int64_t value = 0;
  BinaryDecoder truncated(std::string_view("\x80", 1));
  EXPECT_FALSE(truncated.ReadLong(&value));
  EXPECT_TRUE(truncated.failed());
  BinaryDecoder overlong(std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11));
  EXPECT_FALSE(overlong.ReadLong(&value));
  std::string_view bytes;
  BinaryDecoder short_string(
      std::string_view("\x06"
                       "ab",
                       3));
  EXPECT_FALSE(short_string.ReadString(&bytes));
}

}  // namespace
}  // namespace divolte::avro
