#include "avro/base64.h"

#include <gtest/gtest.h>

namespace divolte::avro {
namespace {

std::optional<std::string> Decode(std::string_view text) {
  std::string bytes;
  if (!DecodeBase64(text, &bytes)) return std::nullopt;
  return bytes;
}

TEST(Base64Test, DecodesPaddedStandardAlphabet) {
  EXPECT_EQ(Decode(""), "");
  EXPECT_EQ(Decode("QQ=="), "A");
  EXPECT_EQ(Decode("QUI="), "AB");
  EXPECT_EQ(Decode("QUJD"), "ABC");
  EXPECT_EQ(Decode("AAEC/w=="), std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(Decode("+/+/"), "\xfb\xff\xbf");
  EXPECT_EQ(Decode("QR=="), "A");  // non-zero leftover bits are ignored
}

TEST(Base64Test, RejectsEverythingElse) {
  for (const char* text : {"QQ", "Q", "Q===", "====", "QQ=A", "QUJD\n", " QUJD", "-_-_", "QU?D"}) {
    EXPECT_EQ(Decode(text), std::nullopt) << text;
  }
}

TEST(Base64Test, EncodesUrlSafeWithoutPadding) {
  EXPECT_EQ(EncodeBase64UrlNoPadding(""), "");
  EXPECT_EQ(EncodeBase64UrlNoPadding("A"), "QQ");
  EXPECT_EQ(EncodeBase64UrlNoPadding("AB"), "QUI");
  EXPECT_EQ(EncodeBase64UrlNoPadding("ABC"), "QUJD");
  EXPECT_EQ(EncodeBase64UrlNoPadding("\xfb\xff\xbf"), "-_-_");
}

}  // namespace
}  // namespace divolte::avro
