#pragma once

// Counter and Gauge: metrics values updated from any thread without contention and read by the
// metrics endpoint. A Counter spreads its increments over per-thread cache lines so that hot-path
// updates from several threads never share a line; reading sums the lines (slightly stale, never
// torn). Thread-safe. Counters are struct fields resolved at start-up, never looked up by name.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace divolte::base {

namespace internal {
inline constexpr size_t kCounterShards = 16;
// The shard of the calling thread: threads get consecutive shards in order of first use.
size_t ThisThreadShard();
}  // namespace internal

class Counter {
 public:
  void Increment(uint64_t n = 1) {
    shards_[internal::ThisThreadShard()].value.fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t Value() const {
    uint64_t sum = 0;
    for (const Shard& shard : shards_) sum += shard.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  struct alignas(64) Shard {
    std::atomic<uint64_t> value{0};
  };
  std::array<Shard, internal::kCounterShards> shards_;
};

// A value that goes up and down (queue depths, flags). Written rarely or by one thread.
class Gauge {
 public:
  void Set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  void Add(int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

}  // namespace divolte::base
