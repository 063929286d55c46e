#pragma once

// Features of config.md that have not landed in this release yet. A configuration that asks for
// one fails start-up with "Property '<path>' is not supported yet (<feature>). Found: '<value>'
// (<origin>)." rather than being silently ignored. Only values written by the user (file,
// --define, environment) are gated; built-in and implicit defaults never are. The list lives in
// feature_gates.cc: delete a line when its feature lands. Stateless.

#include <string>
#include <vector>

#include "config/hocon_value.h"

namespace divolte::config {

// REQUIRES: `root` is a resolved tree. Returns one error per gated value.
std::vector<std::string> CheckFeatureGates(const Value& root);

}  // namespace divolte::config
