#include "tag/static_resource.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace divolte::tag {
namespace {

constexpr std::string_view kAbcDigest = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

// Decompresses a gzip member with zlib's own gzip decoder (windowBits 31).
std::string Gunzip(std::string_view gzip) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 31), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  EXPECT_EQ(stream.avail_in, 0u);  // nothing after the trailer
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

uint32_t LittleEndian32(std::string_view bytes) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

std::string Compressible() {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "function divolte() { return " + std::to_string(i) + "; }\n";
  return text;
}

TEST(StaticResourceTest, Sha256Base64MatchesKnownDigests) {
  EXPECT_EQ(Sha256Base64("abc"), kAbcDigest);
  EXPECT_EQ(Sha256Base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST(StaticResourceTest, PlainEntityTagIsQuotedBase64OfSha256) {
  const StaticResource resource("abc", StaticResource::Gzip::kOfferedIfSmaller);
  EXPECT_EQ(resource.plain().body, "abc");
  EXPECT_EQ(resource.plain().etag, "\"" + std::string(kAbcDigest) + "\"");
  EXPECT_EQ(resource.plain().etag.size(), 46u);
  EXPECT_EQ(resource.plain().opaque_tag(), kAbcDigest);
}

TEST(StaticResourceTest, GzipHasTheFixedHeaderAndTrailer) {
  const std::string body = Compressible();
  const std::string gzip = GzipCompress(body);
  ASSERT_GT(gzip.size(), 18u);
  EXPECT_EQ(gzip.substr(0, 10), std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x00", 10));
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  EXPECT_EQ(LittleEndian32(std::string_view(gzip).substr(gzip.size() - 8, 4)), crc);
  EXPECT_EQ(LittleEndian32(std::string_view(gzip).substr(gzip.size() - 4, 4)), body.size());
  EXPECT_EQ(Gunzip(gzip), body);
  EXPECT_EQ(Gunzip(GzipCompress("")), "");
}

TEST(StaticResourceTest, GzipVariantWhenSmaller) {
  const std::string body = Compressible();
  const StaticResource resource(body, StaticResource::Gzip::kOfferedIfSmaller);
  ASSERT_NE(resource.gzip(), nullptr);
  EXPECT_LT(resource.gzip()->body.size(), body.size());
  EXPECT_EQ(Gunzip(resource.gzip()->body), body);
  EXPECT_EQ(resource.gzip()->etag, "\"gz+" + Sha256Base64(body) + "\"");
  EXPECT_EQ(resource.gzip()->opaque_tag(), "gz+" + Sha256Base64(body));
  EXPECT_EQ(resource.plain().body, body);
}

TEST(StaticResourceTest, NoGzipVariantWhenNotSmallerOrNotOffered) {
  EXPECT_EQ(StaticResource("abc", StaticResource::Gzip::kOfferedIfSmaller).gzip(), nullptr);
  EXPECT_EQ(StaticResource("", StaticResource::Gzip::kOfferedIfSmaller).gzip(), nullptr);
  EXPECT_EQ(StaticResource(Compressible(), StaticResource::Gzip::kNotOffered).gzip(), nullptr);
}

}  // namespace
}  // namespace divolte::tag
