#include "script/number_literal.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace divolte::script {
namespace {

// A non-negative integer of any size: little-endian limbs in base 10^9.
class BigNatural {
 public:
  void MultiplyAdd(uint32_t factor, uint32_t addend) {
    uint64_t carry = addend;
    for (uint32_t& limb : limbs_) {
      const uint64_t product = static_cast<uint64_t>(limb) * factor + carry;
      limb = static_cast<uint32_t>(product % kBase);
      carry = product / kBase;
    }
    if (carry != 0) limbs_.push_back(static_cast<uint32_t>(carry));
  }

  // True and the value in `out` if it is at most `max`.
  bool FitsIn(uint64_t max, uint64_t* out) const {
    if (limbs_.size() > 3) return false;
    unsigned __int128 value = 0;
    for (size_t i = limbs_.size(); i-- > 0;) value = value * kBase + limbs_[i];
    if (value > max) return false;
    *out = static_cast<uint64_t>(value);
    return true;
  }

  std::string ToDecimal() const {
    if (limbs_.empty()) return "0";
    std::string text = std::to_string(limbs_.back());
    for (size_t i = limbs_.size() - 1; i-- > 0;) {
      const std::string limb = std::to_string(limbs_[i]);
      text.append(9 - limb.size(), '0');
      text += limb;
    }
    return text;
  }

 private:
  static constexpr uint32_t kBase = 1'000'000'000;
  std::vector<uint32_t> limbs_;  // no most significant zero limb; empty for zero
};

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Digits of `radix` with underscores only between digits (mapping.md §2.5).
bool IsDigitRun(std::string_view run, int radix) {
  if (run.empty() || run.front() == '_' || run.back() == '_') return false;
  for (const char c : run) {
    if (c != '_' && DigitValue(c) >= radix) return false;
  }
  return true;
}

std::string WithoutUnderscores(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

base::Result<Literal> Invalid(std::string_view spelling) {
  return base::Result<Literal>::Error("invalid numeric literal '" + std::string(spelling) + "'");
}

base::Result<Literal> OutOfRange(std::string_view spelling, std::string_view type) {
  return base::Result<Literal>::Error("numeric literal '" + std::string(spelling) +
                                      "' is out of range for " + std::string(type));
}

// An integer literal: `digits` (validated) in `radix`, then the optional suffix.
base::Result<Literal> IntegerLiteral(std::string_view spelling, std::string_view digits, int radix,
                                     char suffix) {
  BigNatural value;
  for (const char c : digits) {
    if (c != '_') value.MultiplyAdd(static_cast<uint32_t>(radix), DigitValue(c));
  }
  Literal literal;
  uint64_t small = 0;
  constexpr uint64_t kIntMax = std::numeric_limits<int32_t>::max();
  constexpr uint64_t kLongMax = std::numeric_limits<int64_t>::max();
  if ((suffix == 'g' || suffix == 'G') || (suffix == 0 && !value.FitsIn(kLongMax, &small))) {
    literal.kind = LiteralKind::kBigInteger;
    literal.text = value.ToDecimal();
    return literal;
  }
  if (suffix == 'i' || suffix == 'I') {
    if (!value.FitsIn(kIntMax, &small)) return OutOfRange(spelling, "Integer");
    literal.kind = LiteralKind::kInteger;
  } else if (suffix == 'l' || suffix == 'L') {
    if (!value.FitsIn(kLongMax, &small)) return OutOfRange(spelling, "Long");
    literal.kind = LiteralKind::kLong;
  } else {
    literal.kind = small <= kIntMax ? LiteralKind::kInteger : LiteralKind::kLong;
  }
  literal.integer = static_cast<int64_t>(small);
  return literal;
}

// A decimal number (or a decimal integer with suffix D/F): `text` has no underscores.
base::Result<Literal> FloatingLiteral(std::string_view spelling, const std::string& text,
                                      char suffix) {
  Literal literal;
  const char* end = text.data() + text.size();
  if (suffix == 'f' || suffix == 'F') {
    float value = 0;
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end) return OutOfRange(spelling, "Float");
    literal.kind = LiteralKind::kFloat;
    literal.floating = value;
  } else {
    double value = 0;
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end) return OutOfRange(spelling, "Double");
    literal.kind = LiteralKind::kDouble;
    literal.floating = value;
  }
  return literal;
}

