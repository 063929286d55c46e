#include "script/lexer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace divolte::script {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A compact rendering of the tokens of `text` (without the final end of file): names and
// punctuation as written, `'value'` for strings, `<'text'` / `|'text'` / `>'text'` for the
// begin / middle / end pieces of a GString, `NL` for a statement-ending newline.
std::string Tokens(std::string_view text) {
  const LexOutput output = Lex(text);
  std::string rendered;
  for (const Token& token : output.tokens) {
    std::string shown;
    switch (token.kind) {
      case TokenKind::kEndOfFile:
        continue;
      case TokenKind::kNewline:
        shown = "NL";
        break;
      case TokenKind::kString:
        shown = "'" + token.text + "'";
        break;
      case TokenKind::kStringBegin:
        shown = "<'" + token.text + "'";
        break;
      case TokenKind::kStringMiddle:
        shown = "|'" + token.text + "'";
        break;
      case TokenKind::kStringEnd:
        shown = ">'" + token.text + "'";
        break;
      case TokenKind::kError:
        shown = "ERROR";
        break;
      default:
        shown = token.text;
    }
    rendered += (rendered.empty() ? "" : " ") + shown;
  }
  return rendered;
}

// "line:column: message" for each diagnostic.
std::vector<std::string> Errors(std::string_view text) {
  std::vector<std::string> errors;
  for (const Diagnostic& diagnostic : Lex(text).diagnostics) {
    errors.push_back(std::to_string(diagnostic.position.line) + ":" +
                     std::to_string(diagnostic.position.column) + ": " + diagnostic.message);
  }
  return errors;
}

// The value of the single string token of `text`.
std::string StringValue(std::string_view text) {
  const LexOutput output = Lex(text);
  EXPECT_THAT(output.diagnostics, IsEmpty()) << text;
  EXPECT_EQ(output.tokens.size(), 2u) << text;
  EXPECT_EQ(output.tokens[0].kind, TokenKind::kString) << text;
  return output.tokens[0].text;
}

Position PositionOf(std::string_view text, size_t token_index) {
  return Lex(text).tokens.at(token_index).position;
}

TEST(LexerTest, IdentifiersKeywordsAndReservedWords) {
  EXPECT_EQ(Tokens("map x_1 $y _z café 日本語"), "map x_1 $y _z café 日本語");
  const LexOutput output = Lex("def var final true false null it");
  std::vector<TokenKind> kinds;
  for (const Token& token : output.tokens) kinds.push_back(token.kind);
  EXPECT_THAT(kinds, ElementsAre(TokenKind::kDef, TokenKind::kVar, TokenKind::kFinal,
                                 TokenKind::kTrue, TokenKind::kFalse, TokenKind::kNull,
                                 TokenKind::kIdentifier, TokenKind::kEndOfFile));
  EXPECT_THAT(Errors("if x\n  while y"),
              ElementsAre("1:1: unsupported construct 'if'", "2:3: unsupported construct 'while'"));
  for (const char* word :
       {"as",        "assert",  "break",   "case",       "catch",  "class",   "const",
        "continue",  "default", "do",      "else",       "enum",   "extends", "finally",
        "for",       "goto",    "if",      "implements", "import", "in",      "instanceof",
        "interface", "new",     "package", "return",     "super",  "switch",  "this",
        "throw",     "throws",  "trait",   "try",        "while"}) {
    EXPECT_THAT(Errors(word),
                ElementsAre("1:1: unsupported construct '" + std::string(word) + "'"));
  }
  EXPECT_THAT(Errors("iffy classes newer"), IsEmpty());
}

TEST(LexerTest, PositionsCountCodePointsAndTabsAsOne) {
  EXPECT_EQ(PositionOf("map 'é' onto 'x'", 2), (Position{1, 9}));
  EXPECT_EQ(PositionOf("map '😀😀' onto 'x'", 2), (Position{1, 10}));
  EXPECT_EQ(PositionOf("\tmap\t\tx", 1), (Position{1, 7}));
  EXPECT_EQ(PositionOf("a\n  b", 2), (Position{2, 3}));
  EXPECT_EQ(PositionOf("'''a\néé\n''' x", 1), (Position{3, 5}));
}

TEST(LexerTest, ByteOrderMarkAndShebang) {
  EXPECT_EQ(Tokens("\xEF\xBB\xBFmap x"), "map x");
  EXPECT_EQ(PositionOf("\xEF\xBB\xBFmap x", 1), (Position{1, 5}));
  EXPECT_EQ(Tokens("#!/usr/bin/env groovy\nmap x"), "map x");
  EXPECT_EQ(PositionOf("#!/usr/bin/env groovy\nmap x", 0), (Position{2, 1}));
  EXPECT_EQ(Tokens("\xEF\xBB\xBF#!shebang\nx"), "x");
  EXPECT_THAT(Errors("x\n#!not first"), ElementsAre("2:1: syntax error: unexpected character '#'",
                                                    "2:2: unsupported operator '!'"));
}

