#include "http/entity_tag.h"

#include <gtest/gtest.h>

namespace divolte::http {
namespace {

constexpr std::string_view kTag = "6b3edc43-20ec-4078-bc47-e965dd76b88a";

TEST(EntityTagTest, MatchesTheRulesOfProtocolSection56) {
  EXPECT_TRUE(IfNoneMatchMatches("\"6b3edc43-20ec-4078-bc47-e965dd76b88a\"", kTag));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"6b3edc43-20ec-4078-bc47-e965dd76b88a\"", kTag));
  EXPECT_TRUE(IfNoneMatchMatches("*", kTag));
  EXPECT_TRUE(IfNoneMatchMatches("\"other\", W/\"6b3edc43-20ec-4078-bc47-e965dd76b88a\"", kTag));
  EXPECT_TRUE(IfNoneMatchMatches("bad-element ,\t\"6b3edc43-20ec-4078-bc47-e965dd76b88a\" ", kTag));
  EXPECT_TRUE(IfNoneMatchMatches("\"a,b\", \"6b3edc43-20ec-4078-bc47-e965dd76b88a\"", kTag));
  EXPECT_FALSE(IfNoneMatchMatches("\"other\"", kTag));
  EXPECT_FALSE(IfNoneMatchMatches("6b3edc43-20ec-4078-bc47-e965dd76b88a", kTag));  // unquoted
  EXPECT_FALSE(IfNoneMatchMatches("\"6b3edc43-20ec-4078-bc47-e965dd76b88a", kTag));
  EXPECT_FALSE(IfNoneMatchMatches("", kTag));
  EXPECT_FALSE(IfNoneMatchMatches("w/\"6b3edc43-20ec-4078-bc47-e965dd76b88a\"", kTag));
}

TEST(EntityTagTest, EveryIfNoneMatchLineIsEvaluated) {
  const HeaderField headers[] = {
      {Field::if_none_match, "If-None-Match", "\"other\""},
      {Field::etag, "ETag", "\"6b3edc43-20ec-4078-bc47-e965dd76b88a\""},
      {Field::if_none_match, "If-None-Match", "W/\"6b3edc43-20ec-4078-bc47-e965dd76b88a\""}};
  EXPECT_TRUE(IfNoneMatchMatches(headers, kTag));
  EXPECT_FALSE(IfNoneMatchMatches(std::span(headers, 2), kTag));
  EXPECT_FALSE(IfNoneMatchMatches(std::span<const HeaderField>(), kTag));
}

}  // namespace
}  // namespace divolte::http
