#include "enrich/geo_service.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "enrich/test_util.h"

namespace divolte::enrich {
namespace {

using testing::TempDir;
using testing::WaitUntil;

constexpr int kCountryCode = 5;
// Short enough for tests; the defaults are 2 s and 60 s.
constexpr FileWatcher::Options kFastWatch{std::chrono::milliseconds(100),
                                          std::chrono::milliseconds(200)};

std::string CountryJson(const char* country) {
  return std::string(R"({"database_type": "GeoIP2-City", "records": [{"network": "81.2.69.0/24",
      "data": {"country": {"iso_code": ")") +
         country + R"("}}}]})";
}

// The country of 81.2.69.1 in `database`, "" when absent.
std::string CountryOf(const GeoDatabase& database) {
  const std::optional<GeoEntry> entry = database.Lookup("81.2.69.1");
  if (!entry) return "";
  GeoField field;
  database.ReadField(*entry, kCountryCode, &field);
  return std::string(field.text);
}

class GeoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* country : {"GB", "DE", "FR"}) {
      base::Status made = testing::MakeTestDatabase(CountryJson(country), Built(country));
      ASSERT_TRUE(made.ok()) << made.message();
    }
  }

  std::string Built(const char* country) const { return dir_.File(std::string(country) + ".db"); }

  // Copies a built database to `to` through a temporary name and rename (the usual `mv`).
  void MoveInto(const char* country, const std::string& to) {
    std::string content;
    ASSERT_TRUE(testing::ReadFile(Built(country), &content).ok());
    ASSERT_TRUE(testing::WriteFile(to + ".tmp", content).ok());
    ASSERT_EQ(::rename((to + ".tmp").c_str(), to.c_str()), 0);
  }

  std::unique_ptr<GeoService> StartOn(const std::string& path) {
    auto service = GeoService::Start(path, kFastWatch);
    EXPECT_TRUE(service.ok()) << service.message();
    return service.ok() ? std::move(service).value() : nullptr;
  }

  TempDir dir_;
  const std::string path_ = dir_.File("geo.mmdb");
};

TEST_F(GeoServiceTest, StartFailsWithTheStartupMessage) {
  auto service = GeoService::Start(path_, kFastWatch);
  ASSERT_FALSE(service.ok());
  EXPECT_EQ(service.message(),
            "Failed to configure GeoIP database: " + path_ + ": No such file or directory");
}

TEST_F(GeoServiceTest, ReloadsOnInPlaceModification) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  const std::shared_ptr<const GeoDatabase> old = service->Current();
  EXPECT_EQ(CountryOf(*old), "GB");
  struct stat before;
  ASSERT_EQ(::stat(path_.c_str(), &before), 0);

  std::string content;
  ASSERT_TRUE(testing::ReadFile(Built("DE"), &content).ok());
  ASSERT_TRUE(testing::WriteFile(path_, content).ok());  // O_TRUNC, same inode
  struct stat after;
  ASSERT_EQ(::stat(path_.c_str(), &after), 0);
  ASSERT_EQ(before.st_ino, after.st_ino);

  ASSERT_TRUE(WaitUntil([&] { return service->generation() >= 1; }));
  EXPECT_EQ(CountryOf(*service->Current()), "DE");
  EXPECT_EQ(CountryOf(*old), "GB");  // a snapshot stays usable after the swap
  EXPECT_EQ(service->reload_successes().Value(), 1u);
  EXPECT_EQ(service->reload_failures().Value(), 0u);
}

TEST_F(GeoServiceTest, ReloadsOnRenameOntoThePath) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  GeoLookup lookup(*service);
  EXPECT_EQ(CountryOf(lookup.Database()), "GB");
  MoveInto("DE", path_);
  ASSERT_TRUE(WaitUntil([&] { return CountryOf(lookup.Database()) == "DE"; }));
  EXPECT_EQ(service->generation(), 1u);
  MoveInto("FR", path_);
  ASSERT_TRUE(WaitUntil([&] { return CountryOf(lookup.Database()) == "FR"; }));
  EXPECT_EQ(service->generation(), 2u);
  EXPECT_EQ(service->reload_successes().Value(), 2u);
}

