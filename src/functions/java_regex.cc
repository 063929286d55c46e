#include "functions/java_regex.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "base/check.h"
#include "base/utf8.h"
#include "functions/java_regex_parser.h"

namespace divolte::functions {
namespace internal {
namespace {

// PCRE2's largest repetition count; larger Java counts are valid but cannot be run.
constexpr uint64_t kMaxPcre2Repeat = 65535;
constexpr uint64_t kMaxJavaRepeat = std::numeric_limits<int32_t>::max();

// ASCII whitespace as Java's comments mode skips it.
inline bool IsJavaSpace(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

void AppendCodePoint(char32_t c, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char text[8];
  size_t n = 0;
  do {
    text[n++] = kDigits[c & 0xf];
    c >>= 4;
  } while (c != 0);
  out->append("\\x{");
  while (n > 0) out->push_back(text[--n]);
  out->push_back('}');
}

JavaRegexParser::JavaRegexParser(std::u32string pattern, std::vector<size_t> utf16_index,
                                 uint32_t total_groups)
    : pattern_(std::move(pattern)),
      utf16_index_(std::move(utf16_index)),
      total_groups_(total_groups) {}

bool JavaRegexParser::Run() {
  Alternation();
  if (!failed_ && !AtEnd()) Fail("Unmatched closing ')'", pos_);
  return !failed_;
}

void JavaRegexParser::Fail(std::string_view reason, size_t pos) {
  if (failed_) return;
  failed_ = true;
  error_ = "invalid regular expression at index " + std::to_string(Index(pos)) + ": ";
  error_.append(reason);
}

void JavaRegexParser::Unsupported() {
  if (failed_) return;
  failed_ = true;
  error_ = kUnsupportedRegexMessage;
}

char32_t JavaRegexParser::Peek() {
  while (flags_.comments && pos_ < pattern_.size()) {
    const char32_t c = pattern_[pos_];
    if (IsJavaSpace(c)) {
      ++pos_;
    } else if (c == '#') {  // a comment runs to the next line terminator
      while (pos_ < pattern_.size()) {
        const char32_t t = pattern_[pos_];
        if (t == '\n' ||
            (!flags_.unix_lines && (t == '\r' || t == 0x85 || t == 0x2028 || t == 0x2029))) {
          break;
        }
        ++pos_;
      }
    } else {
      break;
    }
  }
  return PeekRaw();
}

void JavaRegexParser::Alternation() {
  Sequence();
  while (!failed_ && Peek() == '|') {
    ++pos_;
    result_.pcre2_pattern.push_back('|');
    Sequence();
  }
}

void JavaRegexParser::Sequence() {
  while (!failed_) {
    const char32_t c = Peek();
    if (c == kEnd || c == '|' || c == ')') return;
    if (Atom() && !failed_) Quantifier();
  }
}

bool JavaRegexParser::Atom() {
  MarkSource();
  const char32_t c = Peek();
  switch (c) {
    case '(':
      return Group();
    case '[':
      CharacterClass();
      return true;
    case '.':
      ++pos_;
      EmitDot();
      return true;
    case '^':
      ++pos_;
      EmitCaret();
      return true;
    case '$':
      ++pos_;
      EmitDollar(flags_.multiline);
      return true;
    case '\\':
      Escape();
      return true;
    case '*':
    case '+':
    case '?':
    case '{':
      Fail(std::string("Dangling meta character '") + static_cast<char>(c) + "'", pos_);
      return false;
    default:
      ++pos_;
      EmitLiteral(c);
      return true;
  }
}

void JavaRegexParser::Quantifier() {
  std::string& out = result_.pcre2_pattern;
  const char32_t c = Peek();
  if (c == '?' || c == '*' || c == '+') {
    ++pos_;
    out.push_back(static_cast<char>(c));
  } else if (c == '{') {
    if (!CountedQuantifier()) return;
  } else {
    return;
  }
  const char32_t mode = Peek();  // reluctant or possessive
  if (mode == '?' || mode == '+') {
    ++pos_;
    out.push_back(static_cast<char>(mode));
  }
}

bool JavaRegexParser::CountedQuantifier() {
  const size_t start = pos_++;
  if (!IsDigit(PeekRaw())) {
    Fail("Illegal repetition", start);
    return false;
  }
  const uint64_t min = ReadNumber();
  uint64_t max = min;
  bool unbounded = false;
  if (PeekRaw() == ',') {
    ++pos_;
    unbounded = !IsDigit(PeekRaw());
    if (!unbounded) max = ReadNumber();
  }
  if (PeekRaw() != '}') {
    Fail("Unclosed counted closure", pos_);
    return false;
  }
  ++pos_;
  if (min > kMaxJavaRepeat || max > kMaxJavaRepeat || max < min) {
    Fail("Illegal repetition range", start);
    return false;
  }
  if (max > kMaxPcre2Repeat) {
    Unsupported();
    return false;
  }
  std::string& out = result_.pcre2_pattern;
  out += '{' + std::to_string(min);
  if (unbounded) out += ',';
  if (!unbounded && max != min) out += ',' + std::to_string(max);
  out += '}';
  return true;
}

uint64_t JavaRegexParser::ReadNumber() {
  uint64_t value = 0;
  while (IsDigit(PeekRaw())) {
    value = std::min<uint64_t>(value * 10 + (pattern_[pos_++] - '0'), kMaxJavaRepeat + 1);
  }
  return value;
}

bool JavaRegexParser::Group() {
  ++pos_;  // '('
  const JavaFlags saved = flags_;
  if (Peek() != '?') {
    ++result_.group_count;
    GroupBody("(");
  } else {
    ++pos_;
    const char32_t c = PeekRaw();
    const char32_t d = PeekRaw(1);
    if (c == ':' || c == '=' || c == '!' || c == '>') {
      ++pos_;
      GroupBody(c == ':' ? "(?:" : c == '=' ? "(?=" : c == '!' ? "(?!" : "(?>");
    } else if (c == '<' && (d == '=' || d == '!')) {
      pos_ += 2;
      GroupBody(d == '=' ? "(?<=" : "(?<!");
    } else if (c == '<') {
      ++pos_;
      NamedGroup();
    } else if (c == '$' || c == '@') {
      Fail("Unknown group type", pos_);
    } else if (!InlineFlagGroup()) {
      return false;  // flags only: they stay in force until the end of the enclosing group
    }
  }
  flags_ = saved;
  return !failed_;
}

// `(?idmsux-idmsux)` or `(?idmsux-idmsux:X)`; false for the first form (or an error).
bool JavaRegexParser::InlineFlags() {
  bool set = true;
  for (;;) {
    bool* flag = nullptr;
    switch (PeekRaw()) {
      case 'i':
        flag = &flags_.case_insensitive;
        break;
      case 'm':
        flag = &flags_.multiline;
        break;
      case 's':
        flag = &flags_.dotall;
        break;
      case 'x':
        flag = &flags_.comments;
        break;
      case 'u':
        flag = &flags_.unicode_case;
        break;
      case 'd':
        flag = &flags_.unix_lines;
        break;
      case 'c':  // CANON_EQ
      case 'U':  // UNICODE_CHARACTER_CLASS
        if (set) {
          Unsupported();
          return false;
        }
        break;
      case '-':
        if (!set) return true;
        set = false;
        break;
      default:
        return true;
    }
    if (flag != nullptr) *flag = set;
    ++pos_;
  }
}

bool JavaRegexParser::InlineFlagGroup() {
  if (!InlineFlags()) return false;
  if (PeekRaw() == ')') {
    ++pos_;
    return false;
  }
  if (PeekRaw() != ':') {
    Fail("Unknown inline modifier", pos_);
    return false;
  }
  ++pos_;
  GroupBody("(?:");
  return true;
}

void JavaRegexParser::GroupBody(std::string_view open) {
  result_.pcre2_pattern.append(open);
  Alternation();
  if (failed_) return;
  if (Peek() != ')') {
    Fail("Unclosed group", pos_);
    return;
  }
  ++pos_;
  result_.pcre2_pattern.push_back(')');
}

std::string JavaRegexParser::NameAt() {
  std::string name;
  if (!IsAsciiLetter(PeekRaw())) {
    Fail("capturing group name does not start with a Latin letter", pos_);
    return name;
  }
  while (IsAsciiLetter(PeekRaw()) || IsDigit(PeekRaw())) {
    name.push_back(static_cast<char>(pattern_[pos_++]));
  }
  if (PeekRaw() != '>') {
    Fail("named capturing group is missing trailing '>'", pos_);
    return name;
  }
  ++pos_;
  return name;
}

void JavaRegexParser::NamedGroup() {
  const size_t start = pos_;
  std::string name = NameAt();
  if (failed_) return;
  for (const auto& [existing, group] : result_.group_names) {
    if (existing == name) {
      Fail("Named capturing group <" + name + "> is already defined", start);
      return;
    }
  }
  result_.group_names.emplace_back(std::move(name), ++result_.group_count);
  GroupBody("(");
}

void JavaRegexParser::EmitLiteral(char32_t c) {
  std::string& out = result_.pcre2_pattern;
  if (c >= 0xd800 && c <= 0xdfff) {  // a lone surrogate never occurs in UTF-8 text
    out += "(?:(*FAIL))";
    return;
  }
  const bool ascii_letter = IsAsciiLetter(c);
  if (flags_.case_insensitive && flags_.unicode_case && (ascii_letter || c >= 0x80)) {
    out += "(?i:";
    AppendCodePoint(c, &out);
    out += ')';
  } else if (flags_.case_insensitive && ascii_letter) {
    out += '[';
    out += static_cast<char>(c | 0x20);
    out += static_cast<char>(c & ~0x20);
    out += ']';
  } else if (ascii_letter || IsDigit(c)) {
    out += static_cast<char>(c);
  } else {
    AppendCodePoint(c, &out);
  }
}

// Java's line terminators: \n, \r, \u0085, \u2028, \u2029 (only \n with (?d)).
void JavaRegexParser::EmitDot() {
  std::string& out = result_.pcre2_pattern;
  if (flags_.dotall) {
    out += "(?s:.)";
  } else if (flags_.unix_lines) {
    out += "[^\\n]";
  } else {
    out += "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]";
  }
}

// `^` never matches at the end of the input; in multiline mode it matches after a terminator
// (not between \r and \n).
void JavaRegexParser::EmitCaret() {
  std::string& out = result_.pcre2_pattern;
  if (!flags_.multiline) {
    out += "(?:\\A)";
  } else if (flags_.unix_lines) {
    out += "(?:(?!\\z)(?:\\A|(?<=\\n)))";
  } else {
    out += "(?:(?!\\z)(?:\\A|(?<=[\\n\\x{85}\\x{2028}\\x{2029}])|(?<=\\r)(?!\\n)))";
  }
}

// `$` (and `\Z` with multiline false): at the end, or before a final terminator; in multiline
// mode before any terminator. Never between \r and \n.
void JavaRegexParser::EmitDollar(bool multiline) {
  std::string& out = result_.pcre2_pattern;
  if (flags_.unix_lines) {
    out += multiline ? "(?=\\n|\\z)" : "(?=\\n?\\z)";
  } else if (multiline) {
    out += "(?:(?=[\\r\\x{85}\\x{2028}\\x{2029}]|\\z)|(?<!\\r)(?=\\n))";
  } else {
    out += "(?:(?=(?:\\r\\n|[\\r\\x{85}\\x{2028}\\x{2029}])?\\z)|(?<!\\r)(?=\\n\\z))";
  }
}

}  // namespace internal

base::Result<JavaRegexTranslation> TranslateJavaRegex(std::string_view pattern) {
  std::u32string code_points;
  std::vector<size_t> utf16_index;
  size_t index = 0;
  for (size_t p = 0; p < pattern.size();) {
    const auto [c, length] = base::DecodeUtf8(pattern, p);
    if (length == 0) {
      return base::Result<JavaRegexTranslation>::Error("invalid regular expression at index " +
                                                       std::to_string(index) + ": invalid UTF-8");
    }
    code_points.push_back(c);
    utf16_index.push_back(index);
    index += c >= 0x10000 ? 2 : 1;
    p += length;
  }
  utf16_index.push_back(index);
  // The first pass counts the groups, the second knows which back-references can never match.
  internal::JavaRegexParser first(code_points, utf16_index, std::numeric_limits<uint32_t>::max());
  if (!first.Run()) return base::Result<JavaRegexTranslation>::Error(first.error());
  internal::JavaRegexParser second(std::move(code_points), std::move(utf16_index),
                                   first.result().group_count);
  CHECK(second.Run());
  return std::move(second.result());
}

}  // namespace divolte::functions
