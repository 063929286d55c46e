#include "base/log.h"

#include <gtest/gtest.h>

#include <chrono>

namespace divolte::base {
namespace {

TEST(LogTest, ParsesLevels) {
  EXPECT_EQ(ParseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("TRACE"), LogLevel::kTrace);
  EXPECT_FALSE(ParseLogLevel("verbose").has_value());
}

TEST(LogTest, WritesTheDocumentedLineFormat) {
  testing::internal::CaptureStdout();
  SetThreadName("main");
  Logger("Server").Info("Starting server on {}:{}", "127.0.0.1", 8290);
  const std::string line = testing::internal::GetCapturedStdout();
  // yyyy-MM-dd HH:mm:ss.SSS<zone> [main] INFO  [Server]: message
  EXPECT_TRUE(testing::internal::RE::PartialMatch(
      line,
      testing::internal::RE("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}"
                            "(Z|[+-][0-9]{2}) \\[main\\] INFO  \\[Server\\]: Starting server "
                            "on 127\\.0\\.0\\.1:8290\n$")))
      << line;
}

TEST(RateLimiterTest, AllowsOnePerIntervalAndCountsTheRest) {
  RateLimiter limiter(std::chrono::hours(1));
  uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.Allow(&suppressed));
  EXPECT_EQ(suppressed, 0u);
  EXPECT_FALSE(limiter.Allow(&suppressed));
  EXPECT_FALSE(limiter.Allow(&suppressed));
  EXPECT_EQ(WithSuppressed("x", 2), "x (2 similar messages suppressed)");
}

TEST(RateLimiterTest, AllowsAgainAfterTheInterval) {
  RateLimiter limiter(std::chrono::milliseconds(0));
  uint64_t suppressed = 0;
  EXPECT_TRUE(limiter.Allow(&suppressed));
  EXPECT_TRUE(limiter.Allow(&suppressed));
}

}  // namespace
}  // namespace divolte::base