base::Result<Literal> RadixLiteral(std::string_view spelling, int radix) {
  std::string_view digits = spelling.substr(2);
  char suffix = 0;
  if (!digits.empty() && std::string_view("IiLlGg").find(digits.back()) != std::string_view::npos) {
    suffix = digits.back();
    digits.remove_suffix(1);
  }
  if (!IsDigitRun(digits, radix)) return Invalid(spelling);
  return IntegerLiteral(spelling, digits, radix, suffix);
}

// The parts of a decimal literal: integer digits, optional fraction and exponent.
struct DecimalParts {
  std::string_view integer;
  bool has_fraction = false;
  bool has_exponent = false;
};

bool SplitDecimal(std::string_view text, DecimalParts* parts) {
  const size_t integer_end = text.find_first_not_of("0123456789_");
  parts->integer = text.substr(0, integer_end);
  if (!IsDigitRun(parts->integer, 10)) return false;
  text.remove_prefix(parts->integer.size());
  if (!text.empty() && text.front() == '.') {
    const size_t end = text.find_first_not_of("0123456789_", 1);
    if (!IsDigitRun(text.substr(1, end == std::string_view::npos ? end : end - 1), 10)) {
      return false;
    }
    parts->has_fraction = true;
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  if (!text.empty() && (text.front() == 'e' || text.front() == 'E')) {
    text.remove_prefix(1);
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
    if (!IsDigitRun(text, 10)) return false;
    parts->has_exponent = true;
    text = {};
  }
  return text.empty();
}

base::Result<Literal> DecimalLiteral(std::string_view spelling) {
  std::string_view text = spelling;
  char suffix = 0;
  if (std::string_view("IiLlGgDdFf").find(text.back()) != std::string_view::npos) {
    suffix = text.back();
    text.remove_suffix(1);
  }
  DecimalParts parts;
  if (!SplitDecimal(text, &parts)) return Invalid(spelling);
  const bool floating_suffix = suffix == 'd' || suffix == 'D' || suffix == 'f' || suffix == 'F';
  if (floating_suffix) return FloatingLiteral(spelling, WithoutUnderscores(text), suffix);
  if (parts.has_fraction || parts.has_exponent) {
    if (suffix != 0 && suffix != 'g' && suffix != 'G') return Invalid(spelling);
    Literal literal;
    literal.kind = LiteralKind::kBigDecimal;
    literal.text = WithoutUnderscores(text);
    return literal;
  }
  // A leading zero makes an integer octal (017); "0" alone is decimal.
  const bool octal = parts.integer.size() > 1 && parts.integer.front() == '0';
  if (octal && !IsDigitRun(parts.integer, 8)) return Invalid(spelling);
  return IntegerLiteral(spelling, parts.integer, octal ? 8 : 10, suffix);
}

}  // namespace

base::Result<Literal> ParseNumericLiteral(std::string_view spelling) {
  if (spelling.size() > kMaxNumericLiteralLength) {
    return base::Result<Literal>::Error("numeric literal is longer than " +
                                        std::to_string(kMaxNumericLiteralLength) + " characters");
  }
  if (spelling.empty() || spelling.front() < '0' || spelling.front() > '9') {
    return Invalid(spelling);
  }
  if (spelling.size() > 1 && spelling[0] == '0' && (spelling[1] == 'x' || spelling[1] == 'X')) {
    return RadixLiteral(spelling, 16);
  }
  if (spelling.size() > 1 && spelling[0] == '0' && (spelling[1] == 'b' || spelling[1] == 'B')) {
    return RadixLiteral(spelling, 2);
  }
  return DecimalLiteral(spelling);
}

}  // namespace divolte::script
