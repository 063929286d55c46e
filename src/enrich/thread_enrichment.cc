#include "enrich/thread_enrichment.h"

#include "enrich/geo_service.h"
#include "enrich/user_agent_service.h"

namespace divolte::enrich {

ThreadEnrichmentState::ThreadEnrichmentState(const EnrichmentServices& services) {
  if (services.user_agent != nullptr) {
    user_agent_ =
        std::make_unique<UserAgentLookup>(*services.user_agent, services.user_agent_cache_size);
    view_.user_agent = user_agent_.get();
  }
  if (services.geo != nullptr) {
    geo_ = std::make_unique<GeoLookup>(*services.geo);
    view_.geo = geo_.get();
  }
}

ThreadEnrichmentState::~ThreadEnrichmentState() = default;

}  // namespace divolte::enrich
