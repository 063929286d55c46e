#pragma once

// Internal to the script module: the state machine behind Lex() (lexer.h). lexer.cc holds the
// cursor, trivia, newline rules and plain tokens; lexer_strings.cc the six string forms and
// interpolation. One Lexer lexes one text, single-threaded.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "script/lexer.h"

namespace divolte::script::internal {

enum class StringForm { kSingle, kTripleSingle, kDouble, kTripleDouble, kSlashy, kDollarSlashy };

class Lexer {
 public:
  // REQUIRES: `text` is valid UTF-8.
  explicit Lexer(std::string_view text) : text_(text) {}
  LexOutput Run() &&;

 private:
  // What an open bracket is; newlines inside ( [ and ${ never end statements (mapping.md §2.2).
  enum class FrameKind { kParen, kBracket, kBrace, kInterpolation };
  struct Frame {
    FrameKind kind;
    StringForm form;        // kInterpolation: the string to resume after the closing '}'
    Position string_start;  // kInterpolation: where that string started
  };

  // Cursor over bytes; positions count code points.
  bool AtEnd() const { return offset_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  bool LookingAt(std::string_view prefix) const {
    return text_.substr(offset_).starts_with(prefix);
  }
  bool AtLineTerminator() const { return Peek() == '\n' || Peek() == '\r'; }
  Position position() const { return {line_, column_}; }
  uint32_t PeekCodePoint(size_t ahead = 0, int* length = nullptr) const;
  void Advance(size_t bytes = 1);
  void AdvanceCodePoint();
  void SkipLineTerminator();  // LF, CR LF or CR

  // Trivia and newlines (lexer.cc).
  void SkipByteOrderMarkAndShebang();
  void SkipTriviaAndNewlines();
  bool SkipComment();
  bool NewlineEndsStatement() const;

  // Tokens (lexer.cc).
  void LexToken();
  void LexIdentifier();
  void LexNumber();
  void LexOperator();
  void LexUnexpectedCharacter();
  void PushFrame(FrameKind kind, StringForm form, Position string_start);
  void CloseFrame(FrameKind kind, TokenKind token, Position closer);
  bool IsCommandPosition() const;
  bool SlashyStringAllowed(size_t opener_length) const;

  // Strings (lexer_strings.cc).
  void LexQuotedString();
  void LexSlashyString();
  void LexDollarSlashyString();
  // The text of a string up to the end or the next interpolation.
  struct StringPiece {
    std::string value;
    Position start;
    bool first;  // no interpolation before it: kString or kStringBegin
  };
  // Reads string text up to the closing delimiter or the next `${`, emitting the pieces of a
  // GString as it goes; `first_piece` is false when resuming after an interpolation.
  void LexStringBody(StringForm form, Position start, bool first_piece);
  void EmitPiece(StringPiece* piece, bool last);
  bool ReadDollar(StringForm form, Position start, StringPiece* piece);
  bool AtClosingDelimiter(StringForm form) const;
  void ReadBackslash(StringForm form, std::string* value);
  void ReadEscape(std::string* value);
  void ReadUnicodeEscape(Position backslash, std::string* value);
  bool ReadHexQuad(uint32_t* value);
  void LexInterpolationPath();

  void Emit(TokenKind kind, Position position, std::string text);
  void Error(Position position, std::string message);

  std::string_view text_;
  size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::vector<Frame> frames_;
  size_t open_braces_ = 0;  // frames of kind kBrace or kInterpolation
  // Whether the last token, if an identifier, is a command name (`map`, `onto`) rather than an
  // operand; after a command name an expression may start (mapping.md §2.6, §3).
  bool last_identifier_is_command_ = false;
  LexOutput output_;
};

}  // namespace divolte::script::internal
