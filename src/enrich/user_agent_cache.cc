#include "enrich/user_agent_cache.h"

#include <algorithm>

#include "base/check.h"

namespace divolte::enrich {

UserAgentCache::UserAgentCache(size_t capacity) : capacity_(capacity) {
  CHECK(capacity < kNone);
  index_.reserve(std::min<size_t>(capacity, kInitialBuckets));
}

const UserAgentFields* UserAgentCache::Find(std::string_view user_agent) {
  const auto found = index_.find(user_agent);
  if (found == index_.end()) return nullptr;
  const uint32_t entry = found->second;
  if (entry != newest_) {
    Unlink(entry);
    PushNewest(entry);
  }
  return &entries_[entry].fields;
}

const UserAgentFields* UserAgentCache::Insert(std::string_view user_agent,
                                              const UserAgentFields& fields) {
  CHECK(capacity_ > 0);
  uint32_t entry;
  if (entries_.size() < capacity_) {
    entry = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  } else {
    entry = oldest_;
    index_.erase(entries_[entry].key);
    Unlink(entry);
  }
  Entry& slot = entries_[entry];
  slot.key.assign(user_agent);
  slot.fields = fields;
  index_.emplace(slot.key, entry);
  PushNewest(entry);
  return &slot.fields;
}

void UserAgentCache::Clear() {
  index_.clear();
  entries_.clear();
  newest_ = oldest_ = kNone;
}

void UserAgentCache::Unlink(uint32_t entry) {
  Entry& e = entries_[entry];
  if (e.newer != kNone) {
    entries_[e.newer].older = e.older;
  } else {
    newest_ = e.older;
  }
  if (e.older != kNone) {
    entries_[e.older].newer = e.newer;
  } else {
    oldest_ = e.newer;
  }
  e.newer = e.older = kNone;
}

void UserAgentCache::PushNewest(uint32_t entry) {
  Entry& e = entries_[entry];
  e.older = newest_;
  e.newer = kNone;
  if (newest_ != kNone) entries_[newest_].newer = entry;
  newest_ = entry;
  if (oldest_ == kNone) oldest_ = entry;
}

}  // namespace divolte::enrich
