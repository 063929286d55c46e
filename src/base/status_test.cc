#include "base/status.h"

#include <gtest/gtest.h>

namespace divolte::base {
namespace {

TEST(StatusTest, DefaultIsOk) { EXPECT_TRUE(Status().ok()); }

TEST(StatusTest, ErrorCarriesMessage) {
  Status status = Status::Error("disk full");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "disk full");
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = Result<int>::Error("no");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(), "no");
}

}  // namespace
}  // namespace divolte::base
