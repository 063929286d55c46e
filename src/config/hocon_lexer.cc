#include "config/hocon_lexer.h"

#include <cstdint>

#include "base/strings.h"
#include "base/utf8.h"

namespace divolte::config {
namespace {

constexpr std::string_view kForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsInlineSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool IsUnquotedChar(char c) {
  return c != '\0' && c != '\n' && !IsInlineSpace(c) &&
         kForbiddenInUnquoted.find(c) == std::string_view::npos;
}

bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  if (i >= text.size() || !IsDigit(text[i])) return false;
  if (text[i] == '0') {
    ++i;
  } else {
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i >= text.size() || !IsDigit(text[i])) return false;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i >= text.size() || !IsDigit(text[i])) return false;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  return i == text.size();
}

size_t FindUnquoted(std::string_view text, char c) {
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[i] == c) {
      return i;
    }
  }
  return std::string_view::npos;
}

Lexer::Lexer(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

bool Lexer::StartsWith(std::string_view prefix, size_t offset) const {
  return pos_ + offset <= text_.size() && text_.substr(pos_ + offset).starts_with(prefix);
}

void Lexer::Advance(size_t count) {
  for (; count > 0 && pos_ < text_.size(); --count, ++pos_) {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
  }
}

bool Lexer::AtComment() const { return Peek() == '#' || StartsWith("//"); }

bool Lexer::AtValueEnd() const {
  char c = Peek();
  return AtEnd() || c == '\n' || c == ',' || c == '}' || c == ']' || AtComment();
}

void Lexer::SkipInlineSpace() {
  while (!AtEnd() && IsInlineSpace(Peek())) Advance();
}

std::string Lexer::ReadInlineSpace() {
  size_t start = pos_;
  SkipInlineSpace();
  return std::string(text_.substr(start, pos_ - start));
}

void Lexer::SkipInlineSpaceAndComment() {
  SkipInlineSpace();
  if (AtComment()) {
    while (!AtEnd() && Peek() != '\n') Advance();
  }
}

void Lexer::SkipSpaceAndNewlines() {
  while (!AtEnd()) {
    SkipInlineSpaceAndComment();
    if (Peek() != '\n') return;
    Advance();
  }
}

bool Lexer::ReadQuoted(std::string* out) {
  Advance();  // opening quote
  while (true) {
    if (AtEnd() || Peek() == '\n') {
      error_ = "Unterminated quoted string";
      return false;
    }
    char c = Peek();
    if (c == '"') {
      Advance();
      return true;
    }
    if (c == '\\') {
      if (!ReadEscape(out)) return false;
    } else {
      *out += c;
      Advance();
    }
  }
}

bool Lexer::ReadEscape(std::string* out) {
  Advance();  // backslash
  char c = Peek();
  switch (c) {
    case '"':
      *out += '"';
      break;
    case '\\':
      *out += '\\';
      break;
    case '/':
      *out += '/';
      break;
    case 'b':
      *out += '\b';
      break;
    case 'f':
      *out += '\f';
      break;
    case 'n':
      *out += '\n';
      break;
    case 'r':
      *out += '\r';
      break;
    case 't':
      *out += '\t';
      break;
    case 'u':
      return ReadUnicodeEscape(out);
    default:
      error_ = AtEnd() || c == '\n' ? std::string("Unterminated quoted string")
                                    : std::string("Invalid escape '\\") + c + "' in quoted string";
      return false;
  }
  Advance();
  return true;
}

// At 'u' of \uXXXX; combines a surrogate pair, replaces a lone surrogate with U+FFFD.
bool Lexer::ReadUnicodeEscape(std::string* out) {
  auto read_hex4 = [this](size_t offset, uint32_t* value) {
    *value = 0;
    for (size_t i = 0; i < 4; ++i) {
      int digit = base::HexDigitValue(Peek(offset + i));
      if (digit < 0) return false;
      *value = *value * 16 + static_cast<uint32_t>(digit);
    }
    return true;
  };
  uint32_t code_point;
  if (!read_hex4(1, &code_point)) {
    error_ = "Invalid \\u escape in quoted string (expected four hex digits)";
    return false;
  }
  Advance(5);
  if (code_point >= 0xD800 && code_point <= 0xDBFF && StartsWith("\\u")) {
    uint32_t low;
    if (read_hex4(2, &low) && low >= 0xDC00 && low <= 0xDFFF) {
      Advance(6);
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
  }
  if (code_point >= 0xD800 && code_point <= 0xDFFF) code_point = 0xFFFD;
  base::AppendUtf8(code_point, out);
  return true;
}

// """raw text""": ends at the first """, extended by any further quotes (they belong to the
// string, as in HOCON).
bool Lexer::ReadTripleQuoted(std::string* out) {
  Advance(3);
  size_t end = text_.find("\"\"\"", pos_);
  if (end == std::string_view::npos) {
    error_ = "Unterminated triple-quoted string";
    return false;
  }
  while (end + 3 < text_.size() && text_[end + 3] == '"') ++end;
  *out = std::string(text_.substr(pos_, end - pos_));
  Advance(end - pos_ + 3);
  return true;
}

std::string Lexer::ReadUnquotedRun(bool stop_at_dot) {
  size_t start = pos_;
  while (!AtEnd() && IsUnquotedChar(Peek()) && !StartsWith("//")) {
    if (stop_at_dot && Peek() == '.') break;
    Advance();
  }
  return std::string(text_.substr(start, pos_ - start));
}

}  // namespace divolte::config
