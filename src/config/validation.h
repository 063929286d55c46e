#pragma once

// The cross-reference rules of config.md §4 on bound configuration data (rules 1–6, 8, 9 and
// the filesystem-scheme part of 11) and its warnings. Rules about a single value (types,
// ranges, 7 and 10) are applied while binding (binding.h), where the value's origin is known.
// Stateless.

#include <optional>
#include <string>

#include "config/binder.h"
#include "config/binding.h"
#include "config/hocon_resolver.h"

namespace divolte::config {

void Validate(const BindResult& bound, const GetEnv& getenv, Diagnostics* diagnostics);

// The URI scheme of a directory ("hdfs" for "hdfs://nn/x"), or nullopt for a plain path.
std::optional<std::string> UriScheme(const std::string& directory);

}  // namespace divolte::config
