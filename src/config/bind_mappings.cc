// Binding of divolte.mappings (config.md §6.5), including correction C2.

#include <limits>

#include "config/binding.h"

namespace divolte::config {

void BindMappings(const Value& mappings, Diagnostics* diagnostics, BindResult* out) {
  for (const auto& [name, value] : mappings.fields()) {
    std::string path = "divolte.mappings." + name;
    if (value->type() != ValueType::kObject) {
      diagnostics->errors.push_back(PropertyError(path, "must be an object", *value));
      continue;
    }
    ObjectReader mapping(value.get(), path, diagnostics);
    MappingConfig config{.name = name};
    if (mapping.Require("sources")) mapping.Read("sources", &config.sources);
    if (mapping.Require("sinks")) mapping.Read("sinks", &config.sinks);
    mapping.Read("schema_file", &config.schema_file);
    mapping.Read("mapping_script_file", &config.mapping_script_file);
    mapping.ReadInt("confluent_id", std::numeric_limits<int32_t>::min(),
                    std::numeric_limits<int32_t>::max(), &config.confluent_id);
    mapping.Read("discard_corrupted", &config.discard_corrupted);
    mapping.Read("discard_duplicates", &config.discard_duplicates);
    mapping.Finish();
    // Correction C2: the built-in mapping always produces built-in-schema records.
    if (config.schema_file && !config.mapping_script_file) {
      diagnostics->warnings.push_back("Property '" + path +
                                      ".schema_file' is ignored because mapping_script_file is "
                                      "not set; the built-in schema is used.");
      config.schema_file.reset();
    }
    out->config.mappings.push_back(std::move(config));
  }
}

}  // namespace divolte::config
