#pragma once

// If-None-Match evaluation (protocol.md §5.6): a comma-separated list of entity tags, each
// optionally weak (`W/`), or `*`. Comparison is weak: only the opaque part counts. Malformed
// elements are skipped.

#include <span>
#include <string_view>

#include "http/request.h"

namespace divolte::http {

// True if `header_value` contains `*` or an entity tag whose opaque part equals `opaque_tag`
// (the text between the quotes).
bool IfNoneMatchMatches(std::string_view header_value, std::string_view opaque_tag);

// True if any If-None-Match line among `headers` matches `opaque_tag`.
bool IfNoneMatchMatches(std::span<const HeaderField> headers, std::string_view opaque_tag);

}  // namespace divolte::http
