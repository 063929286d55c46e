#include "event/mincode.h"

#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "event/base36.h"

namespace divolte::event {
namespace {

inline bool IsBase36Digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool IsDecimalDigit(char c) { return c >= '0' && c <= '9'; }

inline int Base36DigitValue(char c) {
  if (c <= '9') return c - '0';
  if (c >= 'a') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Removes an optional sign; returns true for '-'.
bool StripSign(std::string_view* text) {
  if (text->empty() || (text->front() != '+' && text->front() != '-')) return false;
  const bool negative = text->front() == '-';
  text->remove_prefix(1);
  return negative;
}

// Decimal text of a big non-negative integer given as base-`radix` digits (schoolbook, limbs of
// 10^9, least significant first). Only reached for values outside int64.
std::string BigDecimalText(std::string_view digits, int radix, bool negative) {
  constexpr uint64_t kLimbBase = 1000000000;
  std::vector<uint32_t> limbs;
  for (char c : digits) {
    uint64_t carry = static_cast<uint64_t>(radix == 36 ? Base36DigitValue(c) : c - '0');
    for (uint32_t& limb : limbs) {
      const uint64_t v = uint64_t{limb} * static_cast<uint64_t>(radix) + carry;
      limb = static_cast<uint32_t>(v % kLimbBase);
      carry = v / kLimbBase;
    }
    if (carry != 0) limbs.push_back(static_cast<uint32_t>(carry));
  }
  std::string out = negative ? "-" : "";
  out += limbs.empty() ? "0" : std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    const std::string limb = std::to_string(limbs[i]);
    out.append(9 - limb.size(), '0');
    out += limb;
  }
  return out;
}

// `d` payload: arbitrary-precision base-36 integer.
std::optional<JsonValue> ParseBase36Integer(std::string_view text) {
  if (const auto small = ParseBase36Int64(text)) return JsonValue::Integer(*small);
  const bool negative = StripSign(&text);
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (!IsBase36Digit(c)) return std::nullopt;
  }
  // ParseBase36Int64 failed on valid digits, so the value overflows int64 and is not zero.
  return JsonValue::BigInteger(BigDecimalText(text, 36, negative));
}

// Length of the run of decimal digits at the start of `text`.
size_t DigitRun(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && IsDecimalDigit(text[n])) ++n;
  return n;
}

// Integer `j` payload (no fraction, no exponent): int64 if it fits, else exact decimal text.
std::optional<JsonValue> ParseDecimalInteger(std::string_view unsigned_digits, bool negative) {
  const size_t first_nonzero = unsigned_digits.find_first_not_of('0');
  if (first_nonzero == std::string_view::npos) return JsonValue::Integer(0);
  const std::string_view digits = unsigned_digits.substr(first_nonzero);
  uint64_t magnitude = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  const uint64_t limit =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  if (result.ec == std::errc() && magnitude <= limit) {
    return JsonValue::Integer(static_cast<int64_t>(negative ? ~magnitude + 1 : magnitude));
  }
  return JsonValue::BigInteger(BigDecimalText(digits, 10, negative));
}

// `j` payload: [+-] digits [. digits] [(e|E) [+-] digits].
std::optional<JsonValue> ParseDecimalNumber(std::string_view text) {
  std::string_view rest = text;
  const bool negative = StripSign(&rest);
  const std::string_view unsigned_text = rest;
  const size_t int_digits = DigitRun(rest);
  if (int_digits == 0) return std::nullopt;
  rest.remove_prefix(int_digits);
  if (rest.empty()) return ParseDecimalInteger(unsigned_text, negative);
  if (rest.front() == '.') {
    rest.remove_prefix(1);
    const size_t fraction_digits = DigitRun(rest);
    if (fraction_digits == 0) return std::nullopt;
    rest.remove_prefix(fraction_digits);
  }
  if (!rest.empty() && (rest.front() == 'e' || rest.front() == 'E')) {
    rest.remove_prefix(1);
    StripSign(&rest);
    const size_t exponent_digits = DigitRun(rest);
    if (exponent_digits == 0) return std::nullopt;
    rest.remove_prefix(exponent_digits);
  }
  if (!rest.empty()) return std::nullopt;
  double value = 0;
  const auto result =
      std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), value);
  if (result.ec != std::errc()) return std::nullopt;  // out of double range
  return JsonValue::Double(negative ? -value : value);
}

