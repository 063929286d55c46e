#pragma once

// The browser tag template (js/src/divolte.js), embedded at build time in its two variants
// (tag.md §1). Each contains the constant placeholders `__DIVOLTE_<CONSTANT>__` of tag.md §2 in
// place of the configured values; tag_renderer.h substitutes them.

#include <string_view>

namespace divolte::tag {

// Minified by terser (js/build.mjs); served by default.
std::string_view MinifiedTemplate();
// The readable source; served with `javascript.debug = true`.
std::string_view ReadableTemplate();

}  // namespace divolte::tag
