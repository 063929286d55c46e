// Implicit defaults (config.md §5): applied after binding, before validation. A section that is
// present, even empty, has no implicit default.

#include "config/binding.h"

namespace divolte::config {

void ApplyImplicitDefaults(BindResult* result) {
  Config& config = result->config;
  if (result->implicit_sources) {
    config.sources = {SourceConfig{.name = "browser", .type = SourceType::kBrowser}};
  }
  if (result->implicit_sinks) {
    config.sinks = {SinkConfig{.name = "hdfs", .type = SinkType::kHdfs, .replication = 1},
                    SinkConfig{.name = "kafka", .type = SinkType::kKafka},
                    SinkConfig{.name = "gcps", .type = SinkType::kGcps}};
  }
  if (result->implicit_mappings) {
    MappingConfig mapping{.name = "default"};
    for (const SourceConfig& source : config.sources) mapping.sources.push_back(source.name);
    for (const SinkConfig& sink : config.sinks) mapping.sinks.push_back(sink.name);
    config.mappings = {std::move(mapping)};
  }
}

}  // namespace divolte::config
