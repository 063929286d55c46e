#include "functions/conversions.h"

#include <locale.h>
#include <stdlib.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>

#include "base/strings.h"

namespace divolte::functions {
namespace {

template <typename Int>
std::optional<Int> ParseInteger(std::string_view text) {
  // from_chars accepts exactly: optional '-', then ASCII digits.
  Int value;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value, 10);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Consumes a run of characters satisfying `accept` from `*text`; returns its length.
template <typename Predicate>
size_t ConsumeRun(std::string_view* text, Predicate accept) {
  size_t n = 0;
  while (n < text->size() && accept((*text)[n])) ++n;
  text->remove_prefix(n);
  return n;
}

// `mantissa` then an exponent marked by one of `markers`; the exponent is required if
// `exponent_required`. Used for both decimal and hexadecimal literals.
template <typename Predicate>
bool IsLiteral(std::string_view text, Predicate is_digit, std::string_view markers,
               bool exponent_required) {
  size_t digits = ConsumeRun(&text, is_digit);
  if (!text.empty() && text.front() == '.') {
    text.remove_prefix(1);
    digits += ConsumeRun(&text, is_digit);
  }
  if (digits == 0) return false;
  if (text.empty()) return !exponent_required;
  if (markers.find(text.front()) == std::string_view::npos) return false;
  text.remove_prefix(1);
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return ConsumeRun(&text, IsDigit) > 0 && text.empty();
}

// A validated floating-point literal.
struct FloatLiteral {
  enum class Kind { kNumber, kNaN, kInfinity };
  Kind kind = Kind::kNumber;
  bool negative = false;
  bool hex = false;
  std::string_view magnitude;  // without sign, "0x" prefix and type suffix
};

std::optional<FloatLiteral> ValidateFloat(std::string_view text) {
  FloatLiteral literal;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    literal.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "NaN") literal.kind = FloatLiteral::Kind::kNaN;
  if (text == "Infinity") literal.kind = FloatLiteral::Kind::kInfinity;
  if (literal.kind != FloatLiteral::Kind::kNumber) return literal;
  if (!text.empty() && std::string_view("fFdD").find(text.back()) != std::string_view::npos) {
    text.remove_suffix(1);
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    literal.hex = true;
    text.remove_prefix(2);
    if (!IsLiteral(text, IsHexDigit, "pP", true)) return std::nullopt;
  } else if (!IsLiteral(text, IsDigit, "eE", false)) {
    return std::nullopt;
  }
  literal.magnitude = text;
  return literal;
}

// Slow path for magnitudes outside the type's range, where from_chars reports an error instead
// of rounding to the largest value, infinity or zero: the C library rounds correctly.
template <typename Float>
Float ParseOutOfRange(const FloatLiteral& literal) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  std::string text = literal.hex ? "0x" : "";
  text.append(literal.magnitude);
  if constexpr (std::is_same_v<Float, float>) {
    return strtof_l(text.c_str(), nullptr, c_locale);
  } else {
    return strtod_l(text.c_str(), nullptr, c_locale);
  }
}

template <typename Float>
std::optional<Float> ParseFloating(std::string_view text) {
  const std::optional<FloatLiteral> literal = ValidateFloat(text);
  if (!literal) return std::nullopt;
  Float magnitude;
  switch (literal->kind) {
    case FloatLiteral::Kind::kNaN:
      return std::numeric_limits<Float>::quiet_NaN();
    case FloatLiteral::Kind::kInfinity:
      magnitude = std::numeric_limits<Float>::infinity();
      break;
    case FloatLiteral::Kind::kNumber: {
      const std::string_view m = literal->magnitude;
      const auto format = literal->hex ? std::chars_format::hex : std::chars_format::general;
      const auto result = std::from_chars(m.data(), m.data() + m.size(), magnitude, format);
      if (result.ec == std::errc::result_out_of_range) {
        magnitude = ParseOutOfRange<Float>(*literal);
      } else if (result.ec != std::errc() || result.ptr != m.data() + m.size()) {
        return std::nullopt;  // unreachable for validated input; kept as a guard
      }
      break;
    }
  }
  return literal->negative ? -magnitude : magnitude;
}

}  // namespace

std::optional<int32_t> ParseInt32(std::string_view text) { return ParseInteger<int32_t>(text); }

std::optional<int64_t> ParseInt64(std::string_view text) { return ParseInteger<int64_t>(text); }

std::optional<float> ParseFp32(std::string_view text) { return ParseFloating<float>(text); }

std::optional<double> ParseFp64(std::string_view text) { return ParseFloating<double>(text); }

bool ParseBool(std::string_view text) { return base::EqualsIgnoreCase(text, "true"); }

}  // namespace divolte::functions
