#pragma once

// ScriptMapping: a user's mapping script (mapping.md) compiled against the mapping's Avro schema.
// Load reads, parses, evaluates and type-checks the script once at start-up (mapping.md §1, §12)
// into a program of resolved actions and producers; each mapper thread runs it through its own
// Mapper, which holds the record under construction and the per-event value cache.

#include <memory>
#include <string>
#include <string_view>

#include "avro/schema.h"
#include "base/status.h"
#include "mapping/mapping.h"

namespace divolte::mapping {

struct ScriptMappingOptions {
  std::string name;                // the mapping's name: log lines and metrics labels
  bool ip2geo_configured = false;  // divolte.global.mapper.ip2geo_database is set (§7.9)
};

class ScriptMapping final : public Mapping {
 public:
  // Loads `script_path` against `schema` (which must outlive the mapping). Warnings (§6
  // `comparison is always false`) are logged at WARN and `println` output at INFO. On failure the
  // error message holds every problem found (up to 20), one per line, each
  // `<script path>:<line>:<column>: error: <message>`.
  static base::Result<std::unique_ptr<ScriptMapping>> Load(const avro::Schema& schema,
                                                           const std::string& script_path,
                                                           const ScriptMappingOptions& options);
  // As Load, for script text already read; `script_path` only names it in messages.
  static base::Result<std::unique_ptr<ScriptMapping>> Compile(const avro::Schema& schema,
                                                              const std::string& script_path,
                                                              std::string_view text,
                                                              const ScriptMappingOptions& options);
  ~ScriptMapping() override;

  std::unique_ptr<Mapper> NewMapper(const enrich::ThreadEnrichment& enrichment) const override;
  bool UsesUserAgent() const override;
  void VisitConversionFailures(
      const std::function<void(std::string_view field, uint64_t count)>& visit) const override;

  struct Program;  // defined in program.h

 private:
  explicit ScriptMapping(std::unique_ptr<const Program> program);
  std::unique_ptr<const Program> program_;
};

}  // namespace divolte::mapping
