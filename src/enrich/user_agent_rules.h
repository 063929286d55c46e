#pragma once

// UserAgentRules: the three ordered rule lists of a uap-core `regexes.yaml` (enrich.md §3.2) as
// plain data, before any pattern is compiled. Loading is start-up (and reload) work only.

#include <array>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace divolte::enrich {

// One entry of a rule list. `replacements` holds the list's replacement keys in the order of
// enrich.md §3.2: user agent (family, v1..v4), OS (os, os_v1..os_v4), device (device, brand,
// model; the last two slots unused).
struct UserAgentRule {
  std::string regex;
  bool case_insensitive = false;  // regex_flag: 'i'
  std::array<std::optional<std::string>, 5> replacements;
  int line = 0;  // in the file, for messages
};

struct UserAgentRules {
  std::string path;
  std::vector<UserAgentRule> user_agent;
  std::vector<UserAgentRule> os;
  std::vector<UserAgentRule> device;
};

// Reads and checks `path`; errors name the file and, where known, the line.
base::Result<UserAgentRules> LoadUserAgentRules(const std::string& path);

// The regexes file to use (enrich.md §3.1): `configured` when set (which must exist), else the
// first existing of `<installation_dir>/share/uap-core/regexes.yaml` and
// `/usr/share/uap-core/regexes.yaml`. The error texts are the start-up messages of §3.1.
base::Result<std::string> FindRegexesFile(const std::optional<std::string>& configured,
                                          const std::string& installation_dir);

}  // namespace divolte::enrich
