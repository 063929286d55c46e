#include "base/histogram.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace divolte::base {
namespace {

TEST(Histogram, ObservationsLandInTheirBucket) {
  Histogram histogram({0.01, 0.1, 1});
  for (const double value : {0.005, 0.01, 0.05, 0.5, 0.5, 7.0}) histogram.Observe(value);
  const Histogram::Snapshot snapshot = histogram.Read();
  // A value equal to a bound belongs to that bucket (Prometheus' `le`).
  EXPECT_EQ(snapshot.counts, (std::vector<uint64_t>{2, 1, 2, 1}));
  EXPECT_EQ(snapshot.count, 6u);
  EXPECT_NEAR(snapshot.sum, 8.065, 1e-9);
}

TEST(Histogram, ConcurrentObservationsAreAllCounted) {
  Histogram histogram(Histogram::SecondsBounds());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) histogram.Observe(0.003);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const Histogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 40000u);
  EXPECT_EQ(snapshot.counts[5], 40000u);  // (0.0025, 0.005]
}

}  // namespace
}  // namespace divolte::base
