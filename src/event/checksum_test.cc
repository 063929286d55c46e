#include "event/checksum.h"

#include <gtest/gtest.h>

#include <string>

#include "event/base36.h"
#include "event/query.h"

namespace divolte::event {
namespace {

// protocol.md §6, vector 1, exactly as sent.
constexpr char kVector1Query[] =
    "p=0%3Ai1t84hgy%3A5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG&s=0%3Ai1t84hgy%3A95CbiPCYln_"
    "1e0a6rFvuRkDkeNnc6KC8&v=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF&e=0%3A1fF6GFGjDOQiEx_OxnTm_"
    "tl4BH91eGLF0&c=i1t8q2b6&n=f&f=f&l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w=uq&h=qd&"
    "t=pageView";
constexpr char kVector1Canonical[] =
    "c=i1t8q2b6,;e=0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0,;f=f,;h=qd,;i=1ak,;j=sj,;k=2,;l=http://"
    "localhost:8290/,;n=f,;p=0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG,;s=0:i1t84hgy:"
    "95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8,;t=pageView,;v=0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF,;w=uq,;";

// Vectors 2 and 3 share everything but `t`.
constexpr char kVector2Prefix[] =
    "p=0:i1t84hgy:party&s=0:i1t84hgy:session&v=0:pageView&e=0:eventId&c=i1t8q2b6&n=f&f=f&"
    "l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w=uq&h=qd&t=";
constexpr char kVector2EncodedType[] = "%E1%BB%A5%C3%B1%E2%9A%95%C2%A9%C2%BA%E1%B8%8C%E2%84%A8";
constexpr char kVector2Canonical[] =
    "c=i1t8q2b6,;e=0:eventId,;f=f,;h=qd,;i=1ak,;j=sj,;k=2,;l=http://localhost:8290/,;n=f,;"
    "p=0:i1t84hgy:party,;s=0:i1t84hgy:session,;t=\xe1\xbb\xa5\xc3\xb1\xe2\x9a\x95\xc2\xa9\xc2\xba"
    "\xe1\xb8\x8c\xe2\x84\xa8,;v=0:pageView,;w=uq,;";

QueryParams Decode(const std::string& raw) {
  QueryParams params;
  EXPECT_EQ(params.Decode(raw), QueryStatus::kOk) << raw;
  return params;
}

std::string Canonical(const QueryParams& params) {
  std::string out;
  AppendChecksumCanonicalString(params, &out);
  return out;
}

int64_t Base36(const char* text) { return *ParseBase36Int64(text); }

TEST(ChecksumTest, Vector1) {
  const QueryParams params = Decode(kVector1Query);
  EXPECT_EQ(Canonical(params), kVector1Canonical);
  EXPECT_EQ(EventChecksum(params), Base36("si9804"));
  EXPECT_EQ(FormatBase36(EventChecksum(params)), "si9804");
}

TEST(ChecksumTest, Vector1Validity) {
  const std::string query = kVector1Query;
  EXPECT_TRUE(IsChecksumValid(Decode(query + "&x=si9804")));
  EXPECT_TRUE(IsChecksumValid(Decode("x=si9804&" + query)));  // position of x is irrelevant
  EXPECT_TRUE(IsChecksumValid(Decode(query + "&x=SI9804")));
  EXPECT_TRUE(IsChecksumValid(Decode(query + "&x=si9804&x=garbage")));  // first x counts
  EXPECT_FALSE(IsChecksumValid(Decode(query + "&x=si9805")));
  EXPECT_FALSE(IsChecksumValid(Decode(query + "&x=")));
  EXPECT_FALSE(IsChecksumValid(Decode(query + "&x")));
  EXPECT_FALSE(IsChecksumValid(Decode(query + "&x=si98.04")));
  EXPECT_FALSE(IsChecksumValid(Decode(query)));
  EXPECT_FALSE(IsChecksumValid(Decode(query + "&utm=proxy&x=si9804")));  // extra parameter
}

TEST(ChecksumTest, Vector2NonAsciiEventType) {
  const QueryParams params = Decode(std::string(kVector2Prefix) + kVector2EncodedType);
  EXPECT_EQ(Canonical(params), kVector2Canonical);
  EXPECT_EQ(EventChecksum(params), Base36("-ql2p2c"));
  EXPECT_TRUE(
      IsChecksumValid(Decode(std::string(kVector2Prefix) + kVector2EncodedType + "&x=-ql2p2c")));
}

TEST(ChecksumTest, Vector3) {
  const QueryParams params = Decode(std::string(kVector2Prefix) + "sentinelEvent");
  EXPECT_EQ(EventChecksum(params), Base36("-y99lem"));
  EXPECT_TRUE(IsChecksumValid(Decode(std::string(kVector2Prefix) + "sentinelEvent&x=-y99lem")));
}

TEST(ChecksumTest, OrderOfParametersDoesNotMatter) {
  const QueryParams shuffled = Decode(
      "t=sentinelEvent&h=qd&w=uq&k=2&j=sj&i=1ak&l=http%3A%2F%2Flocalhost%3A8290%2F&f=f&"
      "n=f&c=i1t8q2b6&e=0:eventId&v=0:pageView&s=0:i1t84hgy:session&p=0:i1t84hgy:party");
  EXPECT_EQ(EventChecksum(shuffled), Base36("-y99lem"));
}

TEST(ChecksumTest, GroupsRepeatedNamesInRequestOrder) {
  EXPECT_EQ(Canonical(Decode("b=2&a=3&x=1&a=1&a=&b&x=2")), "a=3,1,,;b=2,,;");
  EXPECT_EQ(Canonical(Decode("x=only")), "");
}

TEST(ChecksumTest, LongerNamesTakeTheGeneralPath) {
  EXPECT_EQ(Canonical(Decode("b=3&ab=1&a=2&ab=0")), "a=2,;ab=1,0,;b=3,;");
}

TEST(ChecksumTest, SortsNamesByUtf16CodeUnits) {
  // U+FFFF (EF BF BF) sorts after U+1F600 (F0 9F 98 80 = D83D DE00) in UTF-16 order.
  EXPECT_EQ(Canonical(Decode("%EF%BF%BF=1&%F0%9F%98%80=2&a=3")),
            "a=3,;\xf0\x9f\x98\x80=2,;\xef\xbf\xbf=1,;");
}

}  // namespace
}  // namespace divolte::event
