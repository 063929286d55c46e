#pragma once

// UserAgentService: the compiled uap-core rules shared by all mapper threads (enrich.md §3), and
// with `type = online_updating` or `caching_and_updating` their reload when the regexes file
// changes (§3.6). UserAgentLookup: one mapper thread's parser scratch and LRU cache in front of it.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/counter.h"
#include "base/status.h"
#include "enrich/file_watcher.h"
#include "enrich/user_agent_cache.h"
#include "enrich/user_agent_fields.h"
#include "enrich/user_agent_parser.h"

namespace divolte::enrich {

// Thread-safe. Lookups never wait for a reload: a reload compiles the new rules first and then
// swaps them in; threads pick them up at their next lookup.
class UserAgentService {
 public:
  struct Options {
    std::string regexes_file;  // resolved with FindRegexesFile
    bool reload = false;       // watch the file and reload it when it changes
    FileWatcher::Options watch;
  };

  // Loads and compiles the rules (start-up errors name the file) and logs the INFO line of §3.1.
  static base::Result<std::unique_ptr<UserAgentService>> Start(const Options& options);
  ~UserAgentService();

  std::shared_ptr<const UserAgentParser> Current() const;
  // Increments on every successful reload.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  const base::Counter& reload_successes() const { return reload_successes_; }
  const base::Counter& reload_failures() const { return reload_failures_; }
  // Lookups of the threads' LRU caches (a thread without a cache counts none).
  const base::Counter& cache_hits() const { return cache_hits_; }
  const base::Counter& cache_misses() const { return cache_misses_; }

 private:
  friend class UserAgentLookup;  // counts cache hits and misses
  UserAgentService() = default;
  void Reload(const std::string& path);

  mutable std::mutex mutex_;
  std::shared_ptr<const UserAgentParser> parser_;  // guarded by mutex_; never null after Start
  std::atomic<uint64_t> generation_{0};
  base::Counter reload_successes_;
  base::Counter reload_failures_;
  mutable base::Counter cache_hits_;
  mutable base::Counter cache_misses_;
  std::unique_ptr<FileWatcher> watcher_;  // last: stopped first
};

// One mapper thread's user-agent parsing: the nine values of a user-agent string, from the
// thread's LRU cache of `cache_size` entries (0: no cache) or parsed. After a reload of the rules
// the cache is cleared. Not thread-safe.
class UserAgentLookup {
 public:
  UserAgentLookup(const UserAgentService& service, size_t cache_size);

  // The returned reference stays valid until a Lookup of a different string.
  const UserAgentFields& Lookup(std::string_view user_agent);

 private:
  void Refresh();

  const UserAgentService& service_;
  uint64_t generation_;
  std::shared_ptr<const UserAgentParser> parser_;
  std::unique_ptr<UserAgentParser::Scratch> scratch_;
  UserAgentCache cache_;
  UapResult result_;
  UserAgentFields uncached_;
  // The previous lookup: a thread maps each event with every mapping in turn, and they all ask
  // about the same string.
  std::string last_key_;
  const UserAgentFields* last_ = nullptr;
};

}  // namespace divolte::enrich
