#include "functions/query_string.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace divolte::functions {
namespace {

using Entries = std::vector<std::pair<std::string, std::vector<std::string>>>;

Entries AsEntries(const QueryString& query) {
  Entries entries;
  for (size_t k = 0; k < query.size(); ++k) {
    std::vector<std::string> values;
    for (size_t j = 0; j < query.value_count(k); ++j) values.emplace_back(query.value(k, j));
    entries.emplace_back(std::string(query.name(k)), std::move(values));
  }
  return entries;
}

Entries Parsed(std::string_view raw) {
  QueryString query;
  query.Parse(raw);
  return AsEntries(query);
}

TEST(QueryString, SpecExample) {
  EXPECT_EQ(
      Parsed("q=divolte&p=a&p=b&flag&=x&e="),
      (Entries{{"q", {"divolte"}}, {"p", {"a", "b"}}, {"flag", {""}}, {"", {"x"}}, {"e", {""}}}));
}

TEST(QueryString, EveryAmpersandAddsAnEntryButNotAnEmptyTail) {
  EXPECT_EQ(Parsed("a&&b"), (Entries{{"a", {""}}, {"", {""}}, {"b", {""}}}));
  EXPECT_EQ(Parsed("&a"), (Entries{{"", {""}}, {"a", {""}}}));
  EXPECT_EQ(Parsed("a&"), (Entries{{"a", {""}}}));
  EXPECT_EQ(Parsed("&"), (Entries{{"", {""}}}));
  EXPECT_EQ(Parsed("&&"), (Entries{{"", {"", ""}}}));
  EXPECT_EQ(Parsed(""), Entries{});
}

TEST(QueryString, NameEndsAtTheFirstEquals) {
  EXPECT_EQ(Parsed("a=b=c"), (Entries{{"a", {"b=c"}}}));
  EXPECT_EQ(Parsed("=x"), (Entries{{"", {"x"}}}));
  EXPECT_EQ(Parsed("a"), (Entries{{"a", {""}}}));
}

TEST(QueryString, KeysInOrderOfFirstOccurrenceValuesInOrder) {
  EXPECT_EQ(Parsed("b=1&a=2&b=3&c=4&a=5"),
            (Entries{{"b", {"1", "3"}}, {"a", {"2", "5"}}, {"c", {"4"}}}));
}

TEST(QueryString, FormDecoding) {
  EXPECT_EQ(Parsed("q=hello+world&n%20m=%C3%A9%2B"),
            (Entries{{"q", {"hello world"}}, {"n m", {"\xc3\xa9+"}}}));
  EXPECT_EQ(Parsed("a%3Db=c%26d"), (Entries{{"a=b", {"c&d"}}}));
}

TEST(QueryString, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(Parsed("x=%C3%28&y=%FF"), (Entries{{"x", {"\xef\xbf\xbd("}}, {"y", {"\xef\xbf\xbd"}}}));
  EXPECT_EQ(Parsed("z=\xff"), (Entries{{"z", {"\xef\xbf\xbd"}}}));
}

TEST(QueryString, MalformedEscapesStayAsWritten) {
  EXPECT_EQ(Parsed("a=%zz&b=%4&c=%"), (Entries{{"a", {"%zz"}}, {"b", {"%4"}}, {"c", {"%"}}}));
}

TEST(QueryString, ValueAndValueList) {
  QueryString query;
  query.Parse("utm_source=news&tag=a&tag=b");
  EXPECT_EQ(query.FirstValue("utm_source"), "news");
  EXPECT_EQ(query.FirstValue("tag"), "a");
  EXPECT_EQ(query.FirstValue("utm_medium"), std::nullopt);
  const std::optional<size_t> tag = query.Find("tag");
  ASSERT_TRUE(tag);
  EXPECT_EQ(query.value_count(*tag), 2u);
  EXPECT_EQ(query.value(*tag, 1), "b");
  EXPECT_EQ(query.Find("nope"), std::nullopt);
}

TEST(QueryString, EmptyValueIsPresent) {
  QueryString query;
  query.Parse("flag&e=");
  EXPECT_EQ(query.FirstValue("flag"), "");
  EXPECT_EQ(query.FirstValue("e"), "");
}

TEST(QueryString, ReuseReplacesTheContents) {
  QueryString query;
  query.Parse("a=1&b=2");
  query.Parse("c=3");
  EXPECT_EQ(AsEntries(query), (Entries{{"c", {"3"}}}));
  EXPECT_EQ(query.FirstValue("a"), std::nullopt);
}

TEST(QueryString, EqualityIsEntryByEntryIgnoringKeyOrder) {
  QueryString a, b, c, d;
  a.Parse("x=1&y=2&x=3");
  b.Parse("y=2&x=1&x=3");
  c.Parse("x=3&y=2&x=1");
  d.Parse("x=1&y=2");
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);  // the values of x in another order
  EXPECT_FALSE(a == d);
  QueryString e, f;
  e.Parse("");
  f.Parse("");
  EXPECT_TRUE(e == f);
}

TEST(QueryString, ManyParameters) {
  std::string raw;
  for (int i = 0; i < 2000; ++i)
    raw += "k" + std::to_string(i % 700) + "=" + std::to_string(i) + "&";
  QueryString query;
  query.Parse(raw);
  EXPECT_EQ(query.size(), 700u);
  EXPECT_EQ(query.name(0), "k0");
  EXPECT_EQ(query.name(699), "k699");
  EXPECT_EQ(query.FirstValue("k5"), "5");
  const std::optional<size_t> k5 = query.Find("k5");
  ASSERT_TRUE(k5);
  EXPECT_EQ(query.value_count(*k5), 3u);
  EXPECT_EQ(query.value(*k5, 2), "1405");
}

}  // namespace
}  // namespace divolte::functions
