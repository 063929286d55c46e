#pragma once

// DefaultMapping: the built-in mapping of schema.md §2, producing DefaultEventRecord datums
// directly (no intermediate record). Never fails. Thread-safe (stateless).

#include "enrich/user_agent_fields.h"
#include "mapping/mapping.h"

namespace divolte::mapping {

class DefaultMapping final : public Mapping {
 public:
  // The mapping itself; also what each of its Mappers calls. `user_agent` holds the parsed
  // user agent of the event (nullptr: the nine userAgent* fields are null).
  static MapOutcome Encode(const event::EventValues& values,
                           const enrich::UserAgentFields* user_agent, std::string* datum);

  std::unique_ptr<Mapper> NewMapper(const enrich::ThreadEnrichment& enrichment) const override;
  bool UsesUserAgent() const override { return true; }
};

}  // namespace divolte::mapping
