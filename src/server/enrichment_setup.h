#pragma once

// Builds the enrichment services the configured mappings need (enrich.md §3-§4), for the
// collector and the mapping test tool alike.

#include <memory>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "enrich/geo_service.h"
#include "enrich/thread_enrichment.h"
#include "enrich/user_agent_service.h"

namespace divolte::server {

// The shared services; each mapper thread builds its lookups from services().
struct Enrichment {
  std::unique_ptr<enrich::UserAgentService> user_agent;  // null when no mapping parses agents
  std::unique_ptr<enrich::GeoService> geo;               // null without ip2geo_database
  int32_t user_agent_cache_size = 0;

  enrich::EnrichmentServices services() const;
};

// Loads the uap-core rules when `needs_user_agent` (enrich.md §3.1) and opens ip2geo_database
// when set (§4.1). The error is the start-up message.
base::Result<Enrichment> StartEnrichment(const config::MapperConfig& mapper, bool needs_user_agent);

// The installation directory: the parent of the directory holding the running executable
// (`<installation>/bin/divolte-collector`), where packages put share/uap-core/regexes.yaml.
std::string InstallationDirectory();

}  // namespace divolte::server
