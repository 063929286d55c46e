#include "base/clock.h"

#include <gtest/gtest.h>

namespace divolte::base {
namespace {

TEST(ClockTest, FormatsImfFixdate) {
  // The example of protocol.md §1.2.
  EXPECT_EQ(FormatImfFixdate(1472038179), "Wed, 24 Aug 2016 11:29:39 GMT");
  EXPECT_EQ(FormatImfFixdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(ClockTest, CachedDateMatchesNow) {
  const int64_t before = WallMillis() / 1000;
  const std::string cached(CachedImfFixdateNow());
  const int64_t after = WallMillis() / 1000;
  EXPECT_TRUE(cached == FormatImfFixdate(before) || cached == FormatImfFixdate(after)) << cached;
}

}  // namespace
}  // namespace divolte::base
