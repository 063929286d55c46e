#include "event/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace divolte::event {
namespace {

const std::string kFffd = "\xef\xbf\xbd";

std::string Sanitised(std::string_view bytes) {
  std::string out;
  AppendSanitisedUtf8(bytes, &out);
  return out;
}

std::string Decoded(std::string_view in) {
  std::string out;
  EXPECT_TRUE(AppendPercentDecoded(in, &out)) << in;
  return out;
}

std::string Utf16Le(std::string_view utf8) {
  std::string out;
  AppendUtf16Le(utf8, &out);
  return out;
}

TEST(Utf8Test, ValidatesWellFormedSequencesOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xc0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\x80"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf0\x9f\x98"));      // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

// The Unicode Standard's example of maximal-subpart substitution (chapter 3, U+FFFD
// substitution of maximal subparts), as Java and WHATWG decoders do it.
TEST(Utf8Test, ReplacesEachMaximalSubpartOnce) {
  EXPECT_EQ(Sanitised("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64"),
            "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d");
  EXPECT_EQ(Sanitised("\xe0\x80\x80"), kFffd + kFffd + kFffd);
  EXPECT_EQ(Sanitised("\xed\xa0\x80"), kFffd + kFffd + kFffd);
  EXPECT_EQ(Sanitised("\xf4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(Sanitised("\xc0\xaf"), kFffd + kFffd);
  EXPECT_EQ(Sanitised("x\xf0\x9f\x98"), "x" + kFffd);
  EXPECT_EQ(Sanitised("\xf0\x9f\x98\xf0\x9f\x98\x80"), kFffd + "\xf0\x9f\x98\x80");
  EXPECT_EQ(Sanitised("ok \xc3\xa9"), "ok \xc3\xa9");
}

TEST(Utf8Test, PercentDecodes) {
  EXPECT_EQ(Decoded(""), "");
  EXPECT_EQ(Decoded("a+b%20c"), "a b c");
  EXPECT_EQ(Decoded("%2B%2b%3d%26"), "++=&");
  EXPECT_EQ(Decoded("%e2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(Decoded("%00"), std::string(1, '\0'));
  EXPECT_EQ(Decoded("\xc3\xa9"), "\xc3\xa9");  // raw UTF-8 passes through
  EXPECT_EQ(Decoded("%E2%82"), kFffd);
  EXPECT_EQ(Decoded("%FFa%FF"), kFffd + "a" + kFffd);
  EXPECT_EQ(Decoded("\xff"), kFffd);
}

TEST(Utf8Test, BadEscapeFailsAndLeavesOutputUnchanged) {
  for (const char* in : {"%", "%4", "%4g", "%g4", "100%", "a%%41", "%%"}) {
    std::string out = "keep";
    EXPECT_FALSE(AppendPercentDecoded(in, &out)) << in;
    EXPECT_EQ(out, "keep") << in;
  }
}

TEST(Utf8Test, EncodesUtf16LittleEndian) {
  EXPECT_EQ(Utf16Le("A"), std::string("A\0", 2));
  EXPECT_EQ(Utf16Le("\xc3\xa9"), std::string("\xe9\x00", 2));      // U+00E9
  EXPECT_EQ(Utf16Le("\xe2\x82\xac"), std::string("\xac\x20", 2));  // U+20AC
  EXPECT_EQ(Utf16Le("\xf0\x9f\x98\x80"),
            std::string("\x3d\xd8\x00\xde", 4));               // U+1F600 = D83D DE00
  EXPECT_EQ(Utf16Le("\xf4\x8f\xbf\xbf"), "\xff\xdb\xff\xdf");  // U+10FFFF = DBFF DFFF
  EXPECT_EQ(Utf16Le("\xff"), "\xfd\xff");                      // repaired to U+FFFD
}

TEST(Utf8Test, ComparesInUtf16Order) {
  EXPECT_LT(CompareUtf16("a", "b"), 0);
  EXPECT_GT(CompareUtf16("b", "a"), 0);
  EXPECT_LT(CompareUtf16("a", "ab"), 0);
  EXPECT_EQ(CompareUtf16("ab", "ab"), 0);
  EXPECT_LT(CompareUtf16("Z", "a"), 0);
  // U+1F600 (D83D DE00) sorts before U+E000 and U+FFFF in UTF-16, after them as bytes.
  EXPECT_LT(CompareUtf16("\xf0\x9f\x98\x80", "\xee\x80\x80"), 0);
  EXPECT_LT(CompareUtf16("x\xf0\x9f\x98\x80", "x\xef\xbf\xbf"), 0);
  EXPECT_GT(CompareUtf16("\xef\xbf\xbf", "\xf0\x9f\x98\x80"), 0);
  // Below the surrogate range, byte order and UTF-16 order agree.
  EXPECT_LT(CompareUtf16("\xed\x9f\xbf", "\xf0\x9f\x98\x80"), 0);
  EXPECT_LT(CompareUtf16("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x81"), 0);
}

}  // namespace
}  // namespace divolte::event
