#include "enrich/user_agent_rules.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string_view>
#include <system_error>

namespace divolte::enrich {
namespace {

struct ListSpec {
  const char* name;
  std::array<const char*, 5> replacement_keys;
  std::vector<UserAgentRule> UserAgentRules::*rules;
};

constexpr ListSpec kLists[] = {
    {"user_agent_parsers",
     {"family_replacement", "v1_replacement", "v2_replacement", "v3_replacement", "v4_replacement"},
     &UserAgentRules::user_agent},
    {"os_parsers",
     {"os_replacement", "os_v1_replacement", "os_v2_replacement", "os_v3_replacement",
      "os_v4_replacement"},
     &UserAgentRules::os},
    {"device_parsers",
     {"device_replacement", "brand_replacement", "model_replacement", nullptr, nullptr},
     &UserAgentRules::device},
};

std::string Where(const std::string& path, const YAML::Mark& mark) {
  if (mark.is_null()) return path;
  return path + ":" + std::to_string(mark.line + 1);
}

base::Status ReadRule(const std::string& path, const ListSpec& spec, const YAML::Node& entry,
                      UserAgentRule* rule) {
  rule->line = entry.Mark().line + 1;
  if (!entry.IsMap()) return base::Status::Error(Where(path, entry.Mark()) + ": rule is not a map");
  const YAML::Node regex = entry["regex"];
  if (!regex || !regex.IsScalar()) {
    return base::Status::Error(Where(path, entry.Mark()) + ": rule without a 'regex' string");
  }
  rule->regex = regex.Scalar();
  if (const YAML::Node flag = entry["regex_flag"]; flag && flag.IsScalar()) {
    rule->case_insensitive = flag.Scalar() == "i";
  }
  for (size_t i = 0; i < spec.replacement_keys.size(); ++i) {
    if (spec.replacement_keys[i] == nullptr) continue;
    const YAML::Node value = entry[spec.replacement_keys[i]];
    if (value && value.IsScalar()) rule->replacements[i] = value.Scalar();
  }
  return {};
}

}  // namespace

base::Result<UserAgentRules> LoadUserAgentRules(const std::string& path) {
  UserAgentRules rules;
  rules.path = path;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return base::Result<UserAgentRules>::Error(path + ": cannot be read");
  } catch (const YAML::Exception& error) {
    return base::Result<UserAgentRules>::Error(Where(path, error.mark) + ": " + error.msg);
  }
  if (!root.IsMap()) {
    return base::Result<UserAgentRules>::Error(path + ": not a uap-core regexes file");
  }
  for (const ListSpec& spec : kLists) {
    const YAML::Node list = root[spec.name];
    if (!list || !list.IsSequence()) {
      return base::Result<UserAgentRules>::Error(path + ": no '" + spec.name + "' list");
    }
    std::vector<UserAgentRule>& out = rules.*spec.rules;
    out.reserve(list.size());
    for (const YAML::Node& entry : list) {
      UserAgentRule rule;
      if (base::Status status = ReadRule(path, spec, entry, &rule); !status.ok()) return status;
      out.push_back(std::move(rule));
    }
  }
  return rules;
}

base::Result<std::string> FindRegexesFile(const std::optional<std::string>& configured,
                                          const std::string& installation_dir) {
  std::error_code error;
  if (configured.has_value()) {
    if (std::filesystem::is_regular_file(*configured, error)) return *configured;
    return base::Result<std::string>::Error(
        "divolte.global.mapper.user_agent_parser.regexes_file: " + *configured + ": no such file");
  }
  std::vector<std::string> candidates;
  if (!installation_dir.empty()) {
    candidates.push_back(installation_dir + "/share/uap-core/regexes.yaml");
  }
  candidates.push_back("/usr/share/uap-core/regexes.yaml");
  for (const std::string& candidate : candidates) {
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
  }
  return base::Result<std::string>::Error(
      "No uap-core regexes.yaml found; set "
      "divolte.global.mapper.user_agent_parser.regexes_file");
}

}  // namespace divolte::enrich
