// Escapes and back-references of the Java-to-PCRE2 regex translator.

#include <algorithm>
#include <cstdint>
#include <string>

#include "functions/java_regex_parser.h"

namespace divolte::functions::internal {

void JavaRegexParser::Escape() {
  const size_t start = pos_++;
  const char32_t c = PeekRaw();
  if (c == kEnd) {
    Fail("Unexpected internal error", start);
    return;
  }
  ++pos_;
  std::string& out = result_.pcre2_pattern;
  if (IsPredefinedClassLetter(c) || c == 'X') {  // \X: an extended grapheme cluster, as in Java
    (out += '\\') += static_cast<char>(c);
    return;
  }
  switch (c) {
    case 'k':
      NamedBackReference();
      return;
    case 'A':
    case 'z':
    case 'G':
    case 'B':
    case 'R':
      (out += "(?:\\") += static_cast<char>(c);
      out += ')';
      return;
    case 'b':
      if (PeekRaw() == '{') return Unsupported();  // \b{g}
      out += "(?:\\b)";
      return;
    case 'Z':
      EmitDollar(false);
      return;
    case 'p':
    case 'P':
      Property(c == 'P', nullptr);
      return;
    case 'Q':
      while (pos_ < pattern_.size() && !(pattern_[pos_] == '\\' && PeekRaw(1) == 'E')) {
        EmitLiteral(pattern_[pos_++]);
      }
      pos_ = std::min(pos_ + 2, pattern_.size());
      return;
    default:
      if (c >= '1' && c <= '9') return NumericBackReference(c);
      if (const std::optional<char32_t> literal = CharEscape(c)) EmitLiteral(*literal);
  }
}

// Escapes that denote one character, inside and outside classes. `c` has been consumed.
std::optional<char32_t> JavaRegexParser::CharEscape(char32_t c) {
  switch (c) {
    case 't':
      return U'\t';
    case 'n':
      return U'\n';
    case 'r':
      return U'\r';
    case 'f':
      return U'\f';
    case 'a':
      return char32_t{7};
    case 'e':
      return char32_t{27};
    case '0':
      return OctalEscape();
    case 'x':
      return HexEscape();
    case 'u':
      return UnicodeEscape();
    case 'c':
      if (PeekRaw() == kEnd) {
        Fail("Illegal control escape sequence", pos_);
        return std::nullopt;
      }
      return pattern_[pos_++] ^ 64;
    default:
      if (IsAsciiLetter(c) || IsDigit(c)) {
        Fail("Illegal/unsupported escape sequence", pos_ - 1);
        return std::nullopt;
      }
      return c;  // any other character stands for itself
  }
}

std::optional<char32_t> JavaRegexParser::OctalEscape() {
  const char32_t n = PeekRaw();
  if (!IsOctal(n)) {
    Fail("Illegal octal escape sequence", pos_);
    return std::nullopt;
  }
  ++pos_;
  const char32_t m = PeekRaw();
  if (!IsOctal(m)) return n - '0';
  ++pos_;
  const char32_t o = PeekRaw();
  if (IsOctal(o) && n <= '3') {
    ++pos_;
    return (n - '0') * 64 + (m - '0') * 8 + (o - '0');
  }
  return (n - '0') * 8 + (m - '0');
}

std::optional<char32_t> JavaRegexParser::HexEscape() {
  if (IsHex(PeekRaw()) && IsHex(PeekRaw(1))) {
    const char32_t value = HexValue(PeekRaw()) * 16 + HexValue(PeekRaw(1));
    pos_ += 2;
    return value;
  }
  if (PeekRaw() == '{' && IsHex(PeekRaw(1))) {
    ++pos_;
    char32_t value = 0;
    while (IsHex(PeekRaw())) {
      value = value * 16 + HexValue(pattern_[pos_++]);
      if (value > 0x10ffff) {
        Fail("Hexadecimal codepoint is too big", pos_);
        return std::nullopt;
      }
    }
    if (PeekRaw() != '}') {
      Fail("Unclosed hexadecimal escape sequence", pos_);
      return std::nullopt;
    }
    ++pos_;
    return value;
  }
  Fail("Illegal hexadecimal escape sequence", pos_);
  return std::nullopt;
}

std::optional<char32_t> JavaRegexParser::FourHexDigits() {
  char32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsHex(PeekRaw(i))) return std::nullopt;
    value = value * 16 + HexValue(PeekRaw(i));
  }
  pos_ += 4;
  return value;
}

// \uhhhh; an escaped high surrogate followed by an escaped low surrogate is one code point.
std::optional<char32_t> JavaRegexParser::UnicodeEscape() {
  const std::optional<char32_t> unit = FourHexDigits();
  if (!unit) {
    Fail("Illegal Unicode escape sequence", pos_);
    return std::nullopt;
  }
  if (*unit < 0xd800 || *unit > 0xdbff || PeekRaw() != '\\' || PeekRaw(1) != 'u') return unit;
  const size_t saved = pos_;
  pos_ += 2;
  const std::optional<char32_t> low = FourHexDigits();
  if (low && *low >= 0xdc00 && *low <= 0xdfff) {
    return 0x10000 + ((*unit - 0xd800) << 10) + (*low - 0xdc00);
  }
  pos_ = saved;
  return unit;
}

// Java reads further digits only while they name a group that exists so far (\11 is group 1
// followed by '1' unless 11 groups precede it).
void JavaRegexParser::NumericBackReference(char32_t first) {
  uint32_t group = first - '0';
  while (IsDigit(PeekRaw())) {
    const uint64_t longer = uint64_t{group} * 10 + (PeekRaw() - '0');
    if (longer > result_.group_count) break;
    group = static_cast<uint32_t>(longer);
    ++pos_;
  }
  EmitBackReference(group);
}

void JavaRegexParser::NamedBackReference() {
  if (PeekRaw() != '<') {
    Fail("\\k is not followed by '<' for named capturing group", pos_);
    return;
  }
  ++pos_;
  const size_t start = pos_;
  const std::string name = NameAt();
  if (failed_) return;
  for (const auto& [existing, group] : result_.group_names) {
    if (existing == name) return EmitBackReference(group);
  }
  Fail("named capturing group <" + name + "> does not exist", start);
}

void JavaRegexParser::EmitBackReference(uint32_t group) {
  std::string& out = result_.pcre2_pattern;
  if (group > total_groups_) {  // Java's matcher has such a group slot, never set: no match
    out += "(?:(*FAIL))";
    return;
  }
  // PCRE2's caseless back-reference folds all letters, Java's without (?u) only ASCII ones.
  out += flags_.case_insensitive ? "(?i:\\g{" : "(?:\\g{";
  out += std::to_string(group);
  out += "})";
}

}  // namespace divolte::functions::internal
