#pragma once

// Translation of a Java regular expression (java.util.regex.Pattern syntax, mapping.md §7.7) into
// an equivalent PCRE2 pattern for UTF mode without UCP. The translator parses the whole Java
// syntax itself, so Java's syntax errors are reported with Java's wording and index, and emits
// only constructs whose PCRE2 meaning is exactly Java's: literals as \x{..}, ASCII-only case
// folding spelled out ([aA]), Java's line terminators for `.`, `^`, `$` and `\Z` spelled out as
// classes and look-arounds, properties mapped to PCRE2 names. Group numbers are preserved; group
// names are resolved here (PCRE2 sees unnamed groups). Runs once per regex at start-up.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace divolte::functions {

struct JavaRegexTranslation {
  std::string pcre2_pattern;
  uint32_t group_count = 0;
  std::vector<std::pair<std::string, uint32_t>> group_names;  // name -> group number
  // (offset in pcre2_pattern, index in the Java pattern) at the start of each translated atom,
  // in increasing offset order: maps a PCRE2 compile error back to the Java source.
  std::vector<std::pair<size_t, size_t>> source_map;
};

// Java pattern indexes (in errors and source_map) count UTF-16 code units, as Java's do.
// Errors: `invalid regular expression at index <i>: <reason>` (Java's reason, e.g. `Unclosed
// group`) or `unsupported regular expression construct` (class intersection, \p{java...},
// \p{In<block>}, CANON_EQ and UNICODE_CHARACTER_CLASS flags, ...).
base::Result<JavaRegexTranslation> TranslateJavaRegex(std::string_view pattern);

// The message for a construct Java accepts but this implementation cannot run exactly.
inline constexpr std::string_view kUnsupportedRegexMessage =
    "unsupported regular expression construct";

}  // namespace divolte::functions
