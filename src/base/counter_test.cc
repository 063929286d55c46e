#include "base/counter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace divolte::base {
namespace {

TEST(CounterTest, SumsIncrementsFromManyThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < 1000; ++i) counter.Increment();
    });
  }
  for (auto& thread : threads) thread.join();
  counter.Increment(5);
  EXPECT_EQ(counter.Value(), 20005u);
}

TEST(GaugeTest, SetsAndAdds) {
  Gauge gauge;
  gauge.Set(10);
  gauge.Add(-3);
  EXPECT_EQ(gauge.Value(), 7);
}

}  // namespace
}  // namespace divolte::base
