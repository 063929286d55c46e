#pragma once

// The built-in defaults layer (config.md §8) as HOCON text, parsed with our own parser with
// origin "built-in default". Sources, sinks and mappings come from config.md §5, not from here.

#include <string_view>

namespace divolte::config {

std::string_view BuiltInDefaults();

}  // namespace divolte::config
