#pragma once

// Canonical request paths for routing (protocol.md §1.3): percent-decoded as UTF-8 except `%2F`,
// `.` and `..` segments resolved (never above `/`), runs of `/` collapsed.

#include <string>
#include <string_view>

namespace divolte::http {

// True when `raw` is already canonical, so routing can use it without copying: the common case.
bool IsCanonicalPath(std::string_view raw);

// The canonical form of the path component of a request target.
std::string CanonicalPath(std::string_view raw);

}  // namespace divolte::http
