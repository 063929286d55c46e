// The six string forms of mapping.md §2.6 and the interpolation of §2.7.

#include "base/strings.h"
#include "base/utf8.h"
#include "script/lexer_internal.h"
#include "script/unicode.h"

namespace divolte::script::internal {
namespace {

constexpr std::string_view kUnterminated = "syntax error: unterminated string literal";

bool IsMultiLine(StringForm form) {
  return form != StringForm::kSingle && form != StringForm::kDouble;
}

bool IsInterpolating(StringForm form) {
  return form != StringForm::kSingle && form != StringForm::kTripleSingle;
}

bool IsSlashy(StringForm form) {
  return form == StringForm::kSlashy || form == StringForm::kDollarSlashy;
}

std::string_view ClosingDelimiter(StringForm form) {
  switch (form) {
    case StringForm::kSingle:
      return "'";
    case StringForm::kTripleSingle:
      return "'''";
    case StringForm::kDouble:
      return "\"";
    case StringForm::kTripleDouble:
      return "\"\"\"";
    case StringForm::kSlashy:
      return "/";
    case StringForm::kDollarSlashy:
      return "/$";
  }
  return "'";
}

// The first character of a `$name` interpolation; '$' itself is not one (`$$` is an escape in
// dollar-slashy strings, and `"$$x"` is an error in the others).
bool IsInterpolationNameStart(uint32_t code_point) {
  return code_point != '$' && IsIdentifierStart(code_point);
}

bool IsInterpolationNamePart(uint32_t code_point) {
  return code_point != '$' && IsIdentifierPart(code_point);
}

}  // namespace

void Lexer::LexQuotedString() {
  const Position start = position();
  const char quote = Peek();
  const bool triple = Peek(1) == quote && Peek(2) == quote;
  Advance(triple ? 3 : 1);
  const StringForm form = quote == '\''
                              ? (triple ? StringForm::kTripleSingle : StringForm::kSingle)
                              : (triple ? StringForm::kTripleDouble : StringForm::kDouble);
  LexStringBody(form, start, /*first_piece=*/true);
}

void Lexer::LexSlashyString() {
  const Position start = position();
  Advance();
  LexStringBody(StringForm::kSlashy, start, /*first_piece=*/true);
}

void Lexer::LexDollarSlashyString() {
  const Position start = position();
  Advance(2);
  LexStringBody(StringForm::kDollarSlashy, start, /*first_piece=*/true);
}

bool Lexer::AtClosingDelimiter(StringForm form) const { return LookingAt(ClosingDelimiter(form)); }

void Lexer::LexStringBody(StringForm form, Position start, bool first_piece) {
  StringPiece piece{std::string(), first_piece ? start : position(), first_piece};
  while (true) {
    if (AtEnd() || (AtLineTerminator() && !IsMultiLine(form))) {
      Error(start, std::string(kUnterminated));
      return EmitPiece(&piece, /*last=*/true);
    }
    if (AtClosingDelimiter(form)) {
      Advance(ClosingDelimiter(form).size());
      return EmitPiece(&piece, /*last=*/true);
    }
    if (AtLineTerminator()) {
      SkipLineTerminator();
      piece.value.push_back('\n');  // CR LF and CR become LF
    } else if (Peek() == '\\') {
      ReadBackslash(form, &piece.value);
    } else if (Peek() == '$' && IsInterpolating(form)) {
      if (ReadDollar(form, start, &piece)) return;
    } else {
      const size_t begin = offset_;
      AdvanceCodePoint();
      piece.value.append(text_.substr(begin, offset_ - begin));
    }
  }
}

void Lexer::EmitPiece(StringPiece* piece, bool last) {
  const TokenKind kind = last ? (piece->first ? TokenKind::kString : TokenKind::kStringEnd)
                              : (piece->first ? TokenKind::kStringBegin : TokenKind::kStringMiddle);
  Emit(kind, piece->start, std::move(piece->value));
  piece->value.clear();
  piece->first = false;
}

// A '$' in an interpolating string (mapping.md §2.7). Returns true when it opened `${`: the
// string is then resumed by the '}' that closes the expression.
bool Lexer::ReadDollar(StringForm form, Position start, StringPiece* piece) {
  const Position dollar = position();
  if (form == StringForm::kDollarSlashy && (Peek(1) == '$' || Peek(1) == '/')) {
    piece->value.push_back(Peek(1));  // `$$` ⇒ `$`, `$/` ⇒ `/`
    Advance(2);
  } else if (Peek(1) == '{') {
    EmitPiece(piece, /*last=*/false);
    Advance(2);
    Emit(TokenKind::kInterpolationOpen, dollar, "${");
    PushFrame(FrameKind::kInterpolation, form, start);
    return true;
  } else if (IsInterpolationNameStart(PeekCodePoint(1))) {
    EmitPiece(piece, /*last=*/false);
    Advance();
    LexInterpolationPath();
    piece->start = position();
  } else if (IsSlashy(form)) {
    piece->value.push_back('$');  // `/^a+$/` is the regex ^a+$
    Advance();
  } else {
    Error(dollar,
          "syntax error: '$' must be followed by a name or '{' in an interpolated string; write "
          "'\\$' for a literal '$'");
    Advance();
  }
  return false;
}

// `$name` or `$a.b.c`: identifiers separated by dots; a dot not followed by a name is text.
void Lexer::LexInterpolationPath() {
  while (true) {
    const Position start = position();
    const size_t begin = offset_;
    while (!AtEnd() && IsInterpolationNamePart(PeekCodePoint())) AdvanceCodePoint();
    Emit(TokenKind::kIdentifier, start, std::string(text_.substr(begin, offset_ - begin)));
    if (Peek() != '.' || !IsInterpolationNameStart(PeekCodePoint(1))) return;
    Emit(TokenKind::kDot, position(), ".");
    Advance();
  }
}

void Lexer::ReadBackslash(StringForm form, std::string* value) {
  if (form == StringForm::kSlashy && Peek(1) == '/') {
    value->push_back('/');
    Advance(2);
  } else if (IsSlashy(form)) {
    value->push_back('\\');  // every other backslash is literal
    Advance();
  } else {
    ReadEscape(value);
  }
}

// The escapes of the quoted forms (mapping.md §2.6).
void Lexer::ReadEscape(std::string* value) {
  const Position backslash = position();
  Advance();
  if (AtEnd()) return;  // the caller reports the unterminated string
  if (AtLineTerminator()) return SkipLineTerminator();  // backslash-newline is removed
  const char c = Peek();
  constexpr std::string_view kSimple = "'\"\\$bfnrt";
  constexpr std::string_view kReplacement = "'\"\\$\b\f\n\r\t";
  if (const size_t index = kSimple.find(c); index != std::string_view::npos) {
    value->push_back(kReplacement[index]);
    Advance();
  } else if (c == 'u') {
    ReadUnicodeEscape(backslash, value);
  } else if (c >= '0' && c <= '7') {
    // \0 … \377: up to three octal digits, two when the first is 4-7.
    const size_t max_digits = c <= '3' ? 3 : 2;
    uint32_t code = 0;
    for (size_t n = 0; n < max_digits && Peek() >= '0' && Peek() <= '7'; ++n) {
      code = code * 8 + static_cast<uint32_t>(Peek() - '0');
      Advance();
    }
    base::AppendUtf8(code, value);
  } else {
    const size_t begin = offset_;
    AdvanceCodePoint();
    Error(backslash, "syntax error: invalid escape sequence '\\" +
                         std::string(text_.substr(begin, offset_ - begin)) + "'");
  }
}

bool Lexer::ReadHexQuad(uint32_t* value) {
  *value = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (base::HexDigitValue(Peek(i)) < 0) return false;
    *value = *value * 16 + static_cast<uint32_t>(base::HexDigitValue(Peek(i)));
  }
  Advance(4);
  return true;
}

