#include "event/query.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace divolte::event {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs AllOf(const QueryParams& params) {
  Pairs pairs;
  for (size_t i = 0; i < params.size(); ++i) {
    pairs.emplace_back(std::string(params.name(i)), std::string(params.value(i)));
  }
  return pairs;
}

TEST(QueryParamsTest, SplitsDecodesAndKeepsOrder) {
  QueryParams params;
  ASSERT_EQ(params.Decode("p=0%3Aabc%3Axyz&t=page+View&x&&=v&k=a=b&p=second&"), QueryStatus::kOk);
  EXPECT_EQ(AllOf(params), (Pairs{{"p", "0:abc:xyz"},
                                  {"t", "page View"},
                                  {"x", ""},
                                  {"", "v"},
                                  {"k", "a=b"},
                                  {"p", "second"}}));
  EXPECT_EQ(params.First("p"), "0:abc:xyz");
  EXPECT_EQ(params.First("x"), "");
  EXPECT_EQ(params.First("k"), "a=b");
  EXPECT_EQ(params.First(""), "v");
  EXPECT_EQ(params.First("q"), std::nullopt);
}

TEST(QueryParamsTest, EmptyQueries) {
  QueryParams params;
  for (const char* raw : {"", "&", "&&&"}) {
    ASSERT_EQ(params.Decode(raw), QueryStatus::kOk) << raw;
    EXPECT_TRUE(params.empty()) << raw;
  }
}

TEST(QueryParamsTest, LongNamesAndEncodedNames) {
  QueryParams params;
  ASSERT_EQ(params.Decode("%70=encoded-p&name+with+space=1&%C3%A9t%C3%A9=summer&%FF=x"),
            QueryStatus::kOk);
  EXPECT_EQ(params.First("p"), "encoded-p");  // the index uses decoded names
  EXPECT_EQ(params.First("name with space"), "1");
  EXPECT_EQ(params.First("\xc3\xa9t\xc3\xa9"), "summer");
  EXPECT_EQ(params.First("\xef\xbf\xbd"), "x");
}

TEST(QueryParamsTest, NonAsciiOneByteNamesAreNotIndexedWrongly) {
  QueryParams params;
  ASSERT_EQ(params.Decode("%C3%A9=1&e=2"), QueryStatus::kOk);
  EXPECT_EQ(params.First("e"), "2");
  EXPECT_EQ(params.First("\xc3\xa9"), "1");
}

TEST(QueryParamsTest, BadEscapeIsMalformed) {
  QueryParams params;
  for (const char* raw : {"a=%", "a=%zz", "%4=1", "a=1&b=100%", "a=%e"}) {
    EXPECT_EQ(params.Decode(raw), QueryStatus::kMalformed) << raw;
    EXPECT_TRUE(params.empty());
    EXPECT_EQ(params.First("a"), std::nullopt);
  }
}

TEST(QueryParamsTest, ParameterLimit) {
  std::string raw;
  for (size_t i = 0; i < kMaxQueryParameters; ++i) raw += "a=" + std::to_string(i) + "&&";
  QueryParams params;
  ASSERT_EQ(params.Decode(raw), QueryStatus::kOk);
  EXPECT_EQ(params.size(), kMaxQueryParameters);
  EXPECT_EQ(params.First("a"), "0");
  EXPECT_EQ(params.value(kMaxQueryParameters - 1), "999");
  raw += "b=1";
  EXPECT_EQ(params.Decode(raw), QueryStatus::kTooManyParameters);
  EXPECT_TRUE(params.empty());
}

TEST(QueryParamsTest, ReuseForgetsThePreviousRequest) {
  QueryParams params;
  ASSERT_EQ(params.Decode("p=1&q=2&long=3"), QueryStatus::kOk);
  ASSERT_EQ(params.Decode("q=9"), QueryStatus::kOk);
  EXPECT_EQ(params.size(), 1u);
  EXPECT_EQ(params.First("p"), std::nullopt);
  EXPECT_EQ(params.First("long"), std::nullopt);
  EXPECT_EQ(params.First("q"), "9");
}

TEST(QueryParamsTest, CopiesOwnTheirBytes) {
  QueryParams copy;
  {
    std::string raw = "t=pageView&l=http%3A%2F%2Fexample.com%2F";
    QueryParams params;
    ASSERT_EQ(params.Decode(raw), QueryStatus::kOk);
    copy = params;
    raw.assign(raw.size(), 'z');
  }
  EXPECT_EQ(copy.First("t"), "pageView");
  EXPECT_EQ(copy.First("l"), "http://example.com/");
}

}  // namespace
}  // namespace divolte::event
