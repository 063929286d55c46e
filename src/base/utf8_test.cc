#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace divolte::base {
namespace {

TEST(Utf8Test, DecodesEveryLength) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  EXPECT_EQ(DecodeUtf8(text, 0).code_point, U'a');
  EXPECT_EQ(DecodeUtf8(text, 1).code_point, U'\u00E9');
  EXPECT_EQ(DecodeUtf8(text, 1).length, 2u);
  EXPECT_EQ(DecodeUtf8(text, 3).code_point, U'\u20AC');
  EXPECT_EQ(DecodeUtf8(text, 3).length, 3u);
  EXPECT_EQ(DecodeUtf8(text, 6).code_point, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(text, 6).length, 4u);
}

TEST(Utf8Test, IllFormedSequencesHaveNoLength) {
  for (const std::string bad : {"\x80", "\xC0\xAF", "\xC3", "\xE0\x80\x80", "\xED\xA0\x80",
                                "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF0\x9F\x98"}) {
    const Utf8CodePoint decoded = DecodeUtf8(bad, 0);
    EXPECT_EQ(decoded.length, 0u) << bad.size();
    EXPECT_EQ(decoded.code_point, U'\uFFFD');
    EXPECT_EQ(WellFormedUtf8Length(bad, 0), 0u);
  }
}

TEST(Utf8Test, EncodingRoundTrips) {
  for (const char32_t code_point : {U'\u0000', U'\u007F', U'\u0080', U'\u07FF', U'\u0800',
                                    U'\uFFFF', U'\U00010000', U'\U0010FFFF'}) {
    std::string text;
    AppendUtf8(code_point, &text);
    const Utf8CodePoint decoded = DecodeUtf8(text, 0);
    EXPECT_EQ(decoded.code_point, code_point);
    EXPECT_EQ(decoded.length, text.size());
  }
}

}  // namespace
}  // namespace divolte::base