// `\uXXXX`; a surrogate pair written as two escapes is one character, a lone surrogate (which
// UTF-8 cannot hold) is an error.
void Lexer::ReadUnicodeEscape(Position backslash, std::string* value) {
  const size_t begin = offset_;
  Advance();  // 'u'
  uint32_t code = 0;
  if (!ReadHexQuad(&code)) {
    size_t shown = 0;
    while (shown < 4 && base::HexDigitValue(Peek(shown)) >= 0) ++shown;
    Advance(shown);
    Error(backslash, "syntax error: invalid escape sequence '\\" +
                         std::string(text_.substr(begin, offset_ - begin)) + "'");
    return;
  }
  if (code >= 0xD800 && code <= 0xDBFF && LookingAt("\\u")) {
    const size_t saved_offset = offset_;
    const Position saved = position();
    Advance(2);
    uint32_t low = 0;
    if (ReadHexQuad(&low) && low >= 0xDC00 && low <= 0xDFFF) {
      base::AppendUtf8(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), value);
      return;
    }
    offset_ = saved_offset;  // not a pair: report the first escape, re-read the second
    line_ = saved.line;
    column_ = saved.column;
  }
  if (code >= 0xD800 && code <= 0xDFFF) {
    Error(backslash, "syntax error: invalid escape sequence '\\" +
                         std::string(text_.substr(begin, offset_ - begin)) +
                         "' (unpaired surrogate)");
    return;
  }
  base::AppendUtf8(code, value);
}

}  // namespace divolte::script::internal
