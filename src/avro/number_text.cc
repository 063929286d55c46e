#include "avro/number_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "base/check.h"

namespace divolte::avro {
namespace {

constexpr int kPlainMinExponent = -3;  // 10^-3 <= |x|
constexpr int kPlainMaxExponent = 6;   // |x| < 10^7

struct Decimal {
  std::string digits;  // shortest significant digits, no leading zero
  int exponent = 0;    // value = d.ddd × 10^exponent
};

// Digits and exponent of `magnitude` printed by to_chars in scientific form with `precision`
// fractional digits (shortest round trip when nullopt).
template <typename Real>
Decimal ScientificDecimal(Real magnitude, std::optional<int> precision) {
  char buffer[32];
  const auto result = precision ? std::to_chars(buffer, buffer + sizeof buffer, magnitude,
                                                std::chars_format::scientific, *precision)
                                : std::to_chars(buffer, buffer + sizeof buffer, magnitude,
                                                std::chars_format::scientific);
  CHECK(result.ec == std::errc());
  const std::string_view text(buffer, result.ptr);  // d[.ddd]e±xx
  const size_t e = text.find('e');
  Decimal decimal;
  for (char c : text.substr(0, e)) {
    if (c != '.') decimal.digits.push_back(c);
  }
  std::string_view exponent = text.substr(e + 1);
  if (exponent.front() == '+') exponent.remove_prefix(1);
  std::from_chars(exponent.data(), exponent.data() + exponent.size(), decimal.exponent);
  return decimal;
}

// Java's choice of digits for a finite, non-zero |value|: the shortest that round-trip, except
// that when one digit would do, the closest two-digit decimal is taken (Double.MIN_VALUE is
// 4.9E-324, not 5.0E-324); a second digit 0 is then dropped again.
template <typename Real>
Decimal JavaDecimal(Real magnitude) {
  Decimal decimal = ScientificDecimal(magnitude, std::nullopt);
  if (decimal.digits.size() == 1) {
    decimal = ScientificDecimal(magnitude, 1);
    if (decimal.digits[1] == '0') decimal.digits.pop_back();
  }
  return decimal;
}

void AppendPlain(const Decimal& decimal, std::string* out) {
  const std::string& digits = decimal.digits;
  if (decimal.exponent < 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-decimal.exponent - 1), '0');
    out->append(digits);
    return;
  }
  const size_t integer_digits = static_cast<size_t>(decimal.exponent) + 1;
  if (digits.size() <= integer_digits) {
    out->append(digits);
    out->append(integer_digits - digits.size(), '0');
    out->append(".0");
    return;
  }
  out->append(digits, 0, integer_digits);
  out->push_back('.');
  out->append(digits, integer_digits);
}

void AppendScientific(const Decimal& decimal, std::string* out) {
  out->push_back(decimal.digits[0]);
  out->push_back('.');
  if (decimal.digits.size() > 1) {
    out->append(decimal.digits, 1);
  } else {
    out->push_back('0');
  }
  out->push_back('E');
  out->append(std::to_string(decimal.exponent));
}

// The parts of a decimal floating-point literal, checked: [digits][.digits][(e|E)[sign]digits].
struct DecimalLiteral {
  std::string_view integer;
  std::string_view fraction;
  int64_t exponent = 0;  // saturated far beyond any finite double
};

constexpr int64_t kExponentLimit = 1'000'000'000;

size_t CountDigits(std::string_view text, size_t from) {
  size_t end = from;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return end - from;
}

std::optional<DecimalLiteral> SplitDecimal(std::string_view text) {
  DecimalLiteral literal;
  size_t position = CountDigits(text, 0);
  literal.integer = text.substr(0, position);
  if (position < text.size() && text[position] == '.') {
    const size_t digits = CountDigits(text, position + 1);
    literal.fraction = text.substr(position + 1, digits);
    position += 1 + digits;
  }
  if (literal.integer.empty() && literal.fraction.empty()) return std::nullopt;
  if (position == text.size()) return literal;
  if (text[position] != 'e' && text[position] != 'E') return std::nullopt;
  ++position;
  const bool negative = position < text.size() && text[position] == '-';
  if (position < text.size() && (text[position] == '-' || text[position] == '+')) ++position;
  const size_t digits = CountDigits(text, position);
  if (digits == 0 || position + digits != text.size()) return std::nullopt;
  for (const char digit : text.substr(position)) {
    literal.exponent = std::min(literal.exponent * 10 + (digit - '0'), kExponentLimit);
  }
  if (negative) literal.exponent = -literal.exponent;
  return literal;
}

// Whether a literal that from_chars found out of range is too large (rather than too small):
// its leading non-zero digit stands at 10^k with k >= 0.
bool Overflows(const DecimalLiteral& literal) {
  const size_t lead = literal.integer.find_first_not_of('0');
  if (lead != std::string_view::npos) {
    return static_cast<int64_t>(literal.integer.size() - lead) + literal.exponent > 0;
  }
  const size_t zeros = literal.fraction.find_first_not_of('0');
  return literal.exponent - static_cast<int64_t>(zeros) > 0;
}

template <typename Real>
std::optional<Real> ParseReal(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  Real value = 0;
  if (text == "NaN") {
    value = std::numeric_limits<Real>::quiet_NaN();
  } else if (text == "Infinity") {
    value = std::numeric_limits<Real>::infinity();
  } else {
    if (!text.empty() && std::string_view("fFdD").find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
    }
    const std::optional<DecimalLiteral> literal = SplitDecimal(text);
    if (!literal) return std::nullopt;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec == std::errc::result_out_of_range) {
      value = Overflows(*literal) ? std::numeric_limits<Real>::infinity() : Real{0};
    } else if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
      return std::nullopt;
    }
  }
  return negative ? -value : value;
}

}  // namespace

std::optional<double> ParseDoubleText(std::string_view text) { return ParseReal<double>(text); }

std::optional<float> ParseFloatText(std::string_view text) { return ParseReal<float>(text); }

namespace {

template <typename Real>
void AppendJavaRealText(Real value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::signbit(value)) out->push_back('-');
  const Real magnitude = std::fabs(value);
  if (std::isinf(magnitude)) {
    out->append("Infinity");
  } else if (magnitude == 0) {
    out->append("0.0");
  } else {
    const Decimal decimal = JavaDecimal(magnitude);
    if (decimal.exponent >= kPlainMinExponent && decimal.exponent <= kPlainMaxExponent) {
      AppendPlain(decimal, out);
    } else {
      AppendScientific(decimal, out);
    }
  }
}

}  // namespace

void AppendJavaDoubleText(double value, std::string* out) { AppendJavaRealText(value, out); }

void AppendJavaFloatText(float value, std::string* out) { AppendJavaRealText(value, out); }

}  // namespace divolte::avro
