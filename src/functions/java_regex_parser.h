#pragma once

// The Java-to-PCRE2 regex translator behind TranslateJavaRegex (java_regex.h). Internal to this
// module: java_regex.cc holds the sequence, group and quantifier rules and the emitted forms of
// literals and anchors, java_regex_escape.cc the escapes and back-references, java_regex_class.cc
// the character classes and property names. One instance translates one pattern once.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "functions/java_regex.h"

namespace divolte::functions::internal {

// The flags of java.util.regex.Pattern that change how the pattern is parsed or translated.
struct JavaFlags {
  bool case_insensitive = false;  // (?i)
  bool multiline = false;         // (?m)
  bool dotall = false;            // (?s)
  bool comments = false;          // (?x)
  bool unicode_case = false;      // (?u)
  bool unix_lines = false;        // (?d)
};

// A property (\p{...}) as PCRE2 class-body text. `negative` is empty when the complement cannot
// be written inside a class (it can still be written as [^positive] on its own).
struct PropertyText {
  std::string positive;
  std::string negative;
};

class JavaRegexParser {
 public:
  // `total_groups`: the number of capturing groups of the whole pattern when known (a second
  // pass), so that back-references to groups that never exist can be translated as failing.
  JavaRegexParser(std::u32string pattern, std::vector<size_t> utf16_index, uint32_t total_groups);

  // Translates the whole pattern; false on error (see error()).
  bool Run();
  const std::string& error() const { return error_; }
  JavaRegexTranslation& result() { return result_; }

 private:
  static constexpr char32_t kEnd = 0xffffffff;

  // java_regex.cc
  void Alternation();
  void Sequence();
  bool Atom();  // false when nothing quantifiable was emitted (an inline flag group)
  void Quantifier();
  bool CountedQuantifier();
  uint64_t ReadNumber();
  bool Group();
  bool InlineFlags();
  bool InlineFlagGroup();
  void GroupBody(std::string_view open);
  std::string NameAt();
  void NamedGroup();
  void EmitLiteral(char32_t c);
  void EmitDot();
  void EmitCaret();
  void EmitDollar(bool multiline);

  // java_regex_escape.cc
  void Escape();
  std::optional<char32_t> CharEscape(char32_t c);
  std::optional<char32_t> OctalEscape();
  std::optional<char32_t> HexEscape();
  std::optional<char32_t> FourHexDigits();
  std::optional<char32_t> UnicodeEscape();
  void NumericBackReference(char32_t first);
  void NamedBackReference();
  void EmitBackReference(uint32_t group);

  // java_regex_class.cc
  struct ClassItems;
  void CharacterClass();
  void ClassBody(ClassItems* items);
  void ClassItem(ClassItems* items);
  bool ClassEscape(ClassItems* items, char32_t* literal);
  void EmitClass(const ClassItems& items, bool negated);
  // \p{name} / \P{name}: into `items` inside a class, else emitted as a class of its own.
  void Property(bool negated, ClassItems* items);
  std::optional<PropertyText> ResolveProperty(std::string_view name, size_t start);
  std::optional<PropertyText> ResolveIsProperty(std::string_view name, size_t start);

  // Cursor. Peek skips whitespace and comments in (?x) mode, as Java's parser does.
  char32_t Peek();
  char32_t PeekRaw(size_t ahead = 0) const {
    return pos_ + ahead < pattern_.size() ? pattern_[pos_ + ahead] : kEnd;
  }
  bool AtEnd() { return Peek() == kEnd; }
  void MarkSource() { result_.source_map.emplace_back(result_.pcre2_pattern.size(), Index(pos_)); }
  size_t Index(size_t pos) const { return utf16_index_[std::min(pos, pattern_.size())]; }

  // Errors: the first one wins; every loop stops once failed_.
  void Fail(std::string_view reason, size_t pos);
  void Unsupported();

  std::u32string pattern_;
  std::vector<size_t> utf16_index_;  // per code point, plus one past the end
  uint32_t total_groups_;
  size_t pos_ = 0;
  JavaFlags flags_;
  bool class_negated_ = false;  // inside a negated character class
  bool failed_ = false;
  std::string error_;
  JavaRegexTranslation result_;
};

inline bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsHex(char32_t c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline uint32_t HexValue(char32_t c) { return IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }
inline bool IsOctal(char32_t c) { return c >= '0' && c <= '7'; }
// The letters of the predefined character classes \d \s \w \h \v and their negations, which
// PCRE2 spells as Java does (inside and outside brackets).
inline bool IsPredefinedClassLetter(char32_t c) {
  switch (c) {
    case 'd':
    case 'D':
    case 's':
    case 'S':
    case 'w':
    case 'W':
    case 'h':
    case 'H':
    case 'v':
    case 'V':
      return true;
    default:
      return false;
  }
}

// Appends `c` as a PCRE2 escape \x{..}.
void AppendCodePoint(char32_t c, std::string* out);

}  // namespace divolte::functions::internal
