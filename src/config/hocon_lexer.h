#pragma once

// Character-level cursor for the HOCON parser: position tracking (line and column, 1-based),
// whitespace and comment skipping, and the lexical forms of config.md §2.1–§2.2 (quoted,
// triple-quoted and unquoted strings). Internal to the config module.

#include <cstddef>
#include <string>
#include <string_view>

namespace divolte::config {

// Spaces that separate tokens on one line (the newline is a separator of its own).
bool IsInlineSpace(char c);
// True for characters allowed in unquoted text (config.md §2.1); '/' is allowed but "//"
// starts a comment, which the caller checks with Lexer::AtComment.
bool IsUnquotedChar(char c);
// JSON number syntax: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view text);
// Position of the first `c` outside double quotes, or npos.
size_t FindUnquoted(std::string_view text, char c);

class Lexer {
 public:
  explicit Lexer(std::string_view text);

  bool AtEnd() const { return pos_ >= text_.size(); }
  // The character `offset` ahead, or '\0' past the end.
  char Peek(size_t offset = 0) const {
    return pos_ + offset < text_.size() ? text_[pos_ + offset] : '\0';
  }
  bool StartsWith(std::string_view prefix, size_t offset = 0) const;
  void Advance(size_t count = 1);

  int line() const { return line_; }
  int column() const { return column_; }

  bool AtComment() const;
  // True where a value ends: end of input, newline, ',', '}', ']' or a comment.
  bool AtValueEnd() const;
  void SkipInlineSpace();
  std::string ReadInlineSpace();
  void SkipInlineSpaceAndComment();
  // Skips whitespace, newlines and comments.
  void SkipSpaceAndNewlines();

  // Readers for the lexical forms; on failure they return false and set error().
  bool ReadQuoted(std::string* out);
  bool ReadTripleQuoted(std::string* out);
  std::string ReadUnquotedRun(bool stop_at_dot);
  const std::string& error() const { return error_; }

 private:
  bool ReadEscape(std::string* out);
  bool ReadUnicodeEscape(std::string* out);

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::string error_;
};

}  // namespace divolte::config
