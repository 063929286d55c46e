#include "server/process_metrics.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <vector>

namespace divolte::server {
namespace {

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST(ProcessMetrics, DescribeThisProcess) {
  const auto metrics = ReadProcessMetrics();
  ASSERT_TRUE(metrics.has_value());
  EXPECT_GT(metrics->resident_memory_bytes, 1 << 20);
  EXPECT_GE(metrics->virtual_memory_bytes, metrics->resident_memory_bytes);
  EXPECT_GE(metrics->open_fds, 3);  // standard input, output and error
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(metrics->max_fds, static_cast<double>(limit.rlim_cur));
  // Started before this test ran, and not long before (clock tick precision: 10 ms).
  EXPECT_LE(metrics->start_time_seconds, NowSeconds() + 1);
  EXPECT_GT(metrics->start_time_seconds, NowSeconds() - 3600);
}

TEST(ProcessMetrics, CountDescriptorsAndCpuTime) {
  const auto before = ReadProcessMetrics();
  ASSERT_TRUE(before.has_value());
  std::vector<int> opened;
  for (int i = 0; i < 5; ++i) opened.push_back(::open("/dev/null", O_RDONLY));
  // Burn some CPU: the counter has clock-tick resolution.
  const auto start = std::chrono::steady_clock::now();
  volatile double sink = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(50)) sink = sink + 1;
  const auto after = ReadProcessMetrics();
  for (int fd : opened) ::close(fd);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->open_fds, before->open_fds + 5);
  EXPECT_GT(after->cpu_seconds, before->cpu_seconds);
}

}  // namespace
}  // namespace divolte::server
