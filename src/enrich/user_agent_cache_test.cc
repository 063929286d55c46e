#include "enrich/user_agent_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace divolte::enrich {
namespace {

UserAgentFields FieldsNamed(const std::string& name) {
  UserAgentFields fields;
  fields.values[UserAgentFields::kName] = name;
  return fields;
}

TEST(UserAgentCache, MissThenHit) {
  UserAgentCache cache(2);
  EXPECT_EQ(cache.Find("a"), nullptr);
  const UserAgentFields* stored = cache.Insert("a", FieldsNamed("A"));
  EXPECT_EQ((*stored)[UserAgentFields::kName], "A");
  const UserAgentFields* found = cache.Find("a");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ((*found)[UserAgentFields::kName], "A");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(UserAgentCache, EvictsTheLeastRecentlyUsed) {
  UserAgentCache cache(2);
  cache.Insert("a", FieldsNamed("A"));
  cache.Insert("b", FieldsNamed("B"));
  ASSERT_NE(cache.Find("a"), nullptr);  // b is now the oldest
  cache.Insert("c", FieldsNamed("C"));
  EXPECT_EQ(cache.Find("b"), nullptr);
  ASSERT_NE(cache.Find("a"), nullptr);
  ASSERT_NE(cache.Find("c"), nullptr);
  EXPECT_EQ((*cache.Find("c"))[UserAgentFields::kName], "C");
  EXPECT_EQ(cache.size(), 2u);
}

TEST(UserAgentCache, ReusesEvictedEntriesOverManyKeys) {
  UserAgentCache cache(3);
  for (int i = 0; i < 100; ++i) {
    const std::string key = "agent " + std::to_string(i);
    ASSERT_EQ(cache.Find(key), nullptr);
    cache.Insert(key, FieldsNamed(key));
    ASSERT_LE(cache.size(), 3u);
  }
  // The last three remain, with their own values.
  for (int i = 97; i < 100; ++i) {
    const std::string key = "agent " + std::to_string(i);
    ASSERT_NE(cache.Find(key), nullptr) << key;
    EXPECT_EQ((*cache.Find(key))[UserAgentFields::kName], key);
  }
  EXPECT_EQ(cache.Find("agent 96"), nullptr);
}

TEST(UserAgentCache, SingleEntry) {
  UserAgentCache cache(1);
  cache.Insert("a", FieldsNamed("A"));
  cache.Insert("b", FieldsNamed("B"));
  EXPECT_EQ(cache.Find("a"), nullptr);
  ASSERT_NE(cache.Find("b"), nullptr);
}

TEST(UserAgentCache, ClearEmptiesIt) {
  UserAgentCache cache(4);
  cache.Insert("a", FieldsNamed("A"));
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find("a"), nullptr);
  cache.Insert("a", FieldsNamed("A2"));
  EXPECT_EQ((*cache.Find("a"))[UserAgentFields::kName], "A2");
}

}  // namespace
}  // namespace divolte::enrich
