// Invalid scripts and the exact start-up messages they produce (mapping.md §12, §15.7).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "script/parser.h"

namespace divolte::script {
namespace {

// The formatted errors of a script that must not parse.
std::string ErrorsOf(std::string_view text) {
  const base::Result<Script> script = ParseScript("mapping.groovy", text);
  EXPECT_FALSE(script.ok()) << text;
  return script.ok() ? "" : script.message();
}

struct InvalidScript {
  std::string_view text;
  std::string_view errors;
};

constexpr InvalidScript kInvalidScripts[] = {
    // §3: a '-' after a name is a subtraction.
    {"map -5 onto 'f'", "mapping.groovy:1:5: error: unsupported operator '-'"},
    {"map x onto -5", "mapping.groovy:1:12: error: unsupported operator '-'"},
    {"map(5 - x) onto 'f'", "mapping.groovy:1:7: error: unsupported operator '-'"},
    {"def x = - -5",
     "mapping.groovy:1:11: error: syntax error: unexpected '-'; expected an "
     "expression"},
    // §2.4 reserved words, §4.4 operators.
    {"if (x) {\n  map a onto 'b'\n}", "mapping.groovy:1:1: error: unsupported construct 'if'"},
    {"mapping {\n  return x\n}", "mapping.groovy:2:3: error: unsupported construct 'return'"},
    {"def u = new Foo()", "mapping.groovy:1:9: error: unsupported construct 'new'"},
    {"map a == b onto 'f'", "mapping.groovy:1:7: error: unsupported operator '=='"},
    {"map a ? b : c onto 'f'",
     "mapping.groovy:1:7: error: unsupported operator '?'\n"
     "mapping.groovy:1:11: error: unsupported operator ':'"},
    {"map x / 2 onto 'f'", "mapping.groovy:1:7: error: unsupported operator '/'"},
    {"x++", "mapping.groovy:1:2: error: unsupported operator '++'"},
    {"map a?.b onto 'f'", "mapping.groovy:1:6: error: unsupported operator '?.'"},
    // Syntax errors: "syntax error: unexpected <token>; expected <…>" (§12).
    {"map(x onto 'f')",
     "mapping.groovy:1:7: error: syntax error: unexpected 'onto'; expected ',' "
     "or ')'"},
    {"}", "mapping.groovy:1:1: error: syntax error: unexpected '}'; expected a statement"},
    {"mapping {\n  map x onto 'f'\n",
     "mapping.groovy:3:1: error: syntax error: unexpected end of file; expected '}' closing the "
     "'{' at 1:9"},
    {"mapping { map x onto 'f' ) }",
     "mapping.groovy:1:26: error: syntax error: unexpected ')'; expected a newline or ';'"},
    {"when x apply\n{ stop() }",
     "mapping.groovy:1:13: error: syntax error: unexpected newline; expected arguments for "
     "'apply'"},
    {"map x onto",
     "mapping.groovy:1:11: error: syntax error: unexpected end of file; expected "
     "arguments for 'onto'"},
    {"map x onto 'f' 'g'",
     "mapping.groovy:1:16: error: syntax error: unexpected string literal; "
     "expected a newline or ';'"},
    {"def = 5",
     "mapping.groovy:1:5: error: syntax error: unexpected '='; expected a variable "
     "name"},
    {"map x.5 onto 'f'",
     "mapping.groovy:1:7: error: syntax error: unexpected '5'; expected a "
     "method or property name"},
    {"def l = [1,,2]",
     "mapping.groovy:1:12: error: syntax error: unexpected ','; expected an "
     "expression"},
    {"def l = [1, 2",
     "mapping.groovy:1:14: error: syntax error: unexpected end of file; expected "
     "',' or ']'"},
    {"map \"${}\" onto 'f'",
     "mapping.groovy:1:8: error: syntax error: unexpected '}'; expected "
     "an expression"},
    {"f { Foo x -> x }",
     "mapping.groovy:1:5: error: syntax error: unexpected 'Foo'; expected a type name (String, "
     "int, long, boolean, float, double, Integer, Long, Boolean, Float, Double or Object)"},
    {"f { -> x }",
     "mapping.groovy:1:5: error: syntax error: unexpected '->'; expected an "
     "expression"},
    {"map x onto ['f']",
     "mapping.groovy:1:12: error: syntax error: unexpected '['; expected "
     "arguments for 'onto'"},
    // Lexical errors.
    {"map 'abc", "mapping.groovy:1:5: error: syntax error: unterminated string literal"},
    {"map \"a\\qb\" onto 'f'",
     "mapping.groovy:1:7: error: syntax error: invalid escape sequence '\\q'"},
    {"map \"cost: $5\" onto 'f'",
     "mapping.groovy:1:12: error: syntax error: '$' must be followed by a name or '{' in an "
     "interpolated string; write '\\$' for a literal '$'"},
    {"map 3000000000I onto 'f'",
     "mapping.groovy:1:5: error: syntax error: numeric literal "
     "'3000000000I' is out of range for Integer"},
    {"map 08 onto 'f'", "mapping.groovy:1:5: error: syntax error: invalid numeric literal '08'"},
    {"map x onto 'f' # tag", "mapping.groovy:1:16: error: syntax error: unexpected character '#'"},
    {"/* open", "mapping.groovy:1:1: error: syntax error: unterminated comment"},
    {"map 'a\xFF' onto 'f'",
     "mapping.groovy:1:7: error: cannot read mapping script: invalid "
     "UTF-8"},
};

TEST(ParserErrorsTest, ExactMessages) {
  for (const InvalidScript& invalid : kInvalidScripts) {
    EXPECT_EQ(ErrorsOf(invalid.text), invalid.errors) << invalid.text;
  }
}

TEST(ParserErrorsTest, ReportsErrorsOfEveryStatement) {
  EXPECT_EQ(ErrorsOf("mapping {\n"
                     "  map a == b onto 'x'\n"
                     "  map (y onto 'z')\n"
                     "  map 'fine' onto 'ok'\n"
                     "  while (true) { map x onto 'y' }\n"
                     "  map \"\\w\" onto 'w'\n"
                     "}\n"
                     "}\n"),
            "mapping.groovy:2:9: error: unsupported operator '=='\n"
            "mapping.groovy:3:10: error: syntax error: unexpected 'onto'; expected ',' or ')'\n"
            "mapping.groovy:5:3: error: unsupported construct 'while'\n"
            "mapping.groovy:6:8: error: syntax error: invalid escape sequence '\\w'\n"
            "mapping.groovy:8:1: error: syntax error: unexpected '}'; expected a statement");
}

TEST(ParserErrorsTest, AtMostTwentyErrors) {
  std::string lines;
  for (int i = 0; i < 25; ++i) lines += "f(a b)\n";
  const std::string errors = ErrorsOf(lines);
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 19) << errors;
  EXPECT_THAT(errors, ::testing::StartsWith("mapping.groovy:1:5: error: syntax error: unexpected "
                                            "'b'; expected ',' or ')'\nmapping.groovy:2:5:"));
  EXPECT_THAT(errors, ::testing::EndsWith("mapping.groovy:20:5: error: syntax error: unexpected "
                                          "'b'; expected ',' or ')'"));
}

TEST(ParserErrorsTest, NestingIsBounded) {
  const std::string parens = std::string(300, '(') + "x" + std::string(300, ')');
  EXPECT_EQ(ErrorsOf(parens),
            "mapping.groovy:1:257: error: syntax error: nesting deeper than 256 levels");
  std::string chain = "x";
  for (int i = 0; i < 300; ++i) chain += ".f()";
  EXPECT_THAT(ErrorsOf(chain), ::testing::HasSubstr("nesting deeper than 256 levels"));
  std::string sum = "x = 1";
  for (int i = 0; i < 300; ++i) sum += " + 1";
  EXPECT_THAT(ErrorsOf(sum), ::testing::HasSubstr("nesting deeper than 256 levels"));
  std::string commands = "f a";
  for (int i = 0; i < 300; ++i) commands += " g b";
  EXPECT_THAT(ErrorsOf(commands), ::testing::HasSubstr("nesting deeper than 256 levels"));
  std::string closures;
  for (int i = 0; i < 300; ++i) closures += "when x apply {\n";
  EXPECT_EQ(ErrorsOf(closures),
            "mapping.groovy:257:6: error: syntax error: nesting deeper than 256 levels");
  // Chains inside arguments of chains: the bound is on the height of the whole tree.
  std::string nested = "x";
  for (int i = 0; i < 100; ++i) nested = "y.f(" + nested + ").f().f()";
  EXPECT_THAT(ErrorsOf(nested), ::testing::HasSubstr("nesting deeper than 256 levels"));
  // Just below the bound parses.
  std::string ok = "x";
  for (int i = 0; i < 100; ++i) ok += ".f()";
  EXPECT_TRUE(ParseScript("ok.groovy", ok).ok());
}

}  // namespace
}  // namespace divolte::script