TEST(LexerTest, LineTerminators) {
  EXPECT_EQ(Tokens("a\r\nb\rc\nd"), "a NL b NL c NL d");
  EXPECT_EQ(PositionOf("a\r\nb\rc", 2), (Position{2, 1}));
  EXPECT_EQ(PositionOf("a\r\nb\rc", 4), (Position{3, 1}));
  EXPECT_EQ(PositionOf("a\r\nb", 1), (Position{1, 2}));  // the newline token
}

TEST(LexerTest, NewlinesEndStatementsOutsideBrackets) {
  EXPECT_EQ(Tokens("a\n\n\n  b\n"), "a NL b");
  EXPECT_EQ(Tokens("f(a,\n b\n)\n[1\n, 2]"), "f ( a , b ) NL [ 1 , 2 ]");
  EXPECT_EQ(Tokens("x {\n a\n b\n}"), "x { a NL b NL }");
  EXPECT_EQ(Tokens("f({\n a\n b\n})"), "f ( { a NL b NL } )");
  EXPECT_EQ(Tokens("a;\nb"), "a ; b");
}

TEST(LexerTest, NewlinesAfterContinuationTokens) {
  EXPECT_EQ(Tokens("f(\na)"), "f ( a )");
  EXPECT_EQ(Tokens("a,\nb"), "a , b");
  EXPECT_EQ(Tokens("x =\n 5"), "x = 5");
  EXPECT_EQ(Tokens("a +\n b"), "a + b");
  EXPECT_EQ(Tokens("{ a ->\n b }"), "{ a -> b }");
  EXPECT_EQ(Tokens("a.\nb()"), "a . b ( )");
  EXPECT_EQ(Tokens("a -\nb"), "a - NL b");  // only the listed tokens continue a line
}

TEST(LexerTest, NewlinesBeforeMethodChainContinuation) {
  EXPECT_EQ(Tokens("map digest('sha-256')\n  .add(partyId())\n  .result() onto 'f'"),
            "map digest ( 'sha-256' ) . add ( partyId ( ) ) . result ( ) onto 'f'");
  EXPECT_EQ(Tokens("a\n\n  // comment\n  /* more */\n\n  .b()"), "a . b ( )");
  EXPECT_EQ(Tokens("a\n b"), "a NL b");
}

TEST(LexerTest, BackslashNewlineJoinsLines) {
  EXPECT_EQ(Tokens("map x \\\n onto 'f'"), "map x onto 'f'");
  EXPECT_EQ(Tokens("map x \\\r\n onto 'f'"), "map x onto 'f'");
  EXPECT_THAT(Errors("a \\ b"), ElementsAre("1:3: syntax error: unexpected character '\\'"));
}

TEST(LexerTest, Comments) {
  EXPECT_EQ(Tokens("a // comment ( \nb"), "a NL b");
  EXPECT_EQ(Tokens("a /* x\ny */ b"), "a b");
  EXPECT_EQ(Tokens("a /** doc */ b"), "a b");
  EXPECT_EQ(Tokens("a /* /* not nested */ b"), "a b");
  EXPECT_EQ(Tokens("'// not a comment' \"/* nor */\""), "'// not a comment' '/* nor */'");
  EXPECT_THAT(Errors("a /* open"), ElementsAre("1:3: syntax error: unterminated comment"));
}

TEST(LexerTest, NumbersAndUnaryMinus) {
  EXPECT_EQ(Tokens("map(-5) 42L 0x1F 017 0b101 1_000 4.2 1e3 42.0D 2f 4.2G"),
            "map ( - 5 ) 42L 0x1F 017 0b101 1_000 4.2 1e3 42.0D 2f 4.2G");
  const LexOutput output = Lex("42.toString() 1.5.abs()");
  EXPECT_EQ(Tokens("42.toString()"), "42 . toString ( )");
  EXPECT_EQ(output.tokens[0].literal.kind, LiteralKind::kInteger);
  EXPECT_EQ(output.tokens[0].literal.integer, 42);
  EXPECT_EQ(output.tokens[5].kind, TokenKind::kDecimal);
  EXPECT_EQ(output.tokens[5].literal.text, "1.5");
  EXPECT_THAT(Errors("42abc"), ElementsAre("1:1: syntax error: invalid numeric literal '42abc'"));
  EXPECT_THAT(Errors("1e"), ElementsAre("1:1: syntax error: invalid numeric literal '1e'"));
  EXPECT_THAT(Errors("x = 3000000000I"),
              ElementsAre("1:5: syntax error: numeric literal '3000000000I' is out of range for "
                          "Integer"));
}

