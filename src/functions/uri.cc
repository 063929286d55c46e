#include "functions/uri.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>

#include "base/utf8.h"
#include "event/utf8.h"
#include "functions/uri_host.h"

namespace divolte::functions {
namespace {

// Sets of allowed ASCII characters, as in java.net.URI (RFC 2396 plus "[]" per RFC 2732).
using CharSet = std::array<bool, 128>;

constexpr CharSet MakeSet(std::string_view chars, bool alphanumeric) {
  CharSet set{};
  for (const char c : chars) set[static_cast<unsigned char>(c)] = true;
  for (int c = 0; alphanumeric && c < 128; ++c) {
    set[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || set[c];
  }
  return set;
}

constexpr CharSet kScheme = MakeSet("+-.", true);
constexpr CharSet kUric = MakeSet("-_.!~*'();/?:@&=+$,[]", true);
constexpr CharSet kPath = MakeSet("-_.!~*'():@&=+$,;/", true);
constexpr CharSet kUserInfo = MakeSet("-_.!~*'();:&=+$,", true);
constexpr CharSet kRegName = MakeSet("-_.!~*'()$,;:@&=+", true);
constexpr CharSet kServer = MakeSet("-_.!~*'();:&=+$,.@[]", true);
constexpr CharSet kServerPercent = MakeSet("-_.!~*'();:&=+$,.@[]%", true);

inline bool InSet(const CharSet& set, char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 128 && set[u];
}

inline bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Java's Character.isSpaceChar (Zs, Zl, Zp) for non-ASCII code points.
bool IsSpaceChar(char32_t c) {
  return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
         c == 0x202f || c == 0x205f || c == 0x3000;
}

// Non-ASCII characters allowed unescaped: visible ones (neither space nor ISO control, which ends
// at U+009F).
bool IsAllowedOther(char32_t c) { return c > 0x9f && !IsSpaceChar(c); }

}  // namespace

// The parser: a port of java.net.URI's grammar. `failed_` records a hard failure (a malformed
// escape), which java.net.URI reports even where it would otherwise try an alternative.
class UriParser {
 public:
  explicit UriParser(std::string_view text) : text_(text), n_(text.size()) {}

  std::optional<Uri> Run();

 private:
  // First position in [p, end) not in `set` (escapes and visible non-ASCII allowed if `escapes`).
  size_t Scan(size_t p, size_t end, const CharSet& set, bool escapes);
  // True if all of [p, end) is in `set`.
  bool Check(size_t p, size_t end, const CharSet& set, bool escapes) {
    return Scan(p, end, set, escapes) >= end && !failed_;
  }
  // Index of the first of `stop` in [p, end), or end.
  size_t Find(size_t p, size_t end, std::string_view stop) const {
    const size_t q = text_.substr(0, end).find_first_of(stop, p);
    return q == std::string_view::npos ? end : q;
  }
  bool At(size_t p, char c) const { return p < n_ && text_[p] == c; }
  std::string_view Slice(size_t p, size_t q) const { return text_.substr(p, q - p); }

  bool ParseSchemeAndRest(size_t colon, size_t* p);
  bool ParseHierarchical(size_t* p);
  bool ParseAuthority(size_t p, size_t end);
  bool ParseServer(size_t p, size_t end);
  bool ParsePort(size_t p, size_t end);

