// The shared rules and each thread's lookup (enrich.md §3.6): caching, and the reload of a
// changed regexes file with `online_updating` / `caching_and_updating`.

#include "enrich/user_agent_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "enrich/test_util.h"

namespace divolte::enrich {
namespace {

using std::chrono::milliseconds;

std::string Rules(const std::string& family) {
  return "user_agent_parsers:\n  - regex: '(Agent)/(\\d+)'\n    family_replacement: '" + family +
         "'\nos_parsers: []\ndevice_parsers: []\n";
}

class UserAgentServiceTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    EXPECT_TRUE(testing::WriteFile(path, text).ok());
    return path;
  }

  std::unique_ptr<UserAgentService> Start(const std::string& path, bool reload) {
    auto service = UserAgentService::Start(
        {.regexes_file = path,
         .reload = reload,
         .watch = {.debounce = milliseconds(100), .poll_interval = milliseconds(200)}});
    EXPECT_TRUE(service.ok()) << (service.ok() ? "" : service.message());
    return service.ok() ? std::move(*service) : nullptr;
  }

  testing::TempDir dir_;
};

TEST_F(UserAgentServiceTest, CachedAndUncachedLookupsAgree) {
  auto service = Start("/usr/share/uap-core/regexes.yaml", false);
  ASSERT_NE(service, nullptr);
  UserAgentLookup cached(*service, 2);
  UserAgentLookup uncached(*service, 0);
  const std::string agents[] = {
      "curl/8.4.0", "Wget/1.21.3",
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& agent : agents) {
      const UserAgentFields expected = uncached.Lookup(agent);
      EXPECT_EQ(cached.Lookup(agent).values, expected.values) << agent;
    }
  }
  EXPECT_EQ(uncached.Lookup("curl/8.4.0")[UserAgentFields::kType], "Library");
  EXPECT_EQ(cached.Lookup(agents[2])[UserAgentFields::kFamily], "Firefox");
}

TEST_F(UserAgentServiceTest, MissingOrBrokenFileFailsStartUp) {
  EXPECT_FALSE(UserAgentService::Start({.regexes_file = dir_.File("none.yaml")}).ok());
  const std::string broken = Write("broken.yaml", "user_agent_parsers: [\n");
  auto service = UserAgentService::Start({.regexes_file = broken});
  ASSERT_FALSE(service.ok());
  EXPECT_NE(service.message().find(broken), std::string::npos) << service.message();
}

TEST_F(UserAgentServiceTest, ReloadsAChangedFileAndClearsTheCaches) {
  const std::string path = Write("regexes.yaml", Rules("First"));
  auto service = Start(path, true);
  ASSERT_NE(service, nullptr);
  UserAgentLookup lookup(*service, 10);
  EXPECT_EQ(lookup.Lookup("Agent/1")[UserAgentFields::kName], "First");

  // Replaced by rename, as deployment tools do.
  const std::string next = Write("regexes.yaml.tmp", Rules("Second"));
  ASSERT_EQ(::rename(next.c_str(), path.c_str()), 0);
  ASSERT_TRUE(testing::WaitUntil([&] { return service->generation() == 1; }));
  EXPECT_EQ(service->reload_successes().Value(), 1u);
  // The cached "First" is gone with the old rules.
  EXPECT_EQ(lookup.Lookup("Agent/1")[UserAgentFields::kName], "Second");
}

TEST_F(UserAgentServiceTest, BrokenReplacementKeepsTheOldRules) {
  const std::string path = Write("regexes.yaml", Rules("First"));
  auto service = Start(path, true);
  ASSERT_NE(service, nullptr);
  UserAgentLookup lookup(*service, 10);
  ASSERT_TRUE(testing::WriteFile(path, "user_agent_parsers: [\n").ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return service->reload_failures().Value() >= 1; }));
  EXPECT_EQ(service->generation(), 0u);
  EXPECT_EQ(lookup.Lookup("Agent/2")[UserAgentFields::kName], "First");
}

TEST_F(UserAgentServiceTest, NonUpdatingNeverReloads) {
  const std::string path = Write("regexes.yaml", Rules("First"));
  auto service = Start(path, false);
  ASSERT_NE(service, nullptr);
  // A reloading service on the same file is the witness that the change was observable.
  auto witness = Start(path, true);
  ASSERT_NE(witness, nullptr);
  ASSERT_TRUE(testing::WriteFile(path, Rules("Second")).ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return witness->generation() == 1; }));
  EXPECT_EQ(service->generation(), 0u);
  UserAgentLookup lookup(*service, 0);
  EXPECT_EQ(lookup.Lookup("Agent/1")[UserAgentFields::kName], "First");
}

}  // namespace
}  // namespace divolte::enrich
