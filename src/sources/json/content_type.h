#pragma once

// The Content-Type check of the JSON source (protocol.md §8.3 check 2), made on the request head
// before the body is read. Pure; thread-safe.

#include <string_view>
#include <vector>

namespace divolte::sources {

// Check 2 of protocol.md §8.3 over every Content-Type header line of a request: exactly one line,
// media type application/json (case-insensitive), and no parameters or only one charset parameter
// whose value is utf-8 (case-insensitive, token or quoted string). Whitespace is allowed around
// `;` (RFC 9110 OWS) but not around `=`; empty parameters (`application/json;`) are allowed.
bool IsJsonContentType(const std::vector<std::string_view>& content_type_headers);

}  // namespace divolte::sources