TEST(LexerTest, SingleQuotedStringsAndEscapes) {
  EXPECT_EQ(StringValue("'abc'"), "abc");
  EXPECT_EQ(StringValue("''"), "");
  EXPECT_EQ(StringValue(R"('\'\"\\\$')"), "'\"\\$");
  EXPECT_EQ(StringValue(R"('\b\f\n\r\t')"), "\b\f\n\r\t");
  EXPECT_EQ(StringValue(R"('\u0041\u00e9\u20AC')"), "Aé€");
  EXPECT_EQ(StringValue(R"('\uD83D\uDE00')"), "😀");
  EXPECT_EQ(StringValue(R"('\0\7\12\101\377\400')"), std::string("\0\a\n", 3) + "A\xC3\xBF" + " 0");
  EXPECT_EQ(StringValue("'a\\\nb'"), "ab");
  EXPECT_EQ(StringValue("'$x ${y}'"), "$x ${y}");
  EXPECT_EQ(StringValue("'\"'"), "\"");
}

TEST(LexerTest, StringEscapeErrors) {
  EXPECT_THAT(Errors(R"(x = 'a\qb')"),
              ElementsAre("1:7: syntax error: invalid escape sequence '\\q'"));
  EXPECT_THAT(Errors(R"('\u12g')"),
              ElementsAre("1:2: syntax error: invalid escape sequence '\\u12'"));
  EXPECT_THAT(Errors(R"('\uD800x')"),
              ElementsAre("1:2: syntax error: invalid escape sequence '\\uD800' (unpaired "
                          "surrogate)"));
  EXPECT_THAT(Errors(R"("\/")"), ElementsAre("1:2: syntax error: invalid escape sequence '\\/'"));
  EXPECT_THAT(Errors(R"('''\é''')"),
              ElementsAre("1:4: syntax error: invalid escape sequence '\\é'"));
}

TEST(LexerTest, UnterminatedStrings) {
  EXPECT_THAT(Errors("map 'abc\nonto"),
              ElementsAre("1:5: syntax error: unterminated string literal"));
  EXPECT_THAT(Errors("map \"abc"), ElementsAre("1:5: syntax error: unterminated string literal"));
  EXPECT_THAT(Errors("x '''abc\n\n"),
              ElementsAre("1:3: syntax error: unterminated string literal"));
  EXPECT_THAT(Errors("x = /abc"), ElementsAre("1:5: syntax error: unterminated string literal"));
  EXPECT_THAT(Errors("x = \"a ${b"), ElementsAre("1:5: syntax error: unterminated string literal"));
  EXPECT_EQ(Tokens("'abc\nx"), "'abc' NL x");
}

TEST(LexerTest, TripleQuotedStrings) {
  EXPECT_EQ(StringValue("'''a\nb'c''d'''"), "a\nb'c''d");
  EXPECT_EQ(StringValue("'''a\r\nb\rc'''"), "a\nb\nc");
  EXPECT_EQ(StringValue("\"\"\"a\n\\t\"\"b\"\"\""), "a\n\t\"\"b");
  EXPECT_EQ(StringValue("'''$x'''"), "$x");
}

TEST(LexerTest, DoubleQuotedStringsInterpolate) {
  EXPECT_EQ(StringValue(R"("plain \$x")"), "plain $x");
  EXPECT_EQ(Tokens(R"("seed-$it")"), "<'seed-' it >''");
  EXPECT_EQ(Tokens(R"("$site-shop")"), "<'' site >'-shop'");
  EXPECT_EQ(Tokens(R"("$a.b.c!")"), "<'' a . b . c >'!'");
  EXPECT_EQ(Tokens(R"x("$a. $b.c()")x"), "<'' a |'. ' b . c >'()'");
  EXPECT_EQ(Tokens(R"("x${a + 1}y${b}")"), "<'x' ${ a + 1 } |'y' ${ b } >''");
  EXPECT_EQ(Tokens(R"("${ "in${x}" }")"), "<'' ${ <'in' ${ x } >'' } >''");
  EXPECT_EQ(Tokens("\"\"\"a\n$b\"\"\""), "<'a\n' b >''");
  EXPECT_EQ(Tokens(R"("${ {it} }")"), "<'' ${ { it } } >''");
  EXPECT_THAT(Errors(R"("cost: $5")"),
              ElementsAre("1:8: syntax error: '$' must be followed by a name or '{' in an "
                          "interpolated string; write '\\$' for a literal '$'"));
  EXPECT_THAT(Errors(R"("a$")"), ::testing::SizeIs(1));
}

