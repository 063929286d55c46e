#pragma once

// The lexer of mapping scripts (mapping.md §2): turns UTF-8 source text into tokens with
// positions, including the statement-ending newlines of §2.2 and the pieces of interpolated
// strings. Pure function, thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "script/ast.h"
#include "script/diagnostic.h"

namespace divolte::script {

enum class TokenKind {
  kIdentifier,
  kDef,
  kVar,
  kFinal,
  kTrue,
  kFalse,
  kNull,
  kReservedWord,        // §2.4; already reported as `unsupported construct '<word>'`
  kInteger,             // `literal` holds the value
  kDecimal,             // `literal` holds the value
  kString,              // a complete string without interpolation; `text` is its value
  kStringBegin,         // text before the first interpolation of a GString
  kStringMiddle,        // text between two interpolations
  kStringEnd,           // text after the last interpolation
  kInterpolationOpen,   // `${` inside a GString
  kInterpolationClose,  // the `}` closing `${`
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kComma,
  kSemicolon,
  kDot,
  kAssign,
  kPlus,
  kMinus,
  kArrow,
  kUnsupportedOperator,  // §4.4; already reported as `unsupported operator '<op>'`
  kNewline,              // a newline that ends a statement (§2.2)
  kError,                // an invalid character or literal; already reported
  kEndOfFile,
};

// Between kStringBegin/kStringMiddle and the next kStringMiddle/kStringEnd comes either
// kInterpolationOpen, the tokens of an expression and kInterpolationClose (`${expr}`), or a
// dotted path of identifiers: kIdentifier {kDot kIdentifier} (`$a.b.c`; its identifiers are
// never keywords).
struct Token {
  TokenKind kind = TokenKind::kEndOfFile;
  Position position;
  // The spelling for identifiers, keywords, operators and numbers; the decoded value for the
  // string kinds (kString … kStringEnd).
  std::string text;
  Literal literal;  // kInteger and kDecimal only
};

struct LexOutput {
  std::vector<Token> tokens;            // always ends with kEndOfFile
  std::vector<Diagnostic> diagnostics;  // in the order found; empty when the text is valid
};

// Invalid UTF-8 yields a single diagnostic at the first bad byte and the token kEndOfFile alone.
LexOutput Lex(std::string_view text);

// A short description of a token for messages: `'onto'`, `'}'`, `newline`, `end of file`,
// `string literal`, `'42L'`.
std::string DescribeToken(const Token& token);

}  // namespace divolte::script
