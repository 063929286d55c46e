#include "event/base36.h"

#include <array>
#include <limits>

namespace divolte::event {
namespace {

constexpr uint8_t kNotADigit = 0xff;

constexpr std::array<uint8_t, 256> MakeDigitTable() {
  std::array<uint8_t, 256> table{};
  for (auto& entry : table) entry = kNotADigit;
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<uint8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<uint8_t>(c - 'A' + 10);
  return table;
}
constexpr std::array<uint8_t, 256> kDigits = MakeDigitTable();

inline uint8_t DigitOf(char c) { return kDigits[static_cast<uint8_t>(c)]; }

// Parses `[+-]? digits` whose magnitude is at most `limit` (for negative numbers the limit is one
// larger, so the minimum of the range parses). Returns the magnitude and the sign.
struct SignedMagnitude {
  uint64_t magnitude;
  bool negative;
};

std::optional<SignedMagnitude> ParseSignedDigits(std::string_view text, uint64_t positive_limit) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  const uint64_t limit = positive_limit + (negative ? 1 : 0);
  uint64_t magnitude = 0;
  for (char c : text) {
    const uint8_t digit = DigitOf(c);
    if (digit == kNotADigit) return std::nullopt;
    if (magnitude > (limit - digit) / 36) return std::nullopt;  // magnitude*36+digit > limit
    magnitude = magnitude * 36 + digit;
  }
  return SignedMagnitude{magnitude, negative};
}

// Two's complement negation through unsigned arithmetic keeps INT64_MIN well-defined.
inline int64_t ApplySign(const SignedMagnitude& parsed) {
  const uint64_t bits = parsed.negative ? ~parsed.magnitude + 1 : parsed.magnitude;
  return static_cast<int64_t>(bits);
}

}  // namespace

std::optional<int64_t> ParseBase36Int64(std::string_view text) {
  const auto parsed = ParseSignedDigits(text, std::numeric_limits<int64_t>::max());
  if (!parsed) return std::nullopt;
  return ApplySign(*parsed);
}

std::optional<int32_t> ParseBase36Int32(std::string_view text) {
  const auto parsed = ParseSignedDigits(text, std::numeric_limits<int32_t>::max());
  if (!parsed) return std::nullopt;
  return static_cast<int32_t>(ApplySign(*parsed));
}

// Rounding needs only the first fraction digit: d1 >= 18 means fraction >= 18/36 = 0.5, and
// d1 <= 17 means fraction < 17/36 + 1/36 = 0.5 for any finite tail of digits.
std::optional<int32_t> ParsePixelRatio(std::string_view text) {
  const size_t dot = text.find('.');
  std::string_view fraction;
  if (dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
    if (fraction.empty()) return std::nullopt;
    for (char c : fraction) {
      if (DigitOf(c) == kNotADigit) return std::nullopt;
    }
  }
  // Rounding up can push the integer part just past the range; check the rounded magnitude.
  const auto parsed = ParseSignedDigits(text, std::numeric_limits<int32_t>::max());
  if (!parsed) return std::nullopt;
  uint64_t magnitude = parsed->magnitude;
  if (!fraction.empty() && DigitOf(fraction.front()) >= 18) ++magnitude;
  const uint64_t limit =
      static_cast<uint64_t>(std::numeric_limits<int32_t>::max()) + (parsed->negative ? 1 : 0);
  if (magnitude > limit) return std::nullopt;
  return static_cast<int32_t>(ApplySign(SignedMagnitude{magnitude, parsed->negative}));
}

size_t FormatBase36(int64_t value, char* buffer) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bool negative = value < 0;
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (negative) magnitude = ~magnitude + 1;
  char reversed[kMaxBase36Length];
  size_t n = 0;
  do {
    reversed[n++] = kAlphabet[magnitude % 36];
    magnitude /= 36;
  } while (magnitude != 0);
  size_t length = 0;
  if (negative) buffer[length++] = '-';
  while (n > 0) buffer[length++] = reversed[--n];
  return length;
}

std::string FormatBase36(int64_t value) {
  char buffer[kMaxBase36Length];
  return std::string(buffer, FormatBase36(value, buffer));
}

}  // namespace divolte::event
