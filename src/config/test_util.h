#pragma once

// Helpers for the config module's unit tests: temporary files, an injectable environment, and
// shortcuts that parse, resolve or load HOCON text.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/binding.h"
#include "config/builtin_defaults.h"
#include "config/hocon_parser.h"
#include "config/hocon_resolver.h"
#include "config/loader.h"

namespace divolte::config::testing {

// A directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "config_test_XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string file = (std::filesystem::path(path_) / name).string();
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string path_;
};

inline GetEnv Env(std::map<std::string, std::string> variables = {}) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

// Parses text as a file named "test.conf"; the value or null with *error set.
inline ValuePtr Parse(const std::string& text, std::string* error = nullptr) {
  base::Result<ValuePtr> result = ParseDocument(text, Origin::File("test.conf", 0), "");
  if (!result.ok()) {
    if (error) *error = result.message();
    return nullptr;
  }
  return *result;
}

// Parses and resolves; returns the resolved root or null with the errors joined by newlines.
inline ValuePtr ParseResolved(const std::string& text, std::string* errors = nullptr,
                              const GetEnv& getenv = Env()) {
  std::string parse_error;
  ValuePtr root = Parse(text, &parse_error);
  if (!root) {
    if (errors) *errors = parse_error;
    return nullptr;
  }
  ResolveResult result = Resolve(root, getenv);
  if (!result.errors.empty()) {
    if (errors) {
      for (const std::string& error : result.errors) *errors += error + "\n";
    }
    return nullptr;
  }
  return result.root;
}

// The value at a dotted path of plain segments, or null.
inline const Value* At(const ValuePtr& root, const std::string& dotted) {
  const Value* node = root.get();
  size_t start = 0;
  while (node) {
    size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? dotted.npos : dot - start);
    if (node->type() != ValueType::kObject) return nullptr;
    const ValuePtr* child = node->Find(key);
    node = child ? child->get() : nullptr;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

inline void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Loads `text` as the configuration file (plus defines) with an injected environment. The
// temporary file's path is replaced by "test.conf" in every message.
inline LoadResult LoadText(const std::string& text, std::vector<std::string> defines = {},
                           std::map<std::string, std::string> env = {}, int cpus = 2) {
  TempDir dir;
  LoadOptions options;
  options.config_file = dir.Write("divolte-collector.conf", text);
  options.defines = std::move(defines);
  options.getenv = Env(std::move(env));
  options.available_cpus = cpus;
  LoadResult result = LoadConfig(options);
  for (auto* messages : {&result.errors, &result.warnings, &result.infos}) {
    for (std::string& message : *messages) ReplaceAll(message, *options.config_file, "test.conf");
  }
  return result;
}

// Built-in defaults + `text` (as test.conf), resolved and bound; validation and gates skipped.
// Parse and substitution errors are returned in diagnostics.errors.
struct Bound {
  BindResult result;
  Diagnostics diagnostics;
};

inline Bound Bind(const std::string& text, int cpus = 2,
                  std::map<std::string, std::string> env = {}) {
  Bound bound;
  ValuePtr root = *ParseDocument(BuiltInDefaults(), Origin::BuiltIn(), "");
  std::string error;
  ValuePtr user = Parse(text, &error);
  if (!user) {
    bound.diagnostics.errors.push_back(error);
    return bound;
  }
  ResolveResult resolved = Resolve(Merge(root, user), Env(std::move(env)));
  bound.diagnostics.errors = resolved.errors;
  if (resolved.root) bound.result = BindConfig(*resolved.root, cpus, &bound.diagnostics);
  return bound;
}

inline Config BindOk(const std::string& text, int cpus = 2) {
  Bound bound = Bind(text, cpus);
  EXPECT_THAT(bound.diagnostics.errors, ::testing::IsEmpty()) << text;
  return bound.result.config;
}

inline std::vector<std::string> BindErrors(const std::string& text) {
  return Bind(text).diagnostics.errors;
}

}  // namespace divolte::config::testing
