#pragma once

// UserAgentCache: a least-recently-used map from the exact user-agent string to its nine values
// (enrich.md §3.6), one per mapper thread. Capacity is fixed at construction; memory is allocated
// as entries first fill, then reused by eviction. Not thread-safe.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "enrich/user_agent_fields.h"

namespace divolte::enrich {

class UserAgentCache {
 public:
  explicit UserAgentCache(size_t capacity);
  UserAgentCache(const UserAgentCache&) = delete;
  UserAgentCache& operator=(const UserAgentCache&) = delete;

  // The cached values of `user_agent`, now the most recently used; nullptr on a miss. The
  // pointer stays valid until the next Insert or Clear.
  const UserAgentFields* Find(std::string_view user_agent);
  // Stores `fields` for `user_agent` (not present), evicting the least recently used entry when
  // full, and returns the stored copy. REQUIRES: capacity() > 0.
  const UserAgentFields* Insert(std::string_view user_agent, const UserAgentFields& fields);
  void Clear();

  size_t size() const { return index_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kInitialBuckets = 4096;
  struct Entry {
    std::string key;
    UserAgentFields fields;
    uint32_t newer = kNone;
    uint32_t older = kNone;
  };

  void Unlink(uint32_t entry);
  void PushNewest(uint32_t entry);

  size_t capacity_;
  // A deque never moves its elements, so the index can view the entries' own key strings.
  std::deque<Entry> entries_;
  std::unordered_map<std::string_view, uint32_t> index_;
  uint32_t newest_ = kNone;
  uint32_t oldest_ = kNone;
};

}  // namespace divolte::enrich
