// The small parsers of event values: party and session identifiers (protocol.md §4.1), base-36
// numbers and the pixel ratio (§4.3), IP literals and X-Forwarded-For (§13), and the UTF-8
// helpers every decoded value goes through. Input: one value as the client sent it.
//
// Invariants: base-36 parsing agrees with a plain reference and FormatBase36 round-trips;
// normalising an identifier is idempotent and agrees with IsValidIdentifier; a parsed IP
// address renders to a literal that parses back to it and agrees with inet_pton; repaired UTF-8
// is valid and valid UTF-8 is left alone; CompareUtf16 agrees with comparing std::u16string.

#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base/check.h"
#include "event/base36.h"
#include "event/identifier.h"
#include "event/ip_address.h"
#include "event/utf8.h"

namespace {

namespace event = divolte::event;

// `[+-]? [0-9a-zA-Z]+` within [min, max], computed with 128-bit arithmetic.
template <typename Int>
std::optional<Int> ReferenceBase36(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  __int128 value = 0;
  for (const char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value * 36 + digit;
    if (value > (__int128{1} << 64)) value = __int128{1} << 64;  // saturate: out of range anyway
  }
  if (negative) value = -value;
  if (value < std::numeric_limits<Int>::min() || value > std::numeric_limits<Int>::max()) {
    return std::nullopt;
  }
  return static_cast<Int>(value);
}

void CheckBase36(std::string_view text) {
  const auto parsed = event::ParseBase36Int64(text);
  CHECK(parsed == ReferenceBase36<int64_t>(text));
  CHECK(event::ParseBase36Int32(text) == ReferenceBase36<int32_t>(text));
  if (parsed) {
    const std::string canonical = event::FormatBase36(*parsed);
    CHECK(canonical.size() <= event::kMaxBase36Length);
    CHECK(event::ParseBase36Int64(canonical) == parsed);
    CHECK(canonical.find_first_of("+ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
  }
  if (const auto ratio = event::ParsePixelRatio(text)) {
    const size_t dot = text.find('.');
    const auto whole = ReferenceBase36<int64_t>(text.substr(0, dot));
    CHECK(whole.has_value());
    const int64_t distance = *ratio > *whole ? *ratio - *whole : *whole - *ratio;
    CHECK(distance <= 1);  // rounding moves at most to the next integer
    if (dot == std::string_view::npos) CHECK(*ratio == *whole);
  }
}

void CheckIdentifier(std::string_view text) {
  const auto normalised = event::NormaliseIdentifier(text);
  CHECK(normalised.has_value() == event::IsValidIdentifier(text));
  std::string appended = "prefix";
  CHECK(event::AppendNormalisedIdentifier(text, &appended) == normalised.has_value());
  if (!normalised) {
    CHECK(appended == "prefix");
    return;
  }
  CHECK(appended == "prefix" + *normalised);
  CHECK(event::NormaliseIdentifier(*normalised) == normalised);
  CHECK(normalised->starts_with("0:"));
}

void CheckIpAddress(std::string_view text) {
  const auto address = event::IpAddress::ParseLiteral(text);
  if (address) {
    const std::string rendered = address->Render();
    CHECK(event::IpAddress::ParseLiteral(rendered) == address);
    // The same bytes as the C library's parser, when it accepts the literal too.
    std::string plain(text);
    if (plain.size() >= 2 && plain.front() == '[' && plain.back() == ']') {
      plain = plain.substr(1, plain.size() - 2);
    }
    unsigned char bytes[16];
    if (address->is_v4() && inet_pton(AF_INET, plain.c_str(), bytes) == 1 &&
        plain.find(':') == std::string::npos) {
      CHECK(std::memcmp(bytes, address->bytes().data(), 4) == 0);
    }
    if (!address->is_v4() && inet_pton(AF_INET6, plain.c_str(), bytes) == 1) {
      CHECK(std::memcmp(bytes, address->bytes().data(), 16) == 0);
    }
  }
  const auto forwarded = event::ForwardedForAddress(text);
  if (text.find(',') == std::string_view::npos && text.find_first_of(" \t") == std::string::npos) {
    CHECK(forwarded == address);
  }
}

std::u16string ToUtf16(std::string_view valid_utf8) {
  std::string utf16le;
  event::AppendUtf16Le(valid_utf8, &utf16le);
  CHECK(utf16le.size() % 2 == 0);
  std::u16string out;
  for (size_t i = 0; i < utf16le.size(); i += 2) {
    out += static_cast<char16_t>(static_cast<unsigned char>(utf16le[i]) |
                                 static_cast<unsigned char>(utf16le[i + 1]) << 8);
  }
  return out;
}

void CheckUtf8(std::string_view text) {
  std::string repaired;
  event::AppendSanitisedUtf8(text, &repaired);
  CHECK(event::IsValidUtf8(repaired));
  if (event::IsValidUtf8(text)) CHECK(repaired == text);
  std::string decoded;
  if (event::AppendPercentDecoded(text, &decoded)) CHECK(event::IsValidUtf8(decoded));
  // Split the repaired text in two and compare the halves both ways.
  size_t middle = repaired.size() / 2;
  while (middle > 0 && (static_cast<unsigned char>(repaired[middle]) & 0xc0) == 0x80) --middle;
  const std::string_view a = std::string_view(repaired).substr(0, middle);
  const std::string_view b = std::string_view(repaired).substr(middle);
  const int ab = event::CompareUtf16(a, b);
  const int reference = ToUtf16(a).compare(ToUtf16(b));
  CHECK((ab < 0) == (reference < 0) && (ab == 0) == (reference == 0));
  CHECK((event::CompareUtf16(b, a) < 0) == (ab > 0));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckBase36(text);
  CheckIdentifier(text);
  CheckIpAddress(text);
  CheckUtf8(text);
  return 0;
}
