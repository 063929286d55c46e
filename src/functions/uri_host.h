#pragma once

// Host forms of a server-based URI authority, as java.net.URI accepts them (mapping.md §7.5):
// IPv6 references (RFC 2373 text forms, optional scope id), IPv4 addresses and host names.
// Internal to uri.cc; pure functions.

#include <cstddef>
#include <string>
#include <string_view>

namespace divolte::functions {

inline constexpr size_t kNoHost = std::string_view::npos;

// `inside` is the text between '[' and ']': an IPv6 address (groups of 1-4 hex digits, at most
// one "::", optionally ending in a dotted IPv4 address; exactly 16 bytes without "::", fewer
// with it), optionally followed by '%' and an alphanumeric scope id.
bool IsIpv6Reference(std::string_view inside);

// An IPv4 address d.d.d.d (each at most 255) starting at `p`, followed by the end of `text` or
// ':'. Returns the end of the address, or kNoHost.
size_t ScanIpv4Host(std::string_view text, size_t p);

// A host name starting at `p`: dot-separated labels of letters, digits and '-' (not ending with
// '-'), an optional final '.', the last label starting with a letter when there are several;
// followed by the end of `text` or ':'. Returns the end of the name, or kNoHost.
size_t ScanHostname(std::string_view text, size_t p);

}  // namespace divolte::functions
