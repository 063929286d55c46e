#include "avro/codec.h"

#include <gtest/gtest.h>
#include <snappy.h>
#include <zlib.h>

#include <random>

namespace divolte::avro {
namespace {

std::string SampleData(size_t size, bool compressible) {
  std::mt19937 random(42);
  std::string data;
  while (data.size() < size) {
    if (compressible) {
      data += "0:i1t84hgy:party" + std::to_string(random() % 100) + "pageView";
    } else {
      data += static_cast<char>(random());
    }
  }
  data.resize(size);
  return data;
}

TEST(CodecTest, Names) {
  EXPECT_EQ(CodecName(Codec::kNull), "null");
  EXPECT_EQ(CodecName(Codec::kDeflate), "deflate");
  EXPECT_EQ(CodecName(Codec::kSnappy), "snappy");
  EXPECT_EQ(CodecFromName("snappy"), Codec::kSnappy);
  EXPECT_EQ(CodecFromName("deflate"), Codec::kDeflate);
  EXPECT_EQ(CodecFromName("null"), Codec::kNull);
  EXPECT_FALSE(CodecFromName("bzip2").has_value());
}

TEST(CodecTest, NullStoresTheDataUnchanged) {
  std::string out = "x";
  ASSERT_TRUE(CompressBlock(Codec::kNull, "abc", &out).ok());
  EXPECT_EQ(out, "xabc");
}

TEST(CodecTest, RoundTripsEveryCodecAndSize) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate, Codec::kSnappy}) {
    for (size_t size : {0, 1, 100, 70000, 300000}) {
      for (bool compressible : {true, false}) {
        const std::string data = SampleData(size, compressible);
        std::string compressed = "prefix";
        ASSERT_TRUE(CompressBlock(codec, data, &compressed).ok());
        ASSERT_EQ(compressed.substr(0, 6), "prefix");
        std::string restored = "before";
        ASSERT_TRUE(DecompressBlock(codec, std::string_view(compressed).substr(6), &restored).ok())
            << CodecName(codec) << " " << size;
        EXPECT_EQ(restored, "before" + data) << CodecName(codec) << " " << size;
      }
    }
  }
}

TEST(CodecTest, CompressibleDataShrinks) {
  const std::string data = SampleData(100000, true);
  for (Codec codec : {Codec::kDeflate, Codec::kSnappy}) {
    std::string compressed;
    ASSERT_TRUE(CompressBlock(codec, data, &compressed).ok());
    EXPECT_LT(compressed.size(), data.size() / 3) << CodecName(codec);
  }
}

// Raw DEFLATE: no zlib header, so zlib's own inflate with raw window bits must read it and the
// same bytes must not parse as a zlib stream (which would need a 78 xx header).
TEST(CodecTest, DeflateIsARawStreamAtLevelSix) {
  const std::string data = SampleData(5000, true);
  std::string compressed;
  ASSERT_TRUE(CompressBlock(Codec::kDeflate, data, &compressed).ok());
  std::string inflated(data.size(), '\0');
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, -15), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(inflated.data());
  stream.avail_out = static_cast<uInt>(inflated.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(inflated, data);
  // Same bytes as zlib's compress2 at level 6 without its 2-byte header and 4-byte trailer.
  uLongf size = compressBound(data.size());
  std::string wrapped(size, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(wrapped.data()), &size,
                      reinterpret_cast<const Bytef*>(data.data()), data.size(), 6),
            Z_OK);
  EXPECT_EQ(compressed, wrapped.substr(2, size - 6));
}

TEST(CodecTest, SnappyIsARawBlockPlusBigEndianCrcOfTheUncompressedData) {
  const std::string data = "hello hello hello hello snappy";
  std::string block;
  ASSERT_TRUE(CompressBlock(Codec::kSnappy, data, &block).ok());
  std::string raw;
  snappy::Compress(data.data(), data.size(), &raw);
  ASSERT_EQ(block.size(), raw.size() + 4);
  EXPECT_EQ(block.substr(0, raw.size()), raw);
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  const std::string trailer = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                               static_cast<char>(crc >> 8), static_cast<char>(crc)};
  EXPECT_EQ(block.substr(raw.size()), trailer);
}

TEST(CodecTest, SnappyCrcOfAKnownInput) {
  // CRC-32 (ISO-HDLC) of "123456789" is cbf43926.
  std::string block;
  ASSERT_TRUE(CompressBlock(Codec::kSnappy, "123456789", &block).ok());
  EXPECT_EQ(block.substr(block.size() - 4), std::string("\xcb\xf4\x39\x26", 4));
}

// Python's avro writes zlib.compress(data)[2:-1]: the raw stream plus three trailer bytes.
TEST(CodecTest, DeflateIgnoresBytesAfterTheStream) {
  const std::string data = SampleData(1000, true);
  std::string block;
  ASSERT_TRUE(CompressBlock(Codec::kDeflate, data, &block).ok());
  block.append("\x12\x34\x56");
  std::string out;
  ASSERT_TRUE(DecompressBlock(Codec::kDeflate, block, &out).ok());
  EXPECT_EQ(out, data);
}

TEST(CodecTest, CorruptBlocksAreErrorsNotCrashes) {
  std::string block;
  ASSERT_TRUE(CompressBlock(Codec::kSnappy, SampleData(1000, true), &block).ok());
  block.back() ^= 1;  // checksum mismatch
  std::string out;
  base::Status status = DecompressBlock(Codec::kSnappy, block, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "snappy: checksum mismatch");
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(DecompressBlock(Codec::kSnappy, "ab", &out).ok());

  std::string deflated;
  ASSERT_TRUE(CompressBlock(Codec::kDeflate, SampleData(1000, true), &deflated).ok());
  deflated.resize(deflated.size() / 2);  // truncated stream
  EXPECT_FALSE(DecompressBlock(Codec::kDeflate, deflated, &out).ok());
  EXPECT_FALSE(DecompressBlock(Codec::kDeflate, "\xff\xff\xff", &out).ok());
}

}  // namespace
}  // namespace divolte::avro
