#include "config/loader.h"

#include <cstdlib>
#include <exception>
#include <filesystem>

#include "config/binding.h"
#include "config/builtin_defaults.h"
#include "config/feature_gates.h"
#include "config/hocon_parser.h"
#include "config/hocon_resolver.h"
#include "config/validation.h"

namespace divolte::config {
namespace {

constexpr char kFileName[] = "divolte-collector.conf";

GetEnv EnvironmentLookup(const LoadOptions& options) {
  if (options.getenv) return options.getenv;
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

bool IsFile(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

// config.md §1 step 2: --config, then $DIVOLTE_CONF_DIR, then <installation>/conf; empty when
// there is no file.
std::string LocateFile(const LoadOptions& options, const GetEnv& getenv) {
  if (options.config_file) return *options.config_file;
  if (std::optional<std::string> dir = getenv("DIVOLTE_CONF_DIR"); dir && !dir->empty()) {
    std::string path = (std::filesystem::path(*dir) / kFileName).string();
    if (IsFile(path)) return path;
  }
  if (!options.installation_dir.empty()) {
    std::string path =
        (std::filesystem::path(options.installation_dir) / "conf" / kFileName).string();
    if (IsFile(path)) return path;
  }
  return "";
}

// Parses the three layers and merges them in precedence order; null after errors.
ValuePtr ParseLayers(const LoadOptions& options, const std::string& file, LoadResult* result) {
  base::Result<ValuePtr> builtin = ParseDocument(BuiltInDefaults(), Origin::BuiltIn(), "");
  if (!builtin.ok()) {
    result->errors.push_back(builtin.message());
    return nullptr;
  }
  ValuePtr root = *builtin;
  if (file.empty()) {
    result->infos.push_back("No configuration file found; using built-in defaults.");
  } else {
    result->infos.push_back("Using configuration file: " + file);
    base::Result<ValuePtr> parsed = ParseFile(file);
    if (parsed.ok()) {
      root = Merge(root, *parsed);
    } else {
      result->errors.push_back(parsed.message());
    }
  }
  for (const std::string& define : options.defines) {
    base::Result<ValuePtr> parsed = ParseDefine(define);
    if (parsed.ok()) {
      root = Merge(root, *parsed);
    } else {
      result->errors.push_back(parsed.message());
    }
  }
  return result->errors.empty() ? root : nullptr;
}

LoadResult Load(const LoadOptions& options) {
  LoadResult result;
  GetEnv getenv = EnvironmentLookup(options);
  std::string file = LocateFile(options, getenv);
  ValuePtr root = ParseLayers(options, file, &result);
  if (!root) return result;
  ResolveResult resolved = Resolve(root, getenv);
  if (!resolved.errors.empty()) {
    result.errors = std::move(resolved.errors);
    return result;
  }
  Diagnostics diagnostics;
  BindResult bound = BindConfig(*resolved.root, options.available_cpus, &diagnostics);
  Validate(bound, getenv, &diagnostics);
  for (std::string& error : CheckFeatureGates(*resolved.root)) {
    diagnostics.errors.push_back(std::move(error));
  }
  result.errors = std::move(diagnostics.errors);
  result.warnings = std::move(diagnostics.warnings);
  if (result.errors.empty()) {
    result.config = std::move(bound.config);
    result.config->file = file;
  }
  return result;
}

}  // namespace

LoadResult LoadConfig(const LoadOptions& options) {
  try {
    return Load(options);
  } catch (const std::exception& e) {
    LoadResult result;
    result.errors.push_back(std::string("Could not load the configuration: ") + e.what());
    return result;
  } catch (...) {
    LoadResult result;
    result.errors.push_back("Could not load the configuration: unknown error");
    return result;
  }
}

}  // namespace divolte::config
