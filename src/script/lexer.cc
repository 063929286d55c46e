#include "script/lexer.h"

#include <algorithm>
#include <cstdio>

#include "base/utf8.h"
#include "script/lexer_internal.h"
#include "script/number_literal.h"
#include "script/unicode.h"

namespace divolte::script {
namespace internal {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kSyntaxError = "syntax error: ";
// How far down the bracket stack a ')' or ']' looks for its opener.
constexpr size_t kMaxCloserSearch = 16;

// mapping.md §2.4.
constexpr std::string_view kReservedWords[] = {
    "as",        "assert",  "break",   "case",       "catch",  "class",   "const",
    "continue",  "default", "do",      "else",       "enum",   "extends", "finally",
    "for",       "goto",    "if",      "implements", "import", "in",      "instanceof",
    "interface", "new",     "package", "return",     "super",  "switch",  "this",
    "throw",     "throws",  "trait",   "try",        "while"};

// The operators of Groovy that the language rejects (mapping.md §4.4), longest first so that the
// first match is the longest. '/' gets here only where no slashy string may start; a binary '-'
// is rejected by the parser.
constexpr std::string_view kUnsupportedOperators[] = {
    ">>>=", "<<=", ">>=", ">>>", "==~", "<=>", "**=", "..<", "===", "!==", "==", "!=", "<=",
    ">=",   "&&",  "||",  "?:",  "?.",  "++",  "--",  "+=",  "-=",  "*=",  "/=", "%=", "&=",
    "|=",   "^=",  "<<",  ">>",  "=~",  "**",  "*.",  ".@",  ".&",  "::",  "..", "*",  "/",
    "%",    "<",   ">",   "!",   "?",   ":",   "&",   "|",   "^",   "~"};

// The kind of a one-character token, or kError.
TokenKind PunctuationKind(char c) {
  switch (c) {
    case '(':
      return TokenKind::kLeftParen;
    case ')':
      return TokenKind::kRightParen;
    case '[':
      return TokenKind::kLeftBracket;
    case ']':
      return TokenKind::kRightBracket;
    case '{':
      return TokenKind::kLeftBrace;
    case '}':
      return TokenKind::kRightBrace;
    case ',':
      return TokenKind::kComma;
    case ';':
      return TokenKind::kSemicolon;
    case '.':
      return TokenKind::kDot;
    case '=':
      return TokenKind::kAssign;
    case '+':
      return TokenKind::kPlus;
    case '-':
      return TokenKind::kMinus;
    default:
      return TokenKind::kError;
  }
}

// Moves `position` over the byte `c` (followed by `next`): LF, CR LF and CR end a line; a CR
// before LF counts with the LF; continuation bytes do not start a code point.
void StepPosition(unsigned char c, char next, Position* position) {
  if (c == '\n' || (c == '\r' && next != '\n')) {
    ++position->line;
    position->column = 1;
  } else if (c != '\r' && (c & 0xC0) != 0x80) {
    ++position->column;
  }
}

bool IsInlineSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsNumberCharacter(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '$';
}

// Tokens after which an operand is complete, so that `/` divides and a name is a command tail.
bool EndsOperand(TokenKind kind) {
  switch (kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
    case TokenKind::kStringEnd:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
    case TokenKind::kRightParen:
    case TokenKind::kRightBracket:
    case TokenKind::kRightBrace:
    case TokenKind::kError:
      return true;
    default:
      return false;
  }
}

TokenKind KeywordKind(std::string_view word) {
  if (word == "def") return TokenKind::kDef;
  if (word == "var") return TokenKind::kVar;
  if (word == "final") return TokenKind::kFinal;
  if (word == "true") return TokenKind::kTrue;
  if (word == "false") return TokenKind::kFalse;
  if (word == "null") return TokenKind::kNull;
  for (const std::string_view reserved : kReservedWords) {
    if (word == reserved) return TokenKind::kReservedWord;
  }
  return TokenKind::kIdentifier;
}

}  // namespace

uint32_t Lexer::PeekCodePoint(size_t ahead, int* length) const {
  if (offset_ + ahead >= text_.size()) {
    if (length != nullptr) *length = 0;
    return 0;
  }
  // The text was validated before lexing, so every sequence decodes.
  const base::Utf8CodePoint decoded = base::DecodeUtf8(text_, offset_ + ahead);
  if (length != nullptr) *length = static_cast<int>(decoded.length);
  return decoded.code_point;
}

void Lexer::Advance(size_t bytes) {
  Position here = position();
  for (; bytes > 0 && !AtEnd(); --bytes) {
    const unsigned char c = static_cast<unsigned char>(text_[offset_++]);
    StepPosition(c, Peek(), &here);
  }
  line_ = here.line;
  column_ = here.column;
}

void Lexer::AdvanceCodePoint() {
  int length = 0;
  PeekCodePoint(0, &length);
  Advance(static_cast<size_t>(length));
}

void Lexer::SkipLineTerminator() { Advance(LookingAt("\r\n") ? 2 : 1); }

void Lexer::Emit(TokenKind kind, Position position, std::string text) {
  Token token;
  token.kind = kind;
  token.position = position;
  token.text = std::move(text);
  output_.tokens.push_back(std::move(token));
}

void Lexer::Error(Position position, std::string message) {
  output_.diagnostics.push_back({position, std::move(message)});
}

LexOutput Lexer::Run() && {
  SkipByteOrderMarkAndShebang();
  while (true) {
    SkipTriviaAndNewlines();
    if (AtEnd()) break;
    LexToken();
  }
  for (const Frame& frame : frames_) {
    if (frame.kind == FrameKind::kInterpolation) {
      Error(frame.string_start, std::string(kSyntaxError) + "unterminated string literal");
      Emit(TokenKind::kError, position(), "");
      break;
    }
  }
  Emit(TokenKind::kEndOfFile, position(), "");
  return std::move(output_);
}

void Lexer::SkipByteOrderMarkAndShebang() {
  if (LookingAt(kByteOrderMark)) offset_ += kByteOrderMark.size();  // not a column
  if (LookingAt("#!")) {
    while (!AtEnd() && !AtLineTerminator()) Advance();
  }
}

// Skips spaces, comments, line continuations and newlines; emits one kNewline token for a run of
// newlines that ends a statement (mapping.md §2.2).
void Lexer::SkipTriviaAndNewlines() {
  bool newline_pending = false;
  Position newline_position;
  while (!AtEnd()) {
    if (IsInlineSpace(Peek())) {
      Advance();
    } else if (Peek() == '\\' && (Peek(1) == '\n' || Peek(1) == '\r')) {
      Advance();
      SkipLineTerminator();
    } else if (AtLineTerminator()) {
      if (!newline_pending && NewlineEndsStatement()) {
        newline_pending = true;
        newline_position = position();
      }
      SkipLineTerminator();
    } else if (!SkipComment()) {
      break;
    }
  }
  // A line starting with '.' continues a method chain.
  if (newline_pending && !AtEnd() && Peek() != '.') {
    Emit(TokenKind::kNewline, newline_position, "");
  }
}

bool Lexer::SkipComment() {
  if (LookingAt("//")) {
    while (!AtEnd() && !AtLineTerminator()) Advance();
    return true;
  }
  if (!LookingAt("/*")) return false;
  const Position start = position();
  Advance(2);
  while (!AtEnd() && !LookingAt("*/")) Advance();
  if (AtEnd()) {
    Error(start, std::string(kSyntaxError) + "unterminated comment");
  } else {
    Advance(2);
  }
  return true;
}

bool Lexer::NewlineEndsStatement() const {
  if (!frames_.empty() && frames_.back().kind != FrameKind::kBrace) return false;
  if (output_.tokens.empty()) return false;
  switch (output_.tokens.back().kind) {
    case TokenKind::kNewline:
    case TokenKind::kSemicolon:
    case TokenKind::kLeftBrace:
    case TokenKind::kLeftParen:
    case TokenKind::kLeftBracket:
    case TokenKind::kComma:
    case TokenKind::kAssign:
    case TokenKind::kPlus:
    case TokenKind::kArrow:
    case TokenKind::kDot:
      return false;
    default:
      return true;
  }
}

void Lexer::LexToken() {
  const char c = Peek();
  if (c == '$' && Peek(1) == '/' && SlashyStringAllowed(2)) return LexDollarSlashyString();
  if (c == '/' && SlashyStringAllowed(1)) return LexSlashyString();
  if (c == '\'' || c == '"') return LexQuotedString();
  if (IsAsciiDigit(c)) return LexNumber();
  if (IsIdentifierStart(PeekCodePoint())) return LexIdentifier();
  LexOperator();
}

bool Lexer::IsCommandPosition() const {
  if (output_.tokens.empty()) return true;
  const TokenKind last = output_.tokens.back().kind;
  switch (last) {
    case TokenKind::kNewline:
    case TokenKind::kSemicolon:
    case TokenKind::kLeftBrace:
    case TokenKind::kArrow:
    case TokenKind::kAssign:
    case TokenKind::kLeftParen:
    case TokenKind::kInterpolationOpen:
      return true;  // a statement, right-hand side or parenthesised value starts
    case TokenKind::kIdentifier:
      return !last_identifier_is_command_;  // `map x onto`: x is an argument, onto a tail
    default:
      return EndsOperand(last);  // `location() equalTo 'x'`
  }
}

bool Lexer::SlashyStringAllowed(size_t opener_length) const {
  if (output_.tokens.empty()) return true;
  const TokenKind last = output_.tokens.back().kind;
  if (EndsOperand(last) || last == TokenKind::kDot) return false;
  if (last != TokenKind::kIdentifier) return true;
  if (!last_identifier_is_command_) return false;
  // After a command name (`match /re/ against x`) a slashy string needs a space before it and
  // none after its opening delimiter; `a / b` and `a/b` stay divisions.
  const char after = Peek(opener_length);
  return offset_ > 0 && IsInlineSpace(text_[offset_ - 1]) && !IsInlineSpace(after) &&
         after != '=' && after != '\n' && after != '\r' && after != '\0';
}

void Lexer::LexIdentifier() {
  const Position start = position();
  const size_t begin = offset_;
  while (!AtEnd() && IsIdentifierPart(PeekCodePoint())) AdvanceCodePoint();
  std::string word(text_.substr(begin, offset_ - begin));
  const TokenKind kind = KeywordKind(word);
  if (kind == TokenKind::kReservedWord) Error(start, "unsupported construct '" + word + "'");
  const bool command = kind == TokenKind::kIdentifier && IsCommandPosition();
  Emit(kind, start, std::move(word));
  last_identifier_is_command_ = command;
}

void Lexer::LexNumber() {
  const Position start = position();
  const size_t begin = offset_;
  const bool radix_prefix =
      Peek() == '0' && std::string_view("xXbB").find(Peek(1)) != std::string_view::npos;
  if (!radix_prefix) {
    while (IsAsciiDigit(Peek()) || Peek() == '_') Advance();
    if (Peek() == '.' && IsAsciiDigit(Peek(1))) {
      Advance();
      while (IsAsciiDigit(Peek()) || Peek() == '_') Advance();
    }
    const bool signed_exponent = (Peek(1) == '+' || Peek(1) == '-') && IsAsciiDigit(Peek(2));
    if ((Peek() == 'e' || Peek() == 'E') && (IsAsciiDigit(Peek(1)) || signed_exponent)) {
      Advance(signed_exponent ? 2 : 1);
      while (IsAsciiDigit(Peek()) || Peek() == '_') Advance();
    }
  }
  // The suffix, and any letters stuck to the literal (reported as part of it).
  while (IsNumberCharacter(Peek())) Advance();
  const std::string spelling(text_.substr(begin, offset_ - begin));
  base::Result<Literal> literal = ParseNumericLiteral(spelling);
  if (!literal.ok()) {
    Error(start, std::string(kSyntaxError) + literal.message());
    Emit(TokenKind::kError, start, spelling);
    return;
  }
  const bool decimal = literal->kind == LiteralKind::kBigDecimal ||
                       literal->kind == LiteralKind::kDouble ||
                       literal->kind == LiteralKind::kFloat;
  Emit(decimal ? TokenKind::kDecimal : TokenKind::kInteger, start, spelling);
  output_.tokens.back().literal = std::move(literal).value();
}

void Lexer::LexOperator() {
  const Position start = position();
  for (const std::string_view op : kUnsupportedOperators) {
    if (!LookingAt(op)) continue;
    Advance(op.size());
    Error(start, "unsupported operator '" + std::string(op) + "'");
    return Emit(TokenKind::kUnsupportedOperator, start, std::string(op));
  }
  if (LookingAt("->")) {
    Advance(2);
    return Emit(TokenKind::kArrow, start, "->");
  }
  const TokenKind kind = PunctuationKind(Peek());
  if (kind == TokenKind::kError) return LexUnexpectedCharacter();
  const std::string spelling(1, Peek());
  Advance();
  switch (kind) {
    case TokenKind::kLeftParen:
      PushFrame(FrameKind::kParen, StringForm::kSingle, start);
      break;
    case TokenKind::kLeftBracket:
      PushFrame(FrameKind::kBracket, StringForm::kSingle, start);
      break;
    case TokenKind::kLeftBrace:
      PushFrame(FrameKind::kBrace, StringForm::kSingle, start);
      break;
    case TokenKind::kRightParen:
      return CloseFrame(FrameKind::kParen, kind, start);
    case TokenKind::kRightBracket:
      return CloseFrame(FrameKind::kBracket, kind, start);
    case TokenKind::kRightBrace:
      return CloseFrame(FrameKind::kBrace, kind, start);
    default:
      break;
  }
  Emit(kind, start, spelling);
}

void Lexer::PushFrame(FrameKind kind, StringForm form, Position string_start) {
  frames_.push_back({kind, form, string_start});
  if (kind == FrameKind::kBrace || kind == FrameKind::kInterpolation) ++open_braces_;
}

// Pops frames up to the one `kind` closes, so that one stray bracket does not swallow the newlines
// of the rest of the script. ')' and ']' look only a few frames down and never across a '{' or
// '${'; '}' closes a '${' (resuming its string) as well as a '{'. Both keep lexing linear.
void Lexer::CloseFrame(FrameKind kind, TokenKind token, Position closer) {
  const bool brace = kind == FrameKind::kBrace;
  const size_t lowest = brace ? 0 : frames_.size() - std::min(frames_.size(), kMaxCloserSearch);
  for (size_t i = frames_.size(); i-- > lowest && (!brace || open_braces_ > 0);) {
    const FrameKind open = frames_[i].kind;
    const bool opens_brace = open == FrameKind::kBrace || open == FrameKind::kInterpolation;
    if (open == kind || (brace && opens_brace)) {
      const Frame frame = frames_[i];
      frames_.resize(i);
      if (opens_brace) --open_braces_;
      if (open == FrameKind::kInterpolation) {
        Emit(TokenKind::kInterpolationClose, closer, "}");
        return LexStringBody(frame.form, frame.string_start, /*first_piece=*/false);
      }
      break;
    }
    if (!brace && opens_brace) break;
  }
  Emit(token, closer,
       token == TokenKind::kRightParen     ? ")"
       : token == TokenKind::kRightBracket ? "]"
                                           : "}");
}

void Lexer::LexUnexpectedCharacter() {
  const Position start = position();
  const uint32_t code_point = PeekCodePoint();
  char shown[16];
  if (code_point > 0x20 && code_point < 0x7F) {
    std::snprintf(shown, sizeof(shown), "'%c'", static_cast<char>(code_point));
  } else {
    std::snprintf(shown, sizeof(shown), "U+%04X", static_cast<unsigned>(code_point));
  }
  Error(start, std::string(kSyntaxError) + "unexpected character " + shown);
  int length = 0;
  PeekCodePoint(0, &length);
  Emit(TokenKind::kError, start, std::string(text_.substr(offset_, length)));
  Advance(static_cast<size_t>(length));
}

}  // namespace internal

LexOutput Lex(std::string_view text) {
  const size_t invalid = FindInvalidUtf8(text);
  if (invalid == std::string_view::npos) return internal::Lexer(text).Run();
  // mapping.md §12: a file that is not UTF-8 cannot be read; name the first bad byte.
  Position position;
  size_t offset = text.starts_with(internal::kByteOrderMark) ? internal::kByteOrderMark.size() : 0;
  for (; offset < invalid; ++offset) {
    internal::StepPosition(static_cast<unsigned char>(text[offset]), text[offset + 1], &position);
  }
  LexOutput output;
  output.diagnostics.push_back({position, "cannot read mapping script: invalid UTF-8"});
  Token end;
  end.position = position;
  output.tokens.push_back(std::move(end));
  return output;
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kNewline:
      return "newline";
    case TokenKind::kEndOfFile:
      return "end of file";
    case TokenKind::kString:
    case TokenKind::kStringBegin:
    case TokenKind::kStringMiddle:
    case TokenKind::kStringEnd:
      return "string literal";
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace divolte::script
