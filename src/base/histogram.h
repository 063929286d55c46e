#pragma once

// Histogram: a distribution of observations in fixed buckets, for metrics such as the delivery
// latency of operations.md §5. Observe is lock-free and may be called from any thread; Read gives
// a consistent-enough snapshot (each bucket is exact, the set may be slightly skewed while
// observations land). Bucket bounds are fixed at construction and sorted.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace divolte::base {

class Histogram {
 public:
  // `upper_bounds` ascending; an implicit +Inf bucket follows.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> counts;  // per bucket, not cumulative; the last is +Inf
    uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Read() const;

  // The bucket bounds of every duration histogram, in seconds (operations.md §5): 100 µs to
  // 5 minutes.
  static std::vector<double> SecondsBounds();

 private:
  const std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> sum_micros_{0};  // the sum in millionths, to stay an integer atomic
};

}  // namespace divolte::base
