#pragma once

// Uri: the result of `parse <string> to uri` (mapping.md §7.5), parsed as Java's java.net.URI
// does (RFC 2396 with bracketed IPv6 hosts). A Uri is a set of views into the parsed text, which
// must outlive it; parsing never allocates. Decoded forms are written to a caller-provided
// buffer only when the raw form contains an escape. Values; thread-compatible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace divolte::functions {

class Uri {
 public:
  // nullopt when `text` is not a URI: a character outside the allowed set (space, `"`, `<`, `>`,
  // `\`, `^`, `` ` ``, `{`, `|`, `}`, controls, visible non-ASCII excepted), a '%' without two
  // hex digits, a second '#', a bad scheme, an empty opaque part or authority, an authority that
  // is neither server- nor registry-based. The empty string is a URI (path "").
  static std::optional<Uri> Parse(std::string_view text);

  // `scheme:ssp` where the scheme-specific part does not start with '/' (`mailto:a@b.c`).
  bool opaque() const { return opaque_; }

  // Absent for a relative reference.
  std::optional<std::string_view> scheme() const { return scheme_; }
  // The authority as written; absent without "//authority".
  std::optional<std::string_view> authority() const { return authority_; }
  // Present only for a server-based authority with "userinfo@".
  std::optional<std::string_view> user_info() const { return user_info_; }
  // As written (IPv6 with brackets); absent without authority or for a registry-based one.
  std::optional<std::string_view> host() const { return host_; }
  // Absent when not given or empty.
  std::optional<int32_t> port() const { return port_; }
  // Absent only for opaque URIs; "" for `http://example.com`.
  std::optional<std::string_view> raw_path() const { return path_; }
  // Absent without '?'; "" for `http://x/?`.
  std::optional<std::string_view> raw_query() const { return query_; }
  // Absent without '#'.
  std::optional<std::string_view> raw_fragment() const { return fragment_; }

  // The decoded forms (DecodeUriComponent); each returns a view into the text or into `*scratch`.
  std::optional<std::string_view> DecodedPath(std::string* scratch) const;
  std::optional<std::string_view> DecodedQuery(std::string* scratch) const;
  std::optional<std::string_view> DecodedFragment(std::string* scratch) const;

 private:
  friend class UriParser;

  bool opaque_ = false;
  std::optional<std::string_view> scheme_;
  std::optional<std::string_view> authority_;
  std::optional<std::string_view> user_info_;
  std::optional<std::string_view> host_;
  std::optional<int32_t> port_;
  std::optional<std::string_view> path_;
  std::optional<std::string_view> query_;
  std::optional<std::string_view> fragment_;
};

// java.net.URI's decoding of a raw component: each run of %HH escapes is decoded as UTF-8 (invalid
// sequences become U+FFFD); every other character, '+' included, is kept (invalid UTF-8 in `raw`
// itself is repaired the same way). Returns `raw` itself when there is nothing to change, else
// the decoding written to `*scratch` (overwritten).
std::string_view DecodeUriComponent(std::string_view raw, std::string* scratch);

}  // namespace divolte::functions
