#pragma once

// DefaultMapping: the built-in mapping of schema.md §2, producing DefaultEventRecord datums
// directly (no intermediate record). The nine parsed user-agent fields are null until the
// enrichment module provides userAgent(). Never fails. Thread-safe (stateless).

#include "mapping/mapping.h"

namespace divolte::mapping {

class DefaultMapping final : public Mapping {
 public:
  // The mapping itself; also what each of its Mappers calls.
  static MapOutcome Encode(const event::EventValues& values, std::string* datum);

  std::unique_ptr<Mapper> NewMapper() const override;
};

}  // namespace divolte::mapping
