#pragma once

// The browser tag template (js/src/divolte.js), embedded at build time in its two variants
// (tag.md §1). Each contains the constant placeholders `__DIVOLTE_<CONSTANT>__` of tag.md §2 in
// place of the configured values; tag_renderer.h substitutes them.

#include <string_view>

namespace divolte::tag {

// Minified by terser (js/build.mjs); served by default.
extern const std::string_view kMinifiedTemplate;
// The readable source; served with `javascript.debug = true`.
extern const std::string_view kReadableTemplate;

}  // namespace divolte::tag
