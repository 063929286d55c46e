#include "event/ip_address.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "base/strings.h"

namespace divolte::event {
namespace {

constexpr size_t kV6Groups = 8;

// One decimal part of a dotted quad: 1-3 digits, at most 255, no leading zero (an "010" is
// octal to some parsers and decimal to others, so it is refused rather than guessed).
bool ParseV4Part(std::string_view part, uint8_t* out) {
  if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
  int value = 0;
  for (char c : part) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > 255) return false;
  *out = static_cast<uint8_t>(value);
  return true;
}

bool ParseV4(std::string_view text, uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    const size_t dot = text.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) return false;  // exactly three dots
    if (!ParseV4Part(text.substr(0, dot), &out[i])) return false;
    text = i < 3 ? text.substr(dot + 1) : std::string_view();
  }
  return true;
}

bool ParseV6Group(std::string_view token, uint16_t* out) {
  if (token.empty() || token.size() > 4) return false;
  uint16_t value = 0;
  for (char c : token) {
    const int digit = base::HexDigitValue(c);
    if (digit < 0) return false;
    value = static_cast<uint16_t>((value << 4) | digit);
  }
  *out = value;
  return true;
}

// Groups of `text` in order, with the position of "::" (if any) in `gap`. A trailing dotted quad
// counts as two groups.
struct V6Groups {
  std::array<uint16_t, kV6Groups> groups{};
  size_t count = 0;
  std::optional<size_t> gap;
};

bool AppendV6Token(std::string_view token, bool last, V6Groups* parsed) {
  if (token.find('.') != std::string_view::npos) {
    uint8_t quad[4];
    if (!last || parsed->count + 2 > kV6Groups || !ParseV4(token, quad)) return false;
    parsed->groups[parsed->count++] = static_cast<uint16_t>((quad[0] << 8) | quad[1]);
    parsed->groups[parsed->count++] = static_cast<uint16_t>((quad[2] << 8) | quad[3]);
    return true;
  }
  if (parsed->count == kV6Groups) return false;
  return ParseV6Group(token, &parsed->groups[parsed->count++]);
}

bool SplitV6(std::string_view text, V6Groups* parsed) {
  if (text.substr(0, 2) == "::") {
    parsed->gap = 0;
    text.remove_prefix(2);
    if (text.empty()) return true;
  }
  for (;;) {
    const size_t colon = text.find(':');
    const bool last = colon == std::string_view::npos;
    if (!AppendV6Token(text.substr(0, colon), last, parsed)) return false;
    if (last) return true;
    text.remove_prefix(colon + 1);
    if (!text.empty() && text.front() == ':') {
      if (parsed->gap) return false;  // a second "::"
      parsed->gap = parsed->count;
      text.remove_prefix(1);
      if (text.empty()) return true;
    } else if (text.empty()) {
      return false;  // trailing single ':'
    }
  }
}

bool ParseV6(std::string_view text, std::array<uint8_t, 16>* out) {
  V6Groups parsed;
  if (!SplitV6(text, &parsed)) return false;
  // Without "::" all eight groups are spelled out; "::" stands for at least one zero group.
  if (parsed.gap ? parsed.count >= kV6Groups : parsed.count != kV6Groups) return false;
  std::array<uint16_t, kV6Groups> groups{};
  const size_t head = parsed.gap.value_or(parsed.count);
  std::copy_n(parsed.groups.begin(), head, groups.begin());
  std::copy(parsed.groups.begin() + head, parsed.groups.begin() + parsed.count,
            groups.end() - (parsed.count - head));
  for (size_t i = 0; i < kV6Groups; ++i) {
    (*out)[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    (*out)[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return true;
}

bool IsV4Mapped(const std::array<uint8_t, 16>& octets) {
  for (int i = 0; i < 10; ++i) {
    if (octets[i] != 0) return false;
  }
  return octets[10] == 0xff && octets[11] == 0xff;
}

void AppendDecimal(uint32_t value, std::string* out) {
  char digits[10];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out->push_back(digits[--n]);
}

void AppendHexGroup(uint16_t value, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const int digit = (value >> shift) & 0xf;
    if (digit != 0 || started || shift == 0) {
      out->push_back(kHex[digit]);
      started = true;
    }
  }
}

}  // namespace

IpAddress IpAddress::V4(const std::array<uint8_t, 4>& octets) {
  IpAddress address;
  std::copy(octets.begin(), octets.end(), address.bytes_.begin());
  return address;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& octets, uint32_t scope_id) {
  if (IsV4Mapped(octets)) return V4({octets[12], octets[13], octets[14], octets[15]});
  IpAddress address;
  address.bytes_ = octets;
  address.family_ = Family::kV6;
  address.scope_id_ = scope_id;
  return address;
}

std::optional<IpAddress> IpAddress::ParseLiteral(std::string_view text) {
  std::array<uint8_t, 4> quad;
  if (ParseV4(text, quad.data())) return V4(quad);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  std::array<uint8_t, 16> octets;
  if (ParseV6(text, &octets)) return V6(octets);
  return std::nullopt;
}

IpAddress IpAddress::FromSockaddr(const sockaddr* address) {
  if (address == nullptr) return IpAddress();
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    std::array<uint8_t, 4> octets;
    std::memcpy(octets.data(), &v4.sin_addr, 4);
    return V4(octets);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    std::array<uint8_t, 16> octets;
    std::memcpy(octets.data(), &v6.sin6_addr, 16);
    return V6(octets, v6.sin6_scope_id);
  }
  return IpAddress();
}

void IpAddress::AppendRendered(std::string* out) const {
  if (is_v4()) {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) out->push_back('.');
      AppendDecimal(bytes_[i], out);
    }
    return;
  }
  for (size_t i = 0; i < kV6Groups; ++i) {
    if (i > 0) out->push_back(':');
    AppendHexGroup(static_cast<uint16_t>((bytes_[2 * i] << 8) | bytes_[2 * i + 1]), out);
  }
  if (scope_id_ != 0) {
    out->push_back('%');
    AppendDecimal(scope_id_, out);
  }
}

std::string IpAddress::Render() const {
  std::string out;
  AppendRendered(&out);
  return out;
}

std::optional<IpAddress> ForwardedForAddress(std::string_view last_header_line) {
  const size_t comma = last_header_line.rfind(',');
  std::string_view element =
      comma == std::string_view::npos ? last_header_line : last_header_line.substr(comma + 1);
  const size_t first = element.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  element = element.substr(first, element.find_last_not_of(" \t") - first + 1);
  return IpAddress::ParseLiteral(element);
}

}  // namespace divolte::event
