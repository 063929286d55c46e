#include "functions/header_values.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"

namespace divolte::functions {
namespace {

using Strings = std::vector<std::string>;

Strings Values(std::string_view line) {
  Strings values;
  AppendHeaderValues(line, &values);
  return values;
}

// The rows of the table in mapping.md §7.2, one test each; "\t" in the table is a tab.

TEST(HeaderValues, CommasSeparateValuesAndBlanksAroundThemAreDropped) {
  EXPECT_EQ(Values("a, b, c"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Values(" a , b , c "), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Values("a,\t \tb, \t c"), (Strings{"a", "b", "c"}));
}

TEST(HeaderValues, EmptyValuesBetweenCommasAreOmitted) {
  EXPECT_EQ(Values(",a"), (Strings{"a"}));
  EXPECT_EQ(Values("a,"), (Strings{"a"}));
  EXPECT_EQ(Values("a,,b"), (Strings{"a", "b"}));
}

TEST(HeaderValues, InnerWhitespaceBecomesOneSpace) {
  EXPECT_EQ(Values("foo    bar"), (Strings{"foo bar"}));
  EXPECT_EQ(Values("foo\tbar"), (Strings{"foo bar"}));
}

TEST(HeaderValues, QuotedSegmentsSeparatedByWhitespaceGetOneSpace) {
  EXPECT_EQ(Values(R"("foo" bar)"), (Strings{"foo bar"}));
  EXPECT_EQ(Values(R"(foo "bar" baz)"), (Strings{"foo bar baz"}));
}

TEST(HeaderValues, AdjacentSegmentsAreConcatenated) {
  EXPECT_EQ(Values(R"("foo"bar)"), (Strings{"foobar"}));
  EXPECT_EQ(Values(R"(foo"bar"baz)"), (Strings{"foobarbaz"}));
}

TEST(HeaderValues, QuotedStringsKeepCommasAndWhitespace) {
  EXPECT_EQ(Values(R"("foo,bar")"), (Strings{"foo,bar"}));
  EXPECT_EQ(Values("\"  foo \t bar  \""), (Strings{"  foo \t bar  "}));
}

TEST(HeaderValues, BackslashTakesTheNextCharacterLiterally) {
  EXPECT_EQ(Values(R"("foo\"bar")"), (Strings{R"(foo"bar)"}));
  EXPECT_EQ(Values(R"("foo\\bar")"), (Strings{R"(foo\bar)"}));
}

TEST(HeaderValues, UnterminatedQuotedStringRunsToTheEnd) {
  EXPECT_EQ(Values(R"("foo\)"), (Strings{"foo"}));
  EXPECT_EQ(Values(R"("foo)"), (Strings{"foo"}));
}

TEST(HeaderValues, ValuesThatAreEmptyAfterParsingAreOmitted) {
  EXPECT_EQ(Values(R"("")"), Strings{});
  EXPECT_EQ(Values("   "), Strings{});
  EXPECT_EQ(Values(R"("",a)"), (Strings{"a"}));
}

TEST(HeaderValues, MultipleLinesInRequestOrder) {
  event::Event request;
  request.AddHeader("X-Test", "first");
  request.AddHeader("X-Test", "second, third ,fourth,fifth");
  request.AddHeader("X-Other", "not, included");
  request.AddHeader("x-test", R"("sixth,still_sixth", seventh,)");
  request.AddHeader("X-TEST", R"(" eighth,\"still eighth ")");
  request.AddHeader("X-Test", "ninth  still ninth");
  request.AddHeader("X-Test", "last");
  Strings values;
  ASSERT_TRUE(CollectHeaderValues(request, "X-Test", &values));
  EXPECT_EQ(values, (Strings{"first", "second", "third", "fourth", "fifth", "sixth,still_sixth",
                             "seventh", R"( eighth,"still eighth )", "ninth still ninth", "last"}));
}

// Rule 3 beyond the table: the space rule sticks once triggered, and an empty quoted string is a
// segment too.
TEST(HeaderValues, WhitespaceBetweenSegmentsSpacesEveryLaterSegment) {
  EXPECT_EQ(Values(R"(foo "bar"baz)"), (Strings{"foo bar baz"}));
  EXPECT_EQ(Values(R"("" a)"), (Strings{" a"}));
}

TEST(HeaderValues, AppendDoesNotClear) {
  Strings values{"kept"};
  AppendHeaderValues("a, b", &values);
  EXPECT_EQ(values, (Strings{"kept", "a", "b"}));
}

TEST(HeaderValues, NameMatchesCaseInsensitively) {
  event::Event request;
  request.AddHeader("accept-language", "nl-NL,nl;q=0.9,en;q=0.8");
  Strings values;
  ASSERT_TRUE(CollectHeaderValues(request, "Accept-Language", &values));
  EXPECT_EQ(values, (Strings{"nl-NL", "nl;q=0.9", "en;q=0.8"}));
  ASSERT_TRUE(CollectHeaderValues(request, "ACCEPT-LANGUAGE", &values));
  EXPECT_EQ(values.size(), 3u);
}

TEST(HeaderValues, AbsentHeaderDiffersFromHeaderWithoutValues) {
  event::Event request;
  request.AddHeader("X-Empty", R"("")");
  request.AddHeader("X-Blank", "   ");
  Strings values{"stale"};
  EXPECT_TRUE(CollectHeaderValues(request, "X-Empty", &values));
  EXPECT_EQ(values, Strings{});
  values = {"stale"};
  EXPECT_TRUE(CollectHeaderValues(request, "X-Blank", &values));
  EXPECT_EQ(values, Strings{});
  values = {"stale"};
  EXPECT_FALSE(CollectHeaderValues(request, "X-Missing", &values));
  EXPECT_EQ(values, Strings{});
}

std::optional<std::string> Cookie(const event::Event& request, std::string_view name) {
  const std::optional<std::string_view> value = FindCookie(request, name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

TEST(Cookie, PartsAreTrimmedOfSpacesAndTabs) {
  event::Event request;
  request.AddHeader("Cookie", " a=1 ;\tb=2\t;c=3;  d=4  ");
  EXPECT_EQ(Cookie(request, "a"), "1");
  EXPECT_EQ(Cookie(request, "b"), "2");
  EXPECT_EQ(Cookie(request, "c"), "3");
  EXPECT_EQ(Cookie(request, "d"), "4");
}

TEST(Cookie, EnclosingDoubleQuotesAreRemoved) {
  event::Event request;
  request.AddHeader("Cookie", R"(q="quoted value"; e=""; lone="; open="abc; mid=a"b")");
  EXPECT_EQ(Cookie(request, "q"), "quoted value");
  EXPECT_EQ(Cookie(request, "e"), "");
  EXPECT_EQ(Cookie(request, "lone"), R"(")");
  EXPECT_EQ(Cookie(request, "open"), R"("abc)");
  EXPECT_EQ(Cookie(request, "mid"), R"(a"b")");
}

TEST(Cookie, FirstOccurrenceWinsAcrossLines) {
  event::Event request;
  request.AddHeader("Cookie", "a=1; b=2; a=9");
  request.AddHeader("X-Other", "c=0");
  request.AddHeader("cookie", "a=3; c=4");
  EXPECT_EQ(Cookie(request, "a"), "1");
  EXPECT_EQ(Cookie(request, "b"), "2");
  EXPECT_EQ(Cookie(request, "c"), "4");
}

TEST(Cookie, NamesAreCaseSensitive) {
  event::Event request;
  request.AddHeader("Cookie", "Session=upper; session=lower");
  EXPECT_EQ(Cookie(request, "Session"), "upper");
  EXPECT_EQ(Cookie(request, "session"), "lower");
  EXPECT_EQ(Cookie(request, "SESSION"), std::nullopt);
}

TEST(Cookie, ValueSplitsAtTheFirstEquals) {
  event::Event request;
  request.AddHeader("Cookie", "t=a=b=; e=");
  EXPECT_EQ(Cookie(request, "t"), "a=b=");
  EXPECT_EQ(Cookie(request, "e"), "");
}

TEST(Cookie, PartsWithoutEqualsAreNotCookies) {
  event::Event request;
  request.AddHeader("Cookie", "flag; ; a=1; other");
  request.AddHeader("Cookie", "other=2");
  EXPECT_EQ(Cookie(request, "flag"), std::nullopt);
  EXPECT_EQ(Cookie(request, ""), std::nullopt);
  EXPECT_EQ(Cookie(request, "a"), "1");
  EXPECT_EQ(Cookie(request, "other"), "2");
}

TEST(Cookie, AbsentCookie) {
  event::Event request;
  EXPECT_EQ(FindCookie(request, "consent"), std::nullopt);
  request.AddHeader("X-Cookie", "consent=yes");
  request.AddHeader("Cookie", "_dvp=0:i1t84hgy:party");
  EXPECT_EQ(FindCookie(request, "consent"), std::nullopt);
}

TEST(Cookie, ValuePointsIntoTheEvent) {
  event::Event request;
  request.AddHeader("Cookie", "consent=yes; _dvp=0:i1t84hgy:party");
  const std::optional<std::string_view> value = FindCookie(request, "_dvp");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(*value, "0:i1t84hgy:party");
  const std::string_view line = request.header_value(0);
  EXPECT_GE(value->data(), line.data());
  EXPECT_LE(value->data() + value->size(), line.data() + line.size());
}

}  // namespace
}  // namespace divolte::functions