// Recursive-descent decoder over the input; depth is bounded by kMaxMincodeDepth.
class Decoder {
 public:
  explicit Decoder(std::string_view input) : input_(input) {}

  std::optional<JsonValue> DecodeTop() {
    char type;
    if (!Next(&type)) return std::nullopt;
    return DecodeRecord(type, 0);
  }

 private:
  bool Next(char* c) {
    if (position_ == input_.size()) return false;
    *c = input_[position_++];
    return true;
  }

  std::optional<JsonValue> DecodeRecord(char type, int depth);
  std::optional<JsonValue> DecodeObject(int depth);
  std::optional<JsonValue> DecodeArray(int depth);
  bool ReadEscaped(std::string* out);
  bool ReadRaw(std::string_view* out);

  std::string_view input_;
  size_t position_ = 0;
};

std::optional<JsonValue> Decoder::DecodeRecord(char type, int depth) {
  switch (type) {
    case 's': {
      std::string text;
      if (!ReadEscaped(&text)) return std::nullopt;
      return JsonValue::String(std::move(text));
    }
    case 't':
      return JsonValue::Bool(true);
    case 'f':
      return JsonValue::Bool(false);
    case 'n':
      return JsonValue::Null();
    case 'o':
      return JsonValue::Object();
    case 'd':
    case 'j': {
      std::string_view payload;
      if (!ReadRaw(&payload) || payload.size() > kMaxMincodeNumberLength) return std::nullopt;
      return type == 'd' ? ParseBase36Integer(payload) : ParseDecimalNumber(payload);
    }
    case '(':
      if (depth >= kMaxMincodeDepth) return std::nullopt;
      return DecodeObject(depth + 1);
    case 'a':
      if (depth >= kMaxMincodeDepth) return std::nullopt;
      return DecodeArray(depth + 1);
    default:
      return std::nullopt;  // unknown type, or ')' / '.' where no container ends
  }
}

std::optional<JsonValue> Decoder::DecodeObject(int depth) {
  JsonObject members;
  for (;;) {
    char type;
    if (!Next(&type)) return std::nullopt;
    if (type == ')') return JsonValue::Object(std::move(members));
    std::string name;
    if (!ReadEscaped(&name)) return std::nullopt;
    auto value = DecodeRecord(type, depth);
    if (!value) return std::nullopt;
    members.push_back(JsonMember{std::move(name), std::move(*value)});
  }
}

std::optional<JsonValue> Decoder::DecodeArray(int depth) {
  JsonArray elements;
  for (;;) {
    char type;
    if (!Next(&type)) return std::nullopt;
    if (type == '.') return JsonValue::Array(std::move(elements));
    auto value = DecodeRecord(type, depth);
    if (!value) return std::nullopt;
    elements.push_back(std::move(*value));
  }
}

// Escaped text up to an unescaped '!'; "~x" yields x. Multi-byte UTF-8 needs no care: its bytes
// are never '~' or '!'.
bool Decoder::ReadEscaped(std::string* out) {
  char c;
  while (Next(&c)) {
    if (c == '!') return true;
    if (c == '~' && !Next(&c)) return false;
    out->push_back(c);
  }
  return false;
}

bool Decoder::ReadRaw(std::string_view* out) {
  const size_t end = input_.find('!', position_);
  if (end == std::string_view::npos) return false;
  *out = input_.substr(position_, end - position_);
  position_ = end + 1;
  return true;
}

}  // namespace

std::optional<JsonValue> DecodeMincode(std::string_view text) { return Decoder(text).DecodeTop(); }

}  // namespace divolte::event
