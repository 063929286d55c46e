#pragma once

// The HOCON parser (config.md §2.1–§2.3): turns text into an unresolved value tree
// (hocon_value.h). Input is untrusted: nesting and include depth are bounded and every problem is
// returned as an error value naming file:line:column; nothing throws. Includes are read from the
// filesystem relative to the including file. Stateless and thread-compatible.

#include <string>
#include <string_view>

#include "base/status.h"
#include "config/hocon_value.h"

namespace divolte::config {

// Limits on untrusted input.
inline constexpr int kMaxNestingDepth = 64;  // objects, arrays and key segments combined
inline constexpr int kMaxIncludeDepth = 16;
inline constexpr size_t kMaxFileSize = 16 * 1024 * 1024;

// Parses a configuration file; origins are "<path>:<line>".
base::Result<ValuePtr> ParseFile(const std::string& path);

// Parses configuration text. `origin` supplies the kind and the name shown in origins and error
// positions; `base_dir` resolves relative includes (empty = current directory).
base::Result<ValuePtr> ParseDocument(std::string_view text, const Origin& origin,
                                     const std::string& base_dir);

// Parses one `--define KEY=VALUE`: KEY is a path expression, VALUE a HOCON value. Returns the
// object {KEY: VALUE} with origin "--define".
base::Result<ValuePtr> ParseDefine(std::string_view define);

// Parses a path expression ("a.b", "a.\"b.c\""), as used in keys and substitutions.
base::Result<Path> ParsePathExpression(std::string_view text);

// Reads a whole file, bounded by kMaxFileSize.
base::Result<std::string> ReadFile(const std::string& path);

}  // namespace divolte::config