TEST_F(GeoServiceTest, BrokenReplacementKeepsTheOldDatabase) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  ASSERT_TRUE(testing::WriteFile(path_ + ".tmp", std::string(1000, 'x')).ok());
  ASSERT_EQ(::rename((path_ + ".tmp").c_str(), path_.c_str()), 0);
  ASSERT_TRUE(WaitUntil([&] { return service->reload_failures().Value() >= 1; }));
  EXPECT_EQ(service->generation(), 0u);
  EXPECT_EQ(CountryOf(*service->Current()), "GB");
  // A good file afterwards is picked up.
  MoveInto("DE", path_);
  ASSERT_TRUE(WaitUntil([&] { return service->generation() >= 1; }));
  EXPECT_EQ(CountryOf(*service->Current()), "DE");
}

TEST_F(GeoServiceTest, UnsupportedReplacementIsAFailure) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  ASSERT_TRUE(testing::MakeTestDatabase(R"({"database_type": "GeoLite2-ASN", "records": []})",
                                        dir_.File("asn.db"))
                  .ok());
  ASSERT_EQ(::rename(dir_.File("asn.db").c_str(), path_.c_str()), 0);
  ASSERT_TRUE(WaitUntil([&] { return service->reload_failures().Value() >= 1; }));
  EXPECT_EQ(CountryOf(*service->Current()), "GB");
  EXPECT_EQ(service->generation(), 0u);
}

TEST_F(GeoServiceTest, DeletedFileKeepsTheOldUntilANewOneAppears) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  ASSERT_EQ(::unlink(path_.c_str()), 0);
  // Give the poll time to notice the deletion; nothing may change because of it.
  std::this_thread::sleep_for(kFastWatch.poll_interval * 2 + kFastWatch.debounce * 2);
  EXPECT_EQ(service->generation(), 0u);
  EXPECT_EQ(service->reload_failures().Value(), 0u);
  EXPECT_EQ(CountryOf(*service->Current()), "GB");
  MoveInto("DE", path_);
  ASSERT_TRUE(WaitUntil([&] { return service->generation() >= 1; }));
  EXPECT_EQ(CountryOf(*service->Current()), "DE");
  EXPECT_EQ(service->reload_failures().Value(), 0u);
}

// The Kubernetes layout: geo.mmdb -> ..data/geo.mmdb, ..data -> ..v1, swapped to ..v2 by renaming
// a new ..data link. No event names geo.mmdb: only the stat() poll sees the change.
TEST_F(GeoServiceTest, SymlinkTargetChangeIsCaughtByThePoll) {
  const std::string config = dir_.File("config");
  for (const char* sub : {"", "/..v1", "/..v2"})
    ASSERT_EQ(::mkdir((config + sub).c_str(), 0755), 0);
  MoveInto("GB", config + "/..v1/geo.mmdb");
  MoveInto("DE", config + "/..v2/geo.mmdb");
  ASSERT_EQ(::symlink("..v1", (config + "/..data").c_str()), 0);
  ASSERT_EQ(::symlink("..data/geo.mmdb", (config + "/geo.mmdb").c_str()), 0);
  auto service = StartOn(config + "/geo.mmdb");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(CountryOf(*service->Current()), "GB");
  ASSERT_EQ(::symlink("..v2", (config + "/..data_tmp").c_str()), 0);
  ASSERT_EQ(::rename((config + "/..data_tmp").c_str(), (config + "/..data").c_str()), 0);
  ASSERT_TRUE(WaitUntil([&] { return service->generation() >= 1; }));
  EXPECT_EQ(CountryOf(*service->Current()), "DE");
}

TEST_F(GeoServiceTest, LookupsContinueDuringReloads) {
  MoveInto("GB", path_);
  auto service = StartOn(path_);
  ASSERT_NE(service, nullptr);
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::set<std::string> seen[2];  // per reader: the countries its snapshots showed
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&, i] {
      GeoLookup lookup(*service);
      while (!stop.load()) {
        const std::string country = CountryOf(lookup.Database());
        if (country != "GB" && country != "DE" && country != "FR") bad.fetch_add(1);
        seen[i].insert(country);
      }
    });
  }
  const char* countries[] = {"DE", "FR", "GB"};
  for (uint64_t i = 0; i < 3; ++i) {
    MoveInto(countries[i], path_);
    EXPECT_TRUE(WaitUntil([&] { return CountryOf(*service->Current()) == countries[i]; })) << i;
  }
  stop.store(true);
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(CountryOf(*service->Current()), "GB");
  // Each reader's snapshot followed the reloads (the refresh path ran, not only the first one).
  for (const std::set<std::string>& countries_seen : seen) {
    EXPECT_GE(countries_seen.size(), 2u);
  }
}

}  // namespace
}  // namespace divolte::enrich
