#include "functions/regex.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace divolte::functions {
namespace {

Regex Compiled(std::string_view pattern) {
  base::Result<Regex> regex = Regex::Compile(pattern);
  EXPECT_TRUE(regex.ok()) << pattern << ": " << (regex.ok() ? "" : regex.message());
  if (!regex.ok()) return std::move(Regex::Compile("(?!)").value());
  return std::move(regex.value());
}

bool Matches(std::string_view pattern, std::string_view subject) {
  return Compiled(pattern).Matches(subject);
}

std::string CompileError(std::string_view pattern) {
  const base::Result<Regex> regex = Regex::Compile(pattern);
  return regex.ok() ? "compiled" : regex.message();
}

TEST(Regex, SpecExampleProductPath) {
  const Regex regex = Compiled(R"(^\/products\/([0-9]+)$)");
  RegexMatch match;
  ASSERT_TRUE(regex.Matches("/products/42", &match));
  EXPECT_EQ(match.Group(0), "/products/42");
  EXPECT_EQ(match.Group(1), "42");
  EXPECT_FALSE(regex.Matches("/about", &match));
  EXPECT_EQ(match.Group(1), std::nullopt);
  EXPECT_FALSE(regex.Matches("/", &match));
}

TEST(Regex, MatchesTheEntireInput) {
  EXPECT_TRUE(Matches("abc", "abc"));
  EXPECT_FALSE(Matches("a", "ab"));
  EXPECT_FALSE(Matches("b", "ab"));
  EXPECT_FALSE(Matches("\\d+", "123x"));
  EXPECT_TRUE(Matches("a|ab", "ab"));  // backtracks into the alternation to reach the end
  EXPECT_FALSE(Matches("a(?=b)", "ab"));
  EXPECT_TRUE(Matches("a*", ""));
  EXPECT_FALSE(Matches("a", ""));
  EXPECT_TRUE(Matches("", ""));
  EXPECT_FALSE(Matches("", "a"));
}

TEST(Regex, GroupsThatDidNotParticipateAreAbsent) {
  const Regex regex = Compiled("(a)|(b)(x)?");
  RegexMatch match;
  ASSERT_TRUE(regex.Matches("b", &match));
  EXPECT_EQ(match.Group(1), std::nullopt);
  EXPECT_EQ(match.Group(2), "b");
  EXPECT_EQ(match.Group(3), std::nullopt);
  EXPECT_EQ(regex.group_count(), 3u);
  const Regex empty_group = Compiled("a()b");
  ASSERT_TRUE(empty_group.Matches("ab", &match));
  EXPECT_EQ(match.Group(1), "");
}

TEST(Regex, NamedGroupsResolveAtStartUp) {
  const Regex regex = Compiled(R"((?<year>\d{4})-(?<month>\d\d)(?:-(\d\d))?)");
  EXPECT_EQ(*regex.GroupIndex("year"), 1u);
  EXPECT_EQ(*regex.GroupIndex("month"), 2u);
  EXPECT_EQ(regex.GroupIndex("day").message(), "no group named day");
  RegexMatch match;
  ASSERT_TRUE(regex.Matches("2024-05", &match));
  EXPECT_EQ(match.Group(*regex.GroupIndex("month")), "05");
  EXPECT_EQ(match.Group(3), std::nullopt);
}

TEST(Regex, GroupNumbersAreCheckedAtStartUp) {
  const Regex regex = Compiled("(a)(b)");
  EXPECT_TRUE(regex.CheckGroup(0).ok());
  EXPECT_TRUE(regex.CheckGroup(2).ok());
  EXPECT_EQ(regex.CheckGroup(3).message(), "no group 3 in regular expression");
  EXPECT_EQ(regex.CheckGroup(-1).message(), "no group -1 in regular expression");
}

TEST(Regex, LookAroundBackReferencesAndNamedGroups) {
  const Regex regex = Compiled(R"((?<word>\w+)-(?=\w)(?<!x-)\k<word>(?<=\w)\.(\d)\2(?!\d))");
  RegexMatch match;
  ASSERT_TRUE(regex.Matches("ab-ab.11", &match));
  EXPECT_EQ(match.Group(*regex.GroupIndex("word")), "ab");
  EXPECT_EQ(match.Group(2), "1");
  EXPECT_FALSE(regex.Matches("ab-ac.11", &match));  // back-reference differs
  EXPECT_FALSE(regex.Matches("ax-ax.11", &match));  // negative look-behind
  EXPECT_FALSE(regex.Matches("ab-ab.12", &match));
  EXPECT_TRUE(Matches(R"((\w)\1)", "zz"));
  EXPECT_FALSE(Matches(R"((\w)\1)", "zy"));
  EXPECT_TRUE(Matches(R"(q(?!u)\w)", "qa"));
  EXPECT_FALSE(Matches(R"(q(?!u)\w)", "qu"));
  EXPECT_TRUE(Matches(R"(\w+(?<=ing))", "running"));
  EXPECT_FALSE(Matches(R"(\w+(?<=ing))", "runner"));
  EXPECT_TRUE(Matches(R"((?<=ab|c)d|.*)", "abd"));
}

TEST(Regex, BackReferenceDigitsFollowJava) {
  EXPECT_TRUE(Matches(R"((a)\11)", "aa1"));  // group 1 then '1': there is no group 11
  EXPECT_FALSE(Matches(R"((a)\2)", "aa"));   // a group that never exists never matches
  EXPECT_TRUE(Matches(R"((a)\2|b)", "b"));
  EXPECT_TRUE(Matches(R"((a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11)", "abcdefghijkk"));
}

TEST(Regex, QuantifierForms) {
  EXPECT_TRUE(Matches("a{2}", "aa"));
  EXPECT_FALSE(Matches("a{2}", "aaa"));
  EXPECT_TRUE(Matches("a{2,}", "aaaa"));
  EXPECT_TRUE(Matches("a{2,3}", "aaa"));
  EXPECT_FALSE(Matches("a{2,3}", "aaaa"));
  EXPECT_FALSE(Matches("a++a", "aaa"));     // possessive
  EXPECT_FALSE(Matches("(?>a+)a", "aaa"));  // atomic
  EXPECT_TRUE(Matches("a+a", "aaa"));
  const Regex reluctant = Compiled("(a+?)(a*)");
  RegexMatch match;
  ASSERT_TRUE(reluctant.Matches("aaa", &match));
  EXPECT_EQ(match.Group(1), "a");
  EXPECT_EQ(match.Group(2), "aa");
  const Regex counted_reluctant = Compiled("(a{1,3}?)(a*)");
  ASSERT_TRUE(counted_reluctant.Matches("aaa", &match));
  EXPECT_EQ(match.Group(1), "a");
  EXPECT_FALSE(Matches("a{1,2}+a", "aa"));
  EXPECT_TRUE(Matches("ab?c", "ac"));
  EXPECT_TRUE(Matches("abc*", "ab"));  // a quantifier applies to the last character only
}

TEST(Regex, Escapes) {
  EXPECT_TRUE(Matches(R"(\t\n\r\f\a\e)", "\t\n\r\f\a\x1b"));
  EXPECT_TRUE(Matches(R"(\x41\x{1F600}\x{e9})", "A\xf0\x9f\x98\x80\xc3\xa9"));
  EXPECT_TRUE(Matches(R"(\u00e9\uD83D\uDE00)", "\xc3\xa9\xf0\x9f\x98\x80"));
  EXPECT_TRUE(Matches(R"(\0101\07\0377)", "A\x07\xc3\xbf"));
  EXPECT_TRUE(Matches(R"(\0400)", " 0"));  // \040 then '0': a first digit above 3 takes two
  EXPECT_TRUE(Matches(R"(\cA\c[)", "\x01\x1b"));
  EXPECT_TRUE(Matches(R"(\Q.*+?[\E.)", ".*+?[x"));
  EXPECT_TRUE(Matches(R"(\Q(unclosed)", "(unclosed"));
  EXPECT_TRUE(Matches(R"(\.\-\#\ \/\@)", ".-# /@"));
  EXPECT_FALSE(Matches(R"(\.)", "x"));
}

TEST(Regex, CharacterClasses) {
  EXPECT_TRUE(Matches("[abc]+", "cab"));
  EXPECT_FALSE(Matches("[^abc]", "a"));
  EXPECT_TRUE(Matches("[^abc]", "\xc3\xa9"));
  EXPECT_TRUE(Matches("[a-c[x-z]]+", "axbz"));  // union
  EXPECT_FALSE(Matches("[a-c[x-z]]", "m"));
  EXPECT_TRUE(Matches("[]a]+", "]a"));  // ']' first is a literal
  EXPECT_TRUE(Matches("[a-]+", "-a"));
  EXPECT_TRUE(Matches("[-a]+", "a-"));
  EXPECT_TRUE(Matches(R"([\d-z]+)", "1-z"));  // '-' after a class escape is a literal
  EXPECT_TRUE(Matches(R"([\x41-\x43]+)", "ABC"));
  EXPECT_TRUE(Matches("[a&b]+", "&ab"));
  EXPECT_TRUE(Matches(R"([\Q]-\E]+)", "]-"));
  EXPECT_TRUE(Matches("[.*+?^$|()]+", ".*+?^$|()"));
  EXPECT_TRUE(Matches(R"([\u00e9-\u00ea])", "\xc3\xaa"));
  EXPECT_TRUE(Matches(R"([\x{1F600}-\x{1F64F}])", "\xf0\x9f\x98\x8a"));
}

TEST(Regex, PredefinedClassesAreAscii) {
  EXPECT_TRUE(Matches(R"(\d\D\s\S\w\W)", "1a b_!"));
  EXPECT_FALSE(Matches(R"(\d)", "\xd9\xa3"));  // ARABIC-INDIC DIGIT THREE
  EXPECT_FALSE(Matches(R"(\w)", "\xc3\xa9"));
  EXPECT_TRUE(Matches(R"(\W)", "\xc3\xa9"));
  EXPECT_FALSE(Matches(R"(\s)", "\xc2\xa0"));
  EXPECT_TRUE(Matches(R"(\s)", "\x0b"));
  EXPECT_TRUE(Matches(R"(\h\h)", "\t\xc2\xa0"));
  EXPECT_TRUE(Matches(R"(\v\v)", "\n\xe2\x80\xa8"));
  EXPECT_FALSE(Matches(R"(\H)", " "));
  EXPECT_TRUE(Matches(R"(a\b)", "a"));
  EXPECT_TRUE(Matches(R"(a\B\w)", "ab"));
}

TEST(Regex, PosixAndUnicodeProperties) {
  EXPECT_TRUE(
      Matches(R"(\p{Lower}\p{Upper}\p{Digit}\p{Punct}\p{Space}\p{Alnum}\p{XDigit})", "aB1! zf"));
  EXPECT_FALSE(Matches(R"(\p{Lower})", "\xc3\xa9"));  // POSIX classes are ASCII
  EXPECT_FALSE(Matches(R"(\p{Alpha})", "\xc3\xa9"));
  EXPECT_TRUE(Matches(R"(\P{Digit})", "x"));
  EXPECT_TRUE(Matches(R"(\p{L}\p{Lu}\pL\p{IsL})", "\xc3\xa9\xc3\x89xy"));
  EXPECT_FALSE(Matches(R"(\P{L})", "\xc3\xa9"));
  EXPECT_TRUE(Matches(R"(\p{IsLatin}\p{IsGreek}\p{sc=Cyrillic}\p{script=Latin})",
                      "\xc3\xa9\xce\xb1\xd0\xb6z"));
  EXPECT_FALSE(Matches(R"(\p{IsLatin})", "\xce\xb1"));
  EXPECT_TRUE(Matches(R"(\p{IsAlphabetic}\p{IsDigit}\p{IsWhite_Space}\p{gc=Nd})",
                      "\xc3\xa9\xd9\xa3\xc2\xa0"
                      "5"));
  EXPECT_TRUE(Matches(R"([\p{L}\d]+)",
                      "a\xc3\xa9"
                      "1"));
  EXPECT_TRUE(Matches(R"([^\p{L}]+)", "1 !"));
  EXPECT_TRUE(Matches(R"([\P{Lower}])", "A"));
  EXPECT_FALSE(Matches(R"([\P{Lower}])", "a"));
  EXPECT_TRUE(Matches(R"(\p{L1}\p{all})", "\xc3\xbf\xf0\x9f\x98\x80"));
}

TEST(Regex, DotExcludesJavaLineTerminators) {
  for (const char* terminator : {"\n", "\r", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9"}) {
    EXPECT_FALSE(Matches("a.b", std::string("a") + terminator + "b")) << terminator;
    EXPECT_TRUE(Matches("(?s)a.b", std::string("a") + terminator + "b")) << terminator;
  }
  EXPECT_TRUE(Matches("a.b",
                      "a\x0b"
                      "b"));
  EXPECT_TRUE(Matches("a.b", "a\fb"));
  EXPECT_TRUE(Matches("(?d)a.b", "a\rb"));
  EXPECT_FALSE(Matches("(?d)a.b", "a\nb"));
  EXPECT_TRUE(Matches("^.$", "\xf0\x9f\x98\x80"));  // one code point
}

TEST(Regex, Anchors) {
  EXPECT_TRUE(Matches("^abc$", "abc"));
  EXPECT_FALSE(Matches("a$", "a\n"));  // $ matches before the terminator, which is left over
  EXPECT_TRUE(Matches("a$\n", "a\n"));
  EXPECT_TRUE(Matches("a$\r\n", "a\r\n"));
  EXPECT_FALSE(Matches("a\r$\n", "a\r\n"));  // never between \r and \n
  EXPECT_TRUE(Matches("a\\Z\n", "a\n"));
  EXPECT_TRUE(Matches("\\Aab\\z", "ab"));
  EXPECT_TRUE(Matches("\\Gab", "ab"));
  EXPECT_TRUE(Matches("(?m)a$\n^b", "a\nb"));
  EXPECT_FALSE(Matches("a\n^b", "a\nb"));  // without (?m), ^ is the start of input
  EXPECT_FALSE(Matches("(?m)^", ""));      // Java: ^ never matches at the end of input
  EXPECT_FALSE(Matches("(?m)a\n^", "a\n"));
  EXPECT_TRUE(Matches("^", ""));
  EXPECT_FALSE(Matches("(?m)a\r^\nb", "a\r\nb"));
  EXPECT_TRUE(Matches("(?m)a$\xe2\x80\xa8^b",
                      "a\xe2\x80\xa8"
                      "b"));
  EXPECT_TRUE(Matches("(?md)a$\n^b", "a\nb"));
  EXPECT_FALSE(Matches("(?d)a$\r", "a\r"));  // with (?d) only \n ends a line
}

TEST(Regex, CaseInsensitiveIsAsciiUnlessUnicodeCase) {
  EXPECT_TRUE(Matches("(?i)abc", "AbC"));
  EXPECT_FALSE(Matches("(?i)\xc3\xa9", "\xc3\x89"));
  EXPECT_TRUE(Matches("(?iu)\xc3\xa9", "\xc3\x89"));
  EXPECT_TRUE(Matches("(?i)[a-c]+", "AbC"));
  EXPECT_FALSE(Matches("(?i)[\xc3\xa9]", "\xc3\x89"));
  EXPECT_TRUE(Matches("(?iu)[\xc3\xa9]", "\xc3\x89"));
  EXPECT_FALSE(Matches("(?i)[^a]", "A"));
  EXPECT_TRUE(Matches("(?i)[^a]", "b"));
  EXPECT_TRUE(Matches("(?i)(a)\\1", "aA"));
  EXPECT_TRUE(Matches("(?i)\\x41", "a"));
}

TEST(Regex, InlineFlagsScopeAndPersistence) {
  EXPECT_TRUE(Matches("a(?i:b)c", "aBc"));
  EXPECT_FALSE(Matches("a(?i:b)c", "aBC"));
  EXPECT_TRUE(Matches("(?i)a(?-i)b", "Ab"));
  EXPECT_FALSE(Matches("(?i)a(?-i)b", "AB"));
  EXPECT_TRUE(Matches("(a(?i)b|c)", "C"));    // flags carry into later alternatives
  EXPECT_FALSE(Matches("(a(?i)b)c", "abC"));  // and end with their group
  EXPECT_TRUE(Matches("(?is-m:a.)b", "A\nb"));
}

TEST(Regex, CommentsMode) {
  EXPECT_TRUE(Matches("(?x) a b # comment\n c", "abc"));
  EXPECT_TRUE(Matches("(?x)[a b]", "b"));
  EXPECT_FALSE(Matches("(?x)[a b]", " "));  // whitespace is ignored inside classes too
  EXPECT_TRUE(Matches("(?x)a\\ b", "a b"));
  EXPECT_TRUE(Matches("(?x)a +", "aaa"));
}

TEST(Regex, InvalidUtf8SubjectsAreMatchedAsRepaired) {
  const Regex regex = Compiled("a(.)b");
  RegexMatch match;
  ASSERT_TRUE(
      regex.Matches("a\xff"
                    "b",
                    &match));
  EXPECT_EQ(match.Group(1), "\xef\xbf\xbd");
  EXPECT_FALSE(
      regex.Matches("a\xc3\x28"
                    "b",
                    &match));  // two characters: U+FFFD and '('
  EXPECT_TRUE(Matches("a\\x{fffd}\\(b",
                      "a\xc3\x28"
                      "b"));
}

TEST(Regex, SyntaxErrorsUseJavasReasonAndIndex) {
  EXPECT_EQ(CompileError("(abc"), "invalid regular expression at index 4: Unclosed group");
  EXPECT_EQ(CompileError("abc)"), "invalid regular expression at index 3: Unmatched closing ')'");
  EXPECT_EQ(CompileError("*a"),
            "invalid regular expression at index 0: Dangling meta character '*'");
  EXPECT_EQ(CompileError("a**"),
            "invalid regular expression at index 2: Dangling meta character '*'");
  EXPECT_EQ(CompileError("{1}"),
            "invalid regular expression at index 0: Dangling meta character '{'");
  EXPECT_EQ(CompileError("[abc"),
            "invalid regular expression at index 4: Unclosed character class");
  EXPECT_EQ(CompileError("a{x}"), "invalid regular expression at index 1: Illegal repetition");
  EXPECT_EQ(CompileError("a{2"), "invalid regular expression at index 3: Unclosed counted closure");
  EXPECT_EQ(CompileError("a{3,2}"),
            "invalid regular expression at index 1: Illegal repetition range");
  EXPECT_EQ(CompileError("ab\\"),
            "invalid regular expression at index 2: Unexpected internal error");
  EXPECT_EQ(CompileError("\\y"),
            "invalid regular expression at index 1: Illegal/unsupported escape sequence");
  EXPECT_EQ(CompileError("[z-a]"),
            "invalid regular expression at index 3: Illegal character range");
  EXPECT_EQ(CompileError("(?q)"), "invalid regular expression at index 2: Unknown inline modifier");
  EXPECT_EQ(CompileError("\\k<nope>"),
            "invalid regular expression at index 3: named capturing group <nope> does not exist");
  EXPECT_EQ(CompileError("(?<a>x)(?<a>y)"),
            "invalid regular expression at index 10: Named capturing group <a> is already defined");
  EXPECT_EQ(
      CompileError("(?<1a>x)"),
      "invalid regular expression at index 3: capturing group name does not start with a Latin "
      "letter");
  EXPECT_EQ(CompileError("\\p{Foo}"),
            "invalid regular expression at index 0: Unknown character property name {Foo}");
  EXPECT_EQ(CompileError("\\x{110000}"),
            "invalid regular expression at index 9: Hexadecimal codepoint is too big");
  EXPECT_EQ(CompileError("\\u12"),
            "invalid regular expression at index 2: Illegal Unicode escape sequence");
  EXPECT_EQ(CompileError("\\0"),
            "invalid regular expression at index 2: Illegal octal escape sequence");
  EXPECT_EQ(CompileError("\xf0\x9f\x98\x80("),
            "invalid regular expression at index 3: Unclosed group");  // UTF-16 index
  EXPECT_EQ(CompileError("a\xff"), "invalid regular expression at index 1: invalid UTF-8");
}

TEST(Regex, UnsupportedJavaConstructs) {
  for (const char* pattern :
       {"[a-z&&[^aeiou]]", "\\p{javaLowerCase}", "\\p{IsjavaLowerCase}", "\\p{InGreek}",
        "\\p{block=Greek}", "(?U)\\w", "(?c)a", "(?<=a+)b", "a{70000}", "[^a[b]]", "[a[^b]]",
        "\\b{g}", "[\\P{LD}]", "\\p{IsGraph}"}) {
    EXPECT_EQ(CompileError(pattern), "unsupported regular expression construct") << pattern;
  }
}

TEST(Regex, UnknownScriptIsInvalid) {
  EXPECT_EQ(CompileError("ab\\p{IsKlingon}"),
            "invalid regular expression at index 2: Unknown character script name");
}

TEST(Regex, MatchingIsBounded) {
  // Java would eventually match with the second alternative; beyond the match limit the input
  // counts as not matching.
  const Regex regex = Compiled("(?:(a|a)+)+b|.*");
  EXPECT_FALSE(regex.Matches(std::string(40, 'a') + "!"));
  EXPECT_TRUE(regex.Matches("aa!"));
  EXPECT_TRUE(regex.Matches("aab"));
}

TEST(Regex, SharedBetweenThreads) {
  const Regex regex = Compiled(R"((?<key>[a-z]+)=(\d+))");
  std::vector<std::thread> threads;
  std::vector<int> hits(8, 0);
  for (size_t t = 0; t < hits.size(); ++t) {
    threads.emplace_back([&, t] {
      RegexMatch match;
      for (int i = 0; i < 500; ++i) {
        const std::string subject = "k" + std::string(t + 1, 'x') + "=" + std::to_string(i);
        if (regex.Matches(subject, &match) && match.Group(2) == std::to_string(i) &&
            match.Group(1)->size() == t + 2) {
          ++hits[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : hits) EXPECT_EQ(count, 500);
}

TEST(Regex, OneMatchObjectAcrossRegexes) {
  const Regex many = Compiled("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)");
  const Regex one = Compiled("(x)");
  RegexMatch match;
  ASSERT_TRUE(one.Matches("x", &match));
  ASSERT_TRUE(many.Matches("abcdefghijklmnopqrst", &match));
  EXPECT_EQ(match.Group(20), "t");
  ASSERT_TRUE(one.Matches("x", &match));
  EXPECT_EQ(match.Group(1), "x");
}

}  // namespace
}  // namespace divolte::functions
