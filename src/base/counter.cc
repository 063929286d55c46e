#include "base/counter.h"

namespace divolte::base::internal {

size_t ThisThreadShard() {
  static std::atomic<size_t> next_shard{0};
  thread_local const size_t shard =
      next_shard.fetch_add(1, std::memory_order_relaxed) % kCounterShards;
  return shard;
}

}  // namespace divolte::base::internal
