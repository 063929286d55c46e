#pragma once

// Resolves the substitutions of a merged HOCON tree (config.md §2.7): ${path} and ${?path} are
// looked up from the root of the whole tree, then in the environment; self-references see the
// value the key had before; cycles are errors. The result contains only plain values
// (null, boolean, number, string, array, object). Single-threaded; keeps no global state.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/hocon_value.h"

namespace divolte::config {

using GetEnv = std::function<std::optional<std::string>(const std::string&)>;

// Limits on untrusted input.
inline constexpr int kMaxSubstitutionDepth = 32;           // nested lookups
inline constexpr size_t kMaxConcatenatedString = 1 << 20;  // bytes
inline constexpr uint64_t kMaxResolvedSize = 64ull << 20;  // nodes + string bytes, expanded
inline constexpr int kMaxResolvedDepth = 256;              // nesting after substitution

struct ResolveResult {
  ValuePtr root;                    // set when errors is empty
  std::vector<std::string> errors;  // every problem found, each one line
};

// REQUIRES: root is an object.
ResolveResult Resolve(const ValuePtr& root, const GetEnv& getenv);

}  // namespace divolte::config
