#pragma once

// ThreadEnrichment: what one mapper thread's mappings read enrichment from (enrich.md §3-§4): its
// user-agent lookup and its geolocation snapshot. A member is null when the collector has no such
// service (no mapping needs it, or no database is configured). EnrichmentServices are the shared
// services; ThreadEnrichmentState owns one thread's lookups built from them.

#include <cstddef>
#include <memory>

namespace divolte::enrich {

class UserAgentService;
class UserAgentLookup;
class GeoService;
class GeoLookup;

struct ThreadEnrichment {
  UserAgentLookup* user_agent = nullptr;
  GeoLookup* geo = nullptr;
};

// Shared by all mapper threads; the services must outlive every state built from them.
struct EnrichmentServices {
  const UserAgentService* user_agent = nullptr;
  size_t user_agent_cache_size = 0;  // entries per thread
  const GeoService* geo = nullptr;
};

// One thread's lookups. Not thread-safe: used by the thread that owns it.
class ThreadEnrichmentState {
 public:
  explicit ThreadEnrichmentState(const EnrichmentServices& services);
  ~ThreadEnrichmentState();
  ThreadEnrichmentState(const ThreadEnrichmentState&) = delete;
  ThreadEnrichmentState& operator=(const ThreadEnrichmentState&) = delete;

  const ThreadEnrichment& view() const { return view_; }

 private:
  std::unique_ptr<UserAgentLookup> user_agent_;
  std::unique_ptr<GeoLookup> geo_;
  ThreadEnrichment view_;
};

}  // namespace divolte::enrich
