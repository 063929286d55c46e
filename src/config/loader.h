#pragma once

// Loads the configuration (config.md): built-in defaults, the configuration file and --define
// overrides are parsed, merged and resolved, bound into Config, checked against every rule and
// the feature gates, and returned with every error at once. Never throws. Call once at start-up
// on the main thread; it reads files and the environment and keeps no state.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace divolte::config {

struct LoadOptions {
  std::optional<std::string> config_file;  // --config FILE
  std::vector<std::string> defines;        // --define / -D "KEY=VALUE", command-line order
  // Directory that contains bin/; "<installation_dir>/conf/divolte-collector.conf" is tried;
  // empty = skip this step.
  std::string installation_dir;
  std::function<std::optional<std::string>(const std::string&)> getenv;  // empty => std::getenv
  int available_cpus = 2;  // for the io_threads default (at least 2)
};

struct LoadResult {
  std::optional<Config> config;       // set if and only if errors is empty
  std::vector<std::string> errors;    // every error, each one line, formats of config.md §4
  std::vector<std::string> warnings;  // config.md §4 warnings
  std::vector<std::string> infos;  // e.g. "No configuration file found; using built-in defaults."
};

LoadResult LoadConfig(const LoadOptions& options);

}  // namespace divolte::config
