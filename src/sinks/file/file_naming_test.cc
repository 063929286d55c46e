#include "sinks/file/file_naming.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <thread>
#include <vector>

namespace divolte::sinks {
namespace {

// Sets TZ for the duration of a test, restoring the previous value afterwards.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* zone) {
    const char* previous = std::getenv("TZ");
    if (previous != nullptr) previous_ = previous;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (previous_) {
      setenv("TZ", previous_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> previous_;
};

constexpr std::time_t k20201022T123005Z = 1603369805;

TEST(FileNamingTest, FormatsTheSpecificationExample) {
  ScopedTimeZone zone("CET-1CEST,M3.5.0,M10.5.0/3");  // +02 in October 2020
  EXPECT_EQ(FormatFileName(k20201022T123005Z, "collector-1", 7),
            "20201022143005-divolte-tracking-collector-1-7.avro");
}

TEST(FileNamingTest, UsesTheLocalTimeZone) {
  ScopedTimeZone zone("UTC0");
  EXPECT_EQ(FormatFileName(k20201022T123005Z, "h", 1), "20201022123005-divolte-tracking-h-1.avro");
}

TEST(FileNamingTest, CounterIsProcessWideAndNeverRepeats) {
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> seen(4);
  for (auto& numbers : seen) {
    threads.emplace_back([&numbers] {
      for (int i = 0; i < 1000; ++i) numbers.push_back(NextFileNumber());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<uint64_t> all;
  for (const auto& numbers : seen) all.insert(numbers.begin(), numbers.end());
  EXPECT_EQ(all.size(), 4000u);
  EXPECT_GE(*all.begin(), 1u);
}

TEST(FileNamingTest, NextFileNameUsesHostAndAFreshNumber) {
  EXPECT_FALSE(LocalHostName().empty());
  const std::string first = NextFileName();
  const std::string second = NextFileName();
  EXPECT_NE(first, second);
  const std::regex pattern("[0-9]{14}-divolte-tracking-(.+)-([0-9]+)\\.avro");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(first, match, pattern)) << first;
  EXPECT_EQ(match[1], LocalHostName());
}

}  // namespace
}  // namespace divolte::sinks
