#include "config/validation.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

namespace divolte::config {
namespace {

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

void AddUnique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> SourceNames(const BindResult& bound) {
  std::vector<std::string> names = bound.unbound_sources;
  for (const SourceConfig& source : bound.config.sources) names.push_back(source.name);
  return names;
}

std::vector<std::string> SinkNames(const BindResult& bound) {
  std::vector<std::string> names = bound.unbound_sinks;
  for (const SinkConfig& sink : bound.config.sinks) names.push_back(sink.name);
  return names;
}

const char* SinkTypeName(SinkType type) {
  switch (type) {
    case SinkType::kHdfs:
      return "hdfs";
    case SinkType::kGcs:
      return "gcs";
    case SinkType::kKafka:
      return "kafka";
    case SinkType::kGcps:
      return "gcps";
  }
  return "?";
}

const SinkTypeConfig& SinkTypeSettings(const GlobalConfig& global, SinkType type) {
  switch (type) {
    case SinkType::kHdfs:
      return global.hdfs;
    case SinkType::kGcs:
      return global.gcs;
    case SinkType::kKafka:
      return global.kafka;
    case SinkType::kGcps:
      return global.gcps;
  }
  return global.hdfs;
}

// Rules 1 and 2.
void CheckNames(const BindResult& bound, Diagnostics* diagnostics) {
  std::vector<std::string> sources = SourceNames(bound);
  std::vector<std::string> sinks = SinkNames(bound);
  std::vector<std::string> undefined;
  for (const MappingConfig& mapping : bound.config.mappings) {
    for (const std::string& name : mapping.sources) {
      if (!Contains(sources, name)) AddUnique(undefined, name);
    }
    for (const std::string& name : mapping.sinks) {
      if (!Contains(sinks, name)) AddUnique(undefined, name);
    }
  }
  if (!undefined.empty()) {
    diagnostics->errors.push_back(
        "Property 'divolte.mappings' references undefined sources or "
        "sinks: " +
        NameList(undefined) + ".");
  }
  std::vector<std::string> shared;
  for (const std::string& name : sources) {
    if (Contains(sinks, name)) AddUnique(shared, name);
  }
  if (!shared.empty()) {
    diagnostics->errors.push_back(
        "Property 'divolte' has sources and sinks with the same name: " + NameList(shared) + ".");
  }
}

// Rules 3 and 4: what the mappings feeding one sink must agree on.
void CheckSinkConsistency(const Config& config, Diagnostics* diagnostics) {
  std::vector<std::string> mixed_schemas, mixed_ids, missing_ids;
  for (const SinkConfig& sink : config.sinks) {
    std::set<std::string> schemas;  // "" is the built-in schema
    std::set<std::optional<int32_t>> ids;
    for (const MappingConfig& mapping : config.mappings) {
      if (!Contains(mapping.sinks, sink.name)) continue;
      bool scripted = mapping.mapping_script_file && mapping.schema_file;
      schemas.insert(scripted ? *mapping.schema_file : "");
      ids.insert(mapping.confluent_id);
      if (sink.type == SinkType::kKafka && sink.kafka_mode == KafkaMode::kConfluent &&
          !mapping.confluent_id) {
        AddUnique(missing_ids, mapping.name);
      }
    }
    if (schemas.size() > 1) mixed_schemas.push_back(sink.name);
    if (ids.size() > 1) mixed_ids.push_back(sink.name);
  }
  if (!mixed_schemas.empty()) {
    diagnostics->errors.push_back(
        "Property 'divolte.sinks' has sinks fed by mappings with "
        "different schemas: " +
        NameList(mixed_schemas) + ".");
  }
  if (!missing_ids.empty()) {
    diagnostics->errors.push_back(
        "Property 'divolte.mappings' has mappings writing to "
        "confluent-mode sinks without a confluent_id: " +
        NameList(missing_ids) + ".");
  }
  if (!mixed_ids.empty()) {
    diagnostics->errors.push_back(
        "Property 'divolte.sinks' has sinks fed by mappings with "
        "different confluent_id values: " +
        NameList(mixed_ids) + ".");
  }
}

// Rules 5, 6 and the scheme part of 11.
void CheckSinkSettings(const Config& config, const GetEnv& getenv, Diagnostics* diagnostics) {
  constexpr std::string_view kSchemes[] = {"file", "hdfs", "webhdfs", "swebhdfs"};
  for (const SinkConfig& sink : config.sinks) {
    if (sink.type == SinkType::kGcs && sink.gcs_retry.jitter_delay &&
        sink.gcs_retry.jitter_factor) {
      diagnostics->errors.push_back("Property 'divolte.sinks." + sink.name +
                                    ".retry_settings' sets both jitter_delay and jitter_factor.");
    }
    if (sink.type != SinkType::kHdfs) continue;
    for (const std::string* dir :
         {&sink.file_strategy.working_dir, &sink.file_strategy.publish_dir}) {
      std::optional<std::string> scheme = UriScheme(*dir);
      if (!scheme) continue;
      std::string lower = *scheme;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::find(std::begin(kSchemes), std::end(kSchemes), lower) == std::end(kSchemes)) {
        diagnostics->errors.push_back("Unsupported filesystem scheme '" + *scheme + "' for " +
                                      *dir + "; supported: file, hdfs, webhdfs, swebhdfs");
      }
    }
  }
  auto has_env = [&](const char* name) {
    std::optional<std::string> value = getenv(name);
    return value && !value->empty();
  };
  if (config.global.gcps.enabled && !config.global.gcps_project_id &&
      !has_env("GOOGLE_CLOUD_PROJECT") && !has_env("GCLOUD_PROJECT")) {
    diagnostics->errors.push_back(
        "Property 'divolte.global.gcps.project_id' is required: "
        "Pub/Sub is enabled and no Google Cloud project id was found.");
  }
}

using NameGroups = std::vector<std::vector<std::string>>;

// Rule 8, first part. Returns the groups of browser sources that share a prefix.
NameGroups CheckPrefixes(const Config& config, Diagnostics* diagnostics) {
  std::map<std::string, std::vector<std::string>> by_prefix;
  for (const SourceConfig& source : config.sources) {
    if (source.type == SourceType::kBrowser) {
      by_prefix[source.browser.prefix].push_back(source.name);
    }
  }
  NameGroups same_prefix;
  for (const SourceConfig& source : config.sources) {  // report in configuration order
    if (source.type != SourceType::kBrowser) continue;
    const std::vector<std::string>& names = by_prefix[source.browser.prefix];
    if (names.size() > 1 && names.front() == source.name) {
      diagnostics->errors.push_back("Property 'divolte.sources' has browser sources with the " +
                                    std::string("same prefix: ") + NameList(names) + ".");
      same_prefix.push_back(names);
    }
  }
  return same_prefix;
}

// Every exact route (protocol.md §1.3) with its owner, in registration order.
std::vector<std::pair<std::string, std::string>> Routes(const Config& config) {
  std::vector<std::pair<std::string, std::string>> routes = {{"/ping", "/ping"}};
  if (config.global.server.metrics_enabled) routes.emplace_back("/metrics", "/metrics");
  for (const SourceConfig& source : config.sources) {
    if (source.type == SourceType::kBrowser) {
      routes.emplace_back(source.browser.prefix + source.browser.javascript.name, source.name);
      routes.emplace_back(source.browser.prefix + source.browser.event_suffix, source.name);
    } else {
      routes.emplace_back(source.json.event_path, source.name);
    }
  }
  return routes;
}

// Rule 8, second part. A clash between sources already reported for sharing a prefix is not
// reported again.
void CheckRoutes(const Config& config, const NameGroups& same_prefix, Diagnostics* diagnostics) {
  std::vector<std::string> paths;
  std::map<std::string, std::vector<std::string>> owners;
  for (const auto& [path, owner] : Routes(config)) {
    if (owners[path].empty()) paths.push_back(path);
    owners[path].push_back(owner);
  }
  for (const std::string& path : paths) {
    const std::vector<std::string>& names = owners[path];
    if (names.size() < 2) continue;
    std::vector<std::string> distinct;
    for (const std::string& name : names) AddUnique(distinct, name);
    bool repeated = distinct.size() > 1 &&
                    std::any_of(same_prefix.begin(), same_prefix.end(), [&](const auto& group) {
                      return std::all_of(distinct.begin(), distinct.end(),
                                         [&](const auto& n) { return Contains(group, n); });
                    });
    if (repeated) continue;
    diagnostics->errors.push_back("Property 'divolte.sources' has routes with the same path '" +
                                  path + "': " + NameList(names) + ".");
  }
}

// Rule 9.
void CheckCookies(const Config& config, Diagnostics* diagnostics) {
  for (const SourceConfig& source : config.sources) {
    const BrowserSourceConfig& browser = source.browser;
    if (source.type == SourceType::kBrowser && browser.cookie_same_site == SameSite::kNone &&
        !browser.cookie_secure) {
      diagnostics->errors.push_back("Property 'divolte.sources." + source.name +
                                    ".cookie_same_site' is None, which requires cookie_secure "
                                    "= true.");
    }
  }
}

void Warn(const BindResult& bound, Diagnostics* diagnostics) {
  const Config& config = bound.config;
  for (const SinkConfig& sink : config.sinks) {
    bool used = std::any_of(config.mappings.begin(), config.mappings.end(),
                            [&](const MappingConfig& m) { return Contains(m.sinks, sink.name); });
    if (!used && !bound.implicit_sinks) {
      diagnostics->warnings.push_back("Sink '" + sink.name +
                                      "' is not used by any mapping; it "
                                      "is not instantiated.");
    }
  }
  // The built-in configuration (implicit mapping to the implicit sinks) is not worth a warning;
  // a sink the user wrote is, even when the implicit mapping feeds it.
  bool built_in = bound.implicit_mappings && bound.implicit_sinks;
  for (const MappingConfig& mapping : config.mappings) {
    if (built_in) break;
    for (const SinkConfig& sink : config.sinks) {
      if (!Contains(mapping.sinks, sink.name)) continue;
      if (SinkTypeSettings(config.global, sink.type).enabled) continue;
      std::string type = SinkTypeName(sink.type);
      diagnostics->warnings.push_back(
          "Mapping '" + mapping.name + "' writes to sink '" + sink.name + "' of type " + type +
          ", which is disabled (divolte.global." + type +
          ".enabled = false); its records for that sink are discarded.");
    }
  }
  for (const SourceConfig& source : config.sources) {
    bool used = std::any_of(config.mappings.begin(), config.mappings.end(),
                            [&](const auto& m) { return Contains(m.sources, source.name); });
    if (!used) {
      diagnostics->warnings.push_back("Source '" + source.name +
                                      "' does not feed any mapping; "
                                      "its events are accepted and discarded.");
    }
  }
}

}  // namespace

std::optional<std::string> UriScheme(const std::string& directory) {
  size_t colon = directory.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  if (!std::isalpha(static_cast<unsigned char>(directory[0]))) return std::nullopt;
  for (size_t i = 1; i < colon; ++i) {
    char c = directory[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  return directory.substr(0, colon);
}

void Validate(const BindResult& bound, const GetEnv& getenv, Diagnostics* diagnostics) {
  CheckNames(bound, diagnostics);
  CheckSinkConsistency(bound.config, diagnostics);
  CheckSinkSettings(bound.config, getenv, diagnostics);
  NameGroups same_prefix = CheckPrefixes(bound.config, diagnostics);
  CheckRoutes(bound.config, same_prefix, diagnostics);
  CheckCookies(bound.config, diagnostics);
  Warn(bound, diagnostics);
}

}  // namespace divolte::config
