// Character classes and property names of the Java-to-PCRE2 regex translator.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "functions/java_regex_parser.h"

namespace divolte::functions::internal {
namespace {

struct NamedText {
  std::string_view name;
  std::string_view positive;
  std::string_view negative;  // empty: not expressible inside a class
};

// Java's POSIX classes are ASCII-only, as PCRE2's are without UCP.
constexpr NamedText kPosixClasses[] = {
    {"Lower", "[:lower:]", "[:^lower:]"}, {"Upper", "[:upper:]", "[:^upper:]"},
    {"ASCII", "[:ascii:]", "[:^ascii:]"}, {"Alpha", "[:alpha:]", "[:^alpha:]"},
    {"Digit", "[:digit:]", "[:^digit:]"}, {"Alnum", "[:alnum:]", "[:^alnum:]"},
    {"Punct", "[:punct:]", "[:^punct:]"}, {"Graph", "[:graph:]", "[:^graph:]"},
    {"Print", "[:print:]", "[:^print:]"}, {"Blank", "[:blank:]", "[:^blank:]"},
    {"Cntrl", "[:cntrl:]", "[:^cntrl:]"}, {"XDigit", "[:xdigit:]", "[:^xdigit:]"},
    {"Space", "[:space:]", "[:^space:]"},
};

// Java's extra category-like names.
constexpr NamedText kSpecialClasses[] = {
    {"LC", "\\p{L&}", "\\P{L&}"},
    {"LD", "\\p{L}\\p{Nd}", ""},
    {"L1", "\\x{0}-\\x{ff}", ""},
    {"all", "\\x{0}-\\x{10ffff}", ""},
};

// General categories, spelled as in Java (case-sensitive) and PCRE2.
constexpr std::string_view kCategories[] = {
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl", "No", "Zs",
    "Zl", "Zp", "Cc", "Cf", "Co", "Cs", "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc",
    "Sk", "So", "Pi", "Pf", "L",  "M",  "N",  "Z",  "C",  "P",  "S",
};

// Java's binary properties (\p{IsAlphabetic}), matched case-insensitively.
constexpr NamedText kBinaryProperties[] = {
    {"ALPHABETIC", "\\p{Alphabetic}", "\\P{Alphabetic}"},
    {"LETTER", "\\p{L}", "\\P{L}"},
    {"IDEOGRAPHIC", "\\p{Ideographic}", "\\P{Ideographic}"},
    {"LOWERCASE", "\\p{Lowercase}", "\\P{Lowercase}"},
    {"UPPERCASE", "\\p{Uppercase}", "\\P{Uppercase}"},
    {"TITLECASE", "\\p{Lt}", "\\P{Lt}"},
    {"WHITE_SPACE", "\\p{White_Space}", "\\P{White_Space}"},
    {"WHITESPACE", "\\p{White_Space}", "\\P{White_Space}"},
    {"CONTROL", "\\p{Cc}", "\\P{Cc}"},
    {"PUNCTUATION", "\\p{P}", "\\P{P}"},
    {"HEX_DIGIT", "\\p{Nd}A-Fa-f\\x{ff21}-\\x{ff26}\\x{ff41}-\\x{ff46}", ""},
    {"HEXDIGIT", "\\p{Nd}A-Fa-f\\x{ff21}-\\x{ff26}\\x{ff41}-\\x{ff46}", ""},
    {"ASSIGNED", "\\P{Cn}", "\\p{Cn}"},
    {"NONCHARACTER_CODE_POINT", "\\p{Noncharacter_Code_Point}", "\\P{Noncharacter_Code_Point}"},
    {"NONCHARACTERCODEPOINT", "\\p{Noncharacter_Code_Point}", "\\P{Noncharacter_Code_Point}"},
    {"DIGIT", "\\p{Nd}", "\\P{Nd}"},
    {"ALNUM", "\\p{Alphabetic}\\p{Nd}", ""},
    {"BLANK", "\\p{Zs}\\t", ""},
    {"JOIN_CONTROL", "\\p{Join_Control}", "\\P{Join_Control}"},
    {"JOINCONTROL", "\\p{Join_Control}", "\\P{Join_Control}"},
    {"WORD", "\\p{Alphabetic}\\p{Mn}\\p{Me}\\p{Mc}\\p{Nd}\\p{Pc}\\p{Join_Control}", ""},
};

std::optional<PropertyText> Text(std::string_view positive, std::string_view negative) {
  return PropertyText{std::string(positive), std::string(negative)};
}

// Categories, POSIX classes and Java's special names (exact spelling).
std::optional<PropertyText> FindClassName(std::string_view name) {
  for (const std::string_view category : kCategories) {
    if (category == name) {
      return Text("\\p{" + std::string(name) + "}", "\\P{" + std::string(name) + "}");
    }
  }
  for (const NamedText& entry : kPosixClasses) {
    if (entry.name == name) return Text(entry.positive, entry.negative);
  }
  for (const NamedText& entry : kSpecialClasses) {
    if (entry.name == name) return Text(entry.positive, entry.negative);
  }
  return std::nullopt;
}

bool IsScriptName(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Scripts by the Script property (not Script_Extensions), as Java's UnicodeScript.of.
PropertyText ScriptText(std::string_view name) {
  return PropertyText{"\\p{sc:" + std::string(name) + "}", "\\P{sc:" + std::string(name) + "}"};
}

void AppendRange(char32_t lo, char32_t hi, std::string* out) {
  AppendCodePoint(lo, out);
  if (hi == lo) return;
  out->push_back('-');
  AppendCodePoint(hi, out);
}

// Appends [lo, hi] without the surrogate code points, which UTF-8 text never contains.
void AppendRangeWithoutSurrogates(char32_t lo, char32_t hi, std::string* out) {
  if (lo < 0xd800) AppendRange(lo, std::min<char32_t>(hi, 0xd7ff), out);
  if (hi > 0xdfff) AppendRange(std::max<char32_t>(lo, 0xe000), hi, out);
}

// Java's ASCII-only case folding of class ranges: each range also admits the other case of the
// ASCII letters it contains.
void AddAsciiCaseVariants(std::vector<std::pair<char32_t, char32_t>>* ranges) {
  struct Fold {
    char32_t first;
    char32_t last;
    int shift;
  };
  static constexpr Fold kFolds[] = {{'a', 'z', -32}, {'A', 'Z', 32}};
  const size_t n = ranges->size();
  for (size_t i = 0; i < n; ++i) {
    const auto [lo, hi] = (*ranges)[i];
    for (const Fold& fold : kFolds) {
      const char32_t a = std::max(lo, fold.first);
      const char32_t b = std::min(hi, fold.last);
      if (a <= b) ranges->emplace_back(a + fold.shift, b + fold.shift);
    }
  }
}

}  // namespace

struct JavaRegexParser::ClassItems {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  std::string sets;  // PCRE2 class-body text of \d, \p{..}, [:lower:] ...
};

void JavaRegexParser::CharacterClass() {
  ++pos_;  // '['
  ClassItems items;
  const bool negated = PeekRaw() == '^';
  if (negated) ++pos_;
  const bool saved = class_negated_;
  class_negated_ = negated;
  ClassBody(&items);
  class_negated_ = saved;
  if (!failed_) EmitClass(items, negated);
}

// Up to and including the closing ']'. A ']' first in the class is a literal; a nested class
// adds its members (union); "&&" (intersection) cannot be expressed in a PCRE2 class.
void JavaRegexParser::ClassBody(ClassItems* items) {
  bool first = true;
  while (!failed_) {
    const char32_t c = Peek();
    if (c == kEnd) {
      Fail("Unclosed character class", pattern_.size());
      return;
    }
    if (c == ']' && !first) {
      ++pos_;
      return;
    }
    first = false;
    if (c == '[') {
      // Java 8 and later versions disagree on [^a[b]]; a negated nested class cannot be flattened.
      if (class_negated_ || PeekRaw(1) == '^') return Unsupported();
      ++pos_;
      ClassBody(items);
    } else if (c == '&' && PeekRaw(1) == '&') {
      return Unsupported();
    } else {
      ClassItem(items);
    }
  }
}

void JavaRegexParser::ClassItem(ClassItems* items) {
  char32_t lo;
  if (PeekRaw() == '\\') {
    if (!ClassEscape(items, &lo)) return;  // a set was added, or an error
  } else {
    lo = pattern_[pos_++];
  }
  const char32_t after = Peek() == '-' ? PeekRaw(1) : kEnd;
  if (after == kEnd || after == ']' || after == '[') {
    items->ranges.emplace_back(lo, lo);  // a '-' that follows is a literal of its own
    return;
  }
  ++pos_;  // '-'
  char32_t hi;
  if (PeekRaw() == '\\') {
    ClassItems ignored;
    if (!ClassEscape(&ignored, &hi)) {
      Fail("Illegal character range", pos_);
      return;
    }
  } else {
    hi = pattern_[pos_++];
  }
  if (hi < lo) {
    Fail("Illegal character range", pos_ - 1);
    return;
  }
  items->ranges.emplace_back(lo, hi);
}

// An escape inside a class: true with `*literal` for a single character; false when a set was
// added to `items` (or on error).
bool JavaRegexParser::ClassEscape(ClassItems* items, char32_t* literal) {
  const size_t start = pos_++;
  const char32_t c = PeekRaw();
  if (c == kEnd) {
    Fail("Unexpected internal error", start);
    return false;
  }
  ++pos_;
  if (IsPredefinedClassLetter(c)) {
    items->sets += '\\';
    items->sets += static_cast<char>(c);
    return false;
  }
  switch (c) {
    case 'p':
    case 'P':
      Property(c == 'P', items);
      return false;
    case 'Q':
      while (pos_ < pattern_.size() && !(pattern_[pos_] == '\\' && PeekRaw(1) == 'E')) {
        items->ranges.emplace_back(pattern_[pos_], pattern_[pos_]);
        ++pos_;
      }
      pos_ = std::min(pos_ + 2, pattern_.size());
      return false;
    default: {
      const std::optional<char32_t> value = CharEscape(c);
      if (!value) return false;
      *literal = *value;
      return true;
    }
  }
}

void JavaRegexParser::EmitClass(const ClassItems& items, bool negated) {
  std::vector<std::pair<char32_t, char32_t>> ranges = items.ranges;
  if (flags_.case_insensitive && !flags_.unicode_case) AddAsciiCaseVariants(&ranges);
  std::string body = items.sets;
  for (const auto& [lo, hi] : ranges) AppendRangeWithoutSurrogates(lo, hi, &body);
  std::string& out = result_.pcre2_pattern;
  if (body.empty()) {  // only surrogates: nothing (or, negated, everything) matches
    out += negated ? "[\\x{0}-\\x{10ffff}]" : "(?:(*FAIL))";
    return;
  }
  const bool fold = flags_.case_insensitive && flags_.unicode_case;
  if (fold) out += "(?i:";
  out += negated ? "[^" : "[";
  out += body;
  out += ']';
  if (fold) out += ')';
}

void JavaRegexParser::Property(bool negated, ClassItems* items) {
  const size_t start = pos_ - 2;
  std::string name;
  if (PeekRaw() == '{') {
    ++pos_;
    while (PeekRaw() != '}' && PeekRaw() != kEnd) {
      const char32_t c = pattern_[pos_++];
      name.push_back(c < 0x80 ? static_cast<char>(c) : '?');  // no property name is non-ASCII
    }
    if (PeekRaw() != '}') return Fail("Unclosed character family", pos_);
    ++pos_;
  } else if (PeekRaw() != kEnd) {
    const char32_t c = pattern_[pos_++];
    name.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  }
  const std::optional<PropertyText> text = ResolveProperty(name, start);
  if (!text) return;
  if (items == nullptr) {
    std::string& out = result_.pcre2_pattern;
    out += negated ? "[^" : "[";
    out += text->positive;
    out += ']';
  } else if (!negated) {
    items->sets += text->positive;
  } else if (text->negative.empty()) {
    Unsupported();
  } else {
    items->sets += text->negative;
  }
}

std::optional<PropertyText> JavaRegexParser::ResolveProperty(std::string_view name, size_t start) {
  if (name.starts_with("In")) {  // Unicode blocks
    Unsupported();
    return std::nullopt;
  }
  if (name.starts_with("Is")) return ResolveIsProperty(name.substr(2), start);
  const size_t equals = name.find('=');
  if (equals != std::string_view::npos) {
    const std::string_view key = name.substr(0, equals);
    const std::string_view value = name.substr(equals + 1);
    if ((key == "script" || key == "sc") && IsScriptName(value)) return ScriptText(value);
    if (key == "block" || key == "blk") {
      Unsupported();
      return std::nullopt;
    }
    if (key == "general_category" || key == "gc") {
      if (std::optional<PropertyText> category = FindClassName(value)) return category;
    }
  } else if (std::optional<PropertyText> found = FindClassName(name)) {
    return found;
  } else if (name.starts_with("java")) {
    Unsupported();
    return std::nullopt;
  }
  Fail("Unknown character property name {" + std::string(name) + "}", start);
  return std::nullopt;
}

// After "Is": a binary property, then a category or POSIX name, then a script (Java's order).
std::optional<PropertyText> JavaRegexParser::ResolveIsProperty(std::string_view name,
                                                               size_t start) {
  for (const NamedText& entry : kBinaryProperties) {
    if (base::EqualsIgnoreCase(entry.name, name)) return Text(entry.positive, entry.negative);
  }
  // Java's Unicode GRAPH and PRINT properties (not the POSIX ones) have no PCRE2 equivalent.
  if (base::EqualsIgnoreCase(name, "GRAPH") || base::EqualsIgnoreCase(name, "PRINT")) {
    Unsupported();
    return std::nullopt;
  }
  if (std::optional<PropertyText> found = FindClassName(name)) return found;
  if (name.starts_with("java")) {
    Unsupported();
    return std::nullopt;
  }
  if (IsScriptName(name)) return ScriptText(name);
  Fail("Unknown character script name {" + std::string(name) + "}", start);
  return std::nullopt;
}

}  // namespace divolte::functions::internal
