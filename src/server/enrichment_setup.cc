#include "server/enrichment_setup.h"

#include <filesystem>
#include <system_error>

namespace divolte::server {

enrich::EnrichmentServices Enrichment::services() const {
  return {.user_agent = user_agent.get(),
          .user_agent_cache_size = static_cast<size_t>(user_agent_cache_size),
          .geo = geo.get()};
}

std::string InstallationDirectory() {
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return executable.parent_path().parent_path().string();
}

base::Result<Enrichment> StartEnrichment(const config::MapperConfig& mapper,
                                         bool needs_user_agent) {
  Enrichment enrichment;
  enrichment.user_agent_cache_size = mapper.user_agent_cache_size;
  if (needs_user_agent) {
    auto file = enrich::FindRegexesFile(mapper.user_agent_regexes_file, InstallationDirectory());
    if (!file.ok()) return file.status();
    auto service = enrich::UserAgentService::Start(
        {.regexes_file = *file,
         .reload = mapper.user_agent_parser_type != config::UserAgentParserType::kNonUpdating});
    if (!service.ok()) return service.status();
    enrichment.user_agent = std::move(*service);
  }
  if (mapper.ip2geo_database.has_value()) {
    auto service = enrich::GeoService::Start(*mapper.ip2geo_database);
    if (!service.ok()) return service.status();
    enrichment.geo = std::move(*service);
  }
  return enrichment;
}

}  // namespace divolte::server