TEST(LexerTest, SlashyStrings) {
  EXPECT_EQ(Tokens(R"(x = /^\/products\/([0-9]+)$/)"), R"(x = '^/products/([0-9]+)$')");
  EXPECT_EQ(Tokens(R"(x = /a\d+\.b/)"), R"(x = 'a\d+\.b')");
  EXPECT_EQ(Tokens("x = /a\nb/"), "x = 'a\nb'");
  EXPECT_EQ(Tokens("x = /id-$n-${m}/"), "x = <'id-' n |'-' ${ m } >''");
  EXPECT_EQ(Tokens("x = /^a+$/"), "x = '^a+$'");
  EXPECT_EQ(Tokens(R"(x = /\$x/)"), R"(x = <'\' x >'')");  // backslash literal, then $x
}

TEST(LexerTest, SlashyStringsOnlyWhereAnExpressionMayStart) {
  EXPECT_EQ(Tokens("match /^a/ against p"), "match '^a' against p");
  EXPECT_EQ(Tokens("map x onto /f/"), "map x onto 'f'");
  EXPECT_EQ(Tokens("f(/a/, [/b/])"), "f ( 'a' , [ 'b' ] )");
  EXPECT_EQ(Tokens("a + /b/"), "a + 'b'");
  EXPECT_EQ(Tokens("x = a / b"), "x = a / b");
  EXPECT_EQ(Tokens("x = a/b/c"), "x = a / b / c");
  EXPECT_EQ(Tokens("map x / 2"), "map x / 2");
  EXPECT_EQ(Tokens("f() /2/ 1"), "f ( ) / 2 / 1");
  EXPECT_EQ(Tokens("'a' / 'b'"), "'a' / 'b'");
  EXPECT_THAT(Errors("x = a / b"), ElementsAre("1:7: unsupported operator '/'"));
}

TEST(LexerTest, DollarSlashyStrings) {
  EXPECT_EQ(Tokens(R"(x = $/a\b/c$$d$/e/$)"), R"(x = 'a\b/c$d/e')");
  EXPECT_EQ(Tokens("x = $/a$b.c/$"), "x = <'a' b . c >''");
  EXPECT_EQ(Tokens("x = $/a${b}c$ d/$"), "x = <'a' ${ b } >'c$ d'");
  EXPECT_EQ(Tokens("x = $/multi\nline/$"), "x = 'multi\nline'");
  EXPECT_EQ(Tokens("match $/^\\d$$/$ against y"), "match '^\\d$' against y");
}

TEST(LexerTest, UnsupportedOperators) {
  for (const char* op : {"==", "!=", "<",  ">",  "<=", ">=", "!", "&&", "||",  "?:", "?",   ":",
                         "++", "--", "+=", "<<", ">>", "&",  "|", "^",  "~",   "=~", "==~", "**",
                         "?.", "*.", ".@", ".&", "::", "*",  "%", "-=", "<=>", "..", "==="}) {
    const std::string text = std::string("a ") + op + " b";
    EXPECT_THAT(Errors(text), ElementsAre("1:3: unsupported operator '" + std::string(op) + "'"))
        << text;
  }
  EXPECT_EQ(Tokens("{ a -> b }"), "{ a -> b }");
  EXPECT_THAT(Errors("a->b"), IsEmpty());
}

TEST(LexerTest, UnexpectedCharacters) {
  EXPECT_THAT(Errors("a @ b"), ElementsAre("1:3: syntax error: unexpected character '@'"));
  EXPECT_THAT(Errors(std::string("a \0 b", 5)),
              ElementsAre("1:3: syntax error: unexpected character U+0000"));
  EXPECT_THAT(Errors("a\xC2\xA0"
                     "b"),
              ElementsAre("1:2: syntax error: unexpected character U+00A0"));
  EXPECT_THAT(Errors("`x`"), ::testing::SizeIs(2));
}

TEST(LexerTest, InvalidUtf8NamesTheFirstBadByte) {
  EXPECT_THAT(Errors("map 'a'\nmap 'é\xFF'"),
              ElementsAre("2:7: cannot read mapping script: invalid UTF-8"));
  EXPECT_THAT(Errors("\xC0\x80"), ElementsAre("1:1: cannot read mapping script: invalid UTF-8"));
  EXPECT_THAT(Errors("'\xED\xA0\x80'"),
              ElementsAre("1:2: cannot read mapping script: invalid UTF-8"));  // a surrogate
  EXPECT_EQ(Lex("a \xF5").tokens.size(), 1u);
}

TEST(LexerTest, DescribeToken) {
  const LexOutput output = Lex("onto } 'x' 42L\n");
  EXPECT_EQ(DescribeToken(output.tokens[0]), "'onto'");
  EXPECT_EQ(DescribeToken(output.tokens[1]), "'}'");
  EXPECT_EQ(DescribeToken(output.tokens[2]), "string literal");
  EXPECT_EQ(DescribeToken(output.tokens[3]), "'42L'");
  EXPECT_EQ(DescribeToken(output.tokens.back()), "end of file");
}

}  // namespace
}  // namespace divolte::script
