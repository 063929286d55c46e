// Deterministic random and mutated scripts: the lexer and parser never crash, never hang, and
// either return a tree or at most kMaxReportedErrors positioned errors. (Run under the asan
// preset to also catch memory errors.)

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "script/ast_printer.h"
#include "script/lexer.h"
#include "script/parser.h"
#include "script/spec_examples.h"

namespace divolte::script {
namespace {

void CheckParses(const std::string& text) {
  const LexOutput lexed = Lex(text);
  ASSERT_FALSE(lexed.tokens.empty());
  ASSERT_EQ(lexed.tokens.back().kind, TokenKind::kEndOfFile);
  const ParseOutput output = Parse(text);
  ASSERT_LE(output.errors.size(), kMaxReportedErrors);
  for (const Diagnostic& error : output.errors) {
    ASSERT_GE(error.position.line, 1);
    ASSERT_GE(error.position.column, 1);
    ASSERT_FALSE(error.message.empty());
  }
  (void)PrintScript(output.script);  // walks the whole tree
}

// Random text biased towards the characters the lexer and parser care about; with `raw_bytes`
// also arbitrary bytes (mostly invalid UTF-8, rejected early).
std::string RandomScript(std::mt19937* rng, bool raw_bytes) {
  static constexpr std::string_view kPieces[] = {
      "map ", "onto ", "x",    "'f'",   "\"", "'",   "'''",    "\"\"\"", "/",  "$/",
      "/$",   "$",     "${",   "}",     "{",  "(",   ")",      "[",      "]",  ",",
      ";",    "\n",    "\r\n", "\r",    " ",  "\t",  ".",      "+",      "-",  "->",
      "=",    "\\",    "\\u",  "\\u00", "0x", "1_0", "42L",    "4.2",    "e",  "G",
      "def ", "if ",   "==",   "?",     ":",  "//",  "/*",     "*/",     "#!", "\xEF\xBB\xBF",
      "é",    "😀",     "it",   "-> ",   "0",  "9",   "apply ", "{ a ->"};
  std::uniform_int_distribution<int> length(0, 60);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> any_byte(0, 255);
  std::string text;
  for (int n = length(*rng); n > 0; --n) {
    if (raw_bytes && (*rng)() % 8 == 0) {
      text.push_back(static_cast<char>(any_byte(*rng)));
    } else {
      text += kPieces[pick(*rng)];
    }
  }
  return text;
}

// One of the spec examples with a few random bytes deleted, inserted, replaced or duplicated.
std::string MutatedExample(std::mt19937* rng) {
  std::uniform_int_distribution<size_t> example(0, std::size(kSpecExamples) - 1);
  std::string text(kSpecExamples[example(*rng)].text);
  static constexpr std::string_view kInserts = "(){}[]'\"/$\\.,;=+-\n ";
  for (int n = 1 + static_cast<int>((*rng)() % 4); n > 0 && !text.empty(); --n) {
    const size_t at = (*rng)() % text.size();
    switch ((*rng)() % 4) {
      case 0:
        text.erase(at, 1 + (*rng)() % 3);
        break;
      case 1:
        text.insert(at, 1, kInserts[(*rng)() % kInserts.size()]);
        break;
      case 2:
        text[at] = static_cast<char>((*rng)() % 256);
        break;
      default:
        text.insert(at, text.substr(at, (*rng)() % 40));
        break;
    }
  }
  return text;
}

TEST(RobustnessTest, RandomScripts) {
  std::mt19937 rng(20240611);
  for (int i = 0; i < 4000; ++i) {
    const std::string text = RandomScript(&rng, /*raw_bytes=*/i % 8 == 0);
    SCOPED_TRACE(text);
    CheckParses(text);
  }
}

TEST(RobustnessTest, MutatedExamples) {
  std::mt19937 rng(4);
  for (int i = 0; i < 4000; ++i) {
    const std::string text = MutatedExample(&rng);
    SCOPED_TRACE(text);
    CheckParses(text);
  }
}

TEST(RobustnessTest, DeepAndLongInputs) {
  constexpr size_t kCount = 20000;
  const auto repeat = [](std::string_view piece) {
    std::string text;
    for (size_t i = 0; i < kCount; ++i) text += piece;
    return text;
  };
  for (const std::string& text : {repeat("("),
                                  repeat("["),
                                  repeat("{"),
                                  repeat("\"${"),
                                  repeat("f("),
                                  repeat("{ a -> "),
                                  repeat("-"),
                                  repeat(")"),
                                  repeat("}"),
                                  "x" + repeat(".f()"),
                                  "x" + repeat(".y"),
                                  "x = 1" + repeat(" + 1"),
                                  "f a" + repeat(" g b"),
                                  repeat("\n"),
                                  repeat("a\n.b"),
                                  repeat("f { "),
                                  "x" + repeat(".f { x"),
                                  repeat("a b apply { "),
                                  repeat("f(a) { "),
                                  repeat("/* "),
                                  repeat("'"),
                                  repeat("$/"),
                                  repeat("if "),
                                  repeat("\\\n"),
                                  std::string(kCount, '1'),
                                  repeat("[") + repeat(")"),
                                  repeat("(") + repeat("}"),
                                  repeat("{(") + repeat("]"),
                                  "x = " + repeat("\"${'") + "a",
                                  repeat("def x = \"$a.b.c\"\n")}) {
    CheckParses(text);
  }
}

}  // namespace
}  // namespace divolte::script
