#include "functions/uri_host.h"

#include <charconv>
#include <system_error>

namespace divolte::functions {
namespace {

constexpr size_t kBadAddress = std::string_view::npos;
constexpr int kMaxByte = 255;

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAlphanumeric(char c) { return IsAlpha(c) || IsDigit(c); }
inline bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

template <typename Predicate>
size_t RunEnd(std::string_view text, size_t p, Predicate accept) {
  while (p < text.size() && accept(text[p])) ++p;
  return p;
}

// Exactly four decimal bytes separated by single dots, filling [p, end).
bool IsDottedQuad(std::string_view text, size_t p, size_t end) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (p >= end || text[p] != '.') return false;
      ++p;
    }
    const size_t q = RunEnd(text.substr(0, end), p, IsDigit);
    int value = 0;
    const auto result = std::from_chars(text.data() + p, text.data() + q, value, 10);
    if (q == p || result.ec != std::errc() || value > kMaxByte) return false;
    p = q;
  }
  return p == end;
}

// java.net.URI's IPv6 scanner over one address (no scope id).
class Ipv6Scanner {
 public:
  explicit Ipv6Scanner(std::string_view text) : text_(text), n_(text.size()) {}

  bool Valid() {
    size_t p = 0;
    const size_t q = HexSequence(0);
    if (failed_) return false;
    if (q != kBadAddress) {
      p = q;
      if (At(p, ':') && At(p + 1, ':')) {
        compressed_ = true;
        p = HexPost(p + 2);
      } else if (At(p, ':')) {
        p = TakeIpv4(p + 1);
      }
    } else if (At(0, ':') && At(1, ':')) {
      compressed_ = true;
      p = HexPost(2);
    }
    if (failed_ || p < n_ || bytes_ > 16) return false;
    return compressed_ ? bytes_ < 16 : bytes_ == 16;
  }

 private:
  bool At(size_t p, char c) const { return p < n_ && text_[p] == c; }

  // Groups "h:h:h" from p; kBadAddress if there is none or it starts an IPv4 address.
  size_t HexSequence(size_t p) {
    size_t q = RunEnd(text_, p, IsHex);
    if (q == p || At(q, '.')) return kBadAddress;
    if (!Group(p, q)) return kBadAddress;
    p = q;
    while (At(p, ':') && !At(p + 1, ':')) {
      q = RunEnd(text_, p + 1, IsHex);
      if (q == p + 1) return Fail();
      if (At(q, '.')) break;  // the IPv4 tail starts after this ':'
      if (!Group(p + 1, q)) return kBadAddress;
      p = q;
    }
    return p;
  }

  // One group of hex digits in [p, q); more than four is an error.
  bool Group(size_t p, size_t q) {
    if (q - p > 4) {
      failed_ = true;
      return false;
    }
    bytes_ += 2;
    return true;
  }

  size_t HexPost(size_t p) {
    if (p == n_) return p;
    const size_t q = HexSequence(p);
    if (failed_) return kBadAddress;
    if (q == kBadAddress) return TakeIpv4(p);
    return At(q, ':') ? TakeIpv4(q + 1) : q;
  }

  size_t TakeIpv4(size_t p) {
    if (!IsDottedQuad(text_, p, n_)) return Fail();
    bytes_ += 4;
    return n_;
  }

  size_t Fail() {
    failed_ = true;
    return kBadAddress;
  }

  std::string_view text_;
  size_t n_;
  int bytes_ = 0;
  bool compressed_ = false;
  bool failed_ = false;
};

}  // namespace

bool IsIpv6Reference(std::string_view inside) {
  const size_t percent = inside.find('%');
  if (percent == std::string_view::npos || percent == 0) return Ipv6Scanner(inside).Valid();
  const std::string_view scope = inside.substr(percent + 1);
  if (scope.empty() || RunEnd(scope, 0, IsAlphanumeric) != scope.size()) return false;
  return Ipv6Scanner(inside.substr(0, percent)).Valid();
}

size_t ScanIpv4Host(std::string_view text, size_t p) {
  const size_t end = RunEnd(text, p, [](char c) { return IsDigit(c) || c == '.'; });
  if (end == p || !IsDottedQuad(text, p, end)) return kNoHost;
  if (end < text.size() && text[end] != ':') return kNoHost;
  return end;
}

size_t ScanHostname(std::string_view text, size_t p) {
  const size_t start = p;
  size_t last_label = kNoHost;
  while (p < text.size()) {
    const size_t q = RunEnd(text, p, IsAlphanumeric);
    if (q == p) break;
    last_label = p;
    p = RunEnd(text, q, [](char c) { return IsAlphanumeric(c) || c == '-'; });
    if (text[p - 1] == '-') return kNoHost;
    if (p >= text.size() || text[p] != '.') break;
    ++p;
  }
  if (p < text.size() && text[p] != ':') return kNoHost;
  if (last_label == kNoHost) return kNoHost;
  if (last_label > start && !IsAlpha(text[last_label])) return kNoHost;
  return p;
}

}  // namespace divolte::functions