  std::string_view text_;
  size_t n_;
  bool failed_ = false;
  Uri uri_;
};

size_t UriParser::Scan(size_t p, size_t end, const CharSet& set, bool escapes) {
  while (p < end) {
    const char c = text_[p];
    if (InSet(set, c)) {
      ++p;
    } else if (escapes && c == '%') {
      if (p + 3 > end || !IsHex(text_[p + 1]) || !IsHex(text_[p + 2])) {
        failed_ = true;
        return p;
      }
      p += 3;
    } else if (escapes && static_cast<unsigned char>(c) >= 0x80) {
      // An invalid byte counts as one U+FFFD, which Java would have after decoding the request.
      const base::Utf8CodePoint decoded = base::DecodeUtf8(text_, p);  // U+FFFD if invalid
      const char32_t code_point = decoded.code_point;
      const size_t length = std::max<size_t>(decoded.length, 1);
      if (!IsAllowedOther(code_point)) return p;
      p += length;
    } else {
      return p;
    }
  }
  return p;
}

std::optional<Uri> UriParser::Run() {
  size_t p = 0;
  const size_t colon = Find(0, n_, ":/?#");
  if (At(colon, ':')) {
    if (!ParseSchemeAndRest(colon, &p)) return std::nullopt;
  } else if (!ParseHierarchical(&p)) {
    return std::nullopt;
  }
  if (At(p, '#')) {
    if (!Check(p + 1, n_, kUric, true)) return std::nullopt;
    uri_.fragment_ = Slice(p + 1, n_);
    p = n_;
  }
  if (p < n_ || failed_) return std::nullopt;
  return uri_;
}

bool UriParser::ParseSchemeAndRest(size_t colon, size_t* p) {
  if (colon == 0) return false;
  const char first = text_[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  if (!Check(1, colon, kScheme, false)) return false;
  uri_.scheme_ = Slice(0, colon);
  *p = colon + 1;
  if (At(*p, '/')) return ParseHierarchical(p);
  const size_t end = Find(*p, n_, "#");
  if (end <= *p || !Check(*p, end, kUric, true)) return false;  // the opaque part
  uri_.opaque_ = true;
  *p = end;
  return true;
}

bool UriParser::ParseHierarchical(size_t* p) {
  if (At(*p, '/') && At(*p + 1, '/')) {
    *p += 2;
    const size_t end = Find(*p, n_, "/?#");
    if (end > *p) {
      if (!ParseAuthority(*p, end)) return false;
    } else if (end >= n_) {
      return false;  // "//" needs an authority, or something after an empty one
    }
    *p = end;
  }
  const size_t path_end = Find(*p, n_, "?#");
  if (!Check(*p, path_end, kPath, true)) return false;
  uri_.path_ = Slice(*p, path_end);
  *p = path_end;
  if (At(*p, '?')) {
    const size_t query_end = Find(*p + 1, n_, "#");
    if (!Check(*p + 1, query_end, kUric, true)) return false;
    uri_.query_ = Slice(*p + 1, query_end);
    *p = query_end;
  }
  return true;
}

// Server-based if [userinfo@]host[:port] parses; otherwise registry-based if every character is
// allowed in a registry name; otherwise not a URI.
bool UriParser::ParseAuthority(size_t p, size_t end) {
  const CharSet& server_set = text_[p] != ']' ? kServerPercent : kServer;
  const bool server_chars = Scan(p, end, server_set, true) == end;
  const bool registry_chars = Scan(p, end, kRegName, true) == end;
  if (failed_) return false;
  uri_.authority_ = Slice(p, end);
  if (server_chars && ParseServer(p, end)) return true;
  uri_.user_info_.reset();
  uri_.host_.reset();
  uri_.port_.reset();
  return registry_chars;
}

bool UriParser::ParseServer(size_t p, size_t end) {
  const size_t at = Find(p, end, "@");
  if (at < end) {
    if (Scan(p, at, kUserInfo, true) != at) return false;
    uri_.user_info_ = Slice(p, at);
    p = at + 1;
  }
  size_t host_end;
  if (At(p, '[')) {
    const size_t close = Find(p + 1, end, "]");
    if (close >= end || close == p + 1 || !IsIpv6Reference(Slice(p + 1, close))) return false;
    host_end = close + 1;
  } else {
    host_end = ScanIpv4Host(text_.substr(0, end), p);
    if (host_end == kNoHost) host_end = ScanHostname(text_.substr(0, end), p);
    if (host_end == kNoHost) return false;
  }
  uri_.host_ = Slice(p, host_end);
  return ParsePort(host_end, end);
}

bool UriParser::ParsePort(size_t p, size_t end) {
  if (p == end) return true;
  if (text_[p] != ':') return false;
  ++p;
  if (p == end) return true;  // "host:" has no port
  int32_t port;
  const auto result = std::from_chars(text_.data() + p, text_.data() + end, port, 10);
  if (result.ec != std::errc() || result.ptr != text_.data() + end || text_[p] == '-') {
    return false;  // not digits, or too large for an int
  }
  uri_.port_ = port;
  return true;
}

std::optional<Uri> Uri::Parse(std::string_view text) { return UriParser(text).Run(); }

std::optional<std::string_view> Uri::DecodedPath(std::string* scratch) const {
  if (!path_) return std::nullopt;
  return DecodeUriComponent(*path_, scratch);
}

std::optional<std::string_view> Uri::DecodedQuery(std::string* scratch) const {
  if (!query_) return std::nullopt;
  return DecodeUriComponent(*query_, scratch);
}

std::optional<std::string_view> Uri::DecodedFragment(std::string* scratch) const {
  if (!fragment_) return std::nullopt;
  return DecodeUriComponent(*fragment_, scratch);
}

std::string_view DecodeUriComponent(std::string_view raw, std::string* scratch) {
  if (raw.find('%') == std::string_view::npos) {
    if (event::IsValidUtf8(raw)) return raw;
    scratch->clear();
    event::AppendSanitisedUtf8(raw, scratch);
    return *scratch;
  }
  scratch->clear();
  thread_local std::string bytes;
  size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != '%' || i + 2 >= raw.size() || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2])) {
      const size_t next = std::min(raw.find('%', i + 1), raw.size());
      event::AppendSanitisedUtf8(raw.substr(i, next - i), scratch);
      i = next;
      continue;
    }
    bytes.clear();  // one run of escapes is decoded as one UTF-8 sequence of bytes
    while (i + 2 < raw.size() && raw[i] == '%' && IsHex(raw[i + 1]) && IsHex(raw[i + 2])) {
      unsigned byte = 0;
      std::from_chars(raw.data() + i + 1, raw.data() + i + 3, byte, 16);
      bytes.push_back(static_cast<char>(byte));
      i += 3;
    }
    event::AppendSanitisedUtf8(bytes, scratch);
  }
  return *scratch;
}

}  // namespace divolte::functions
