#include "config/hocon_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using testing::At;
using ::testing::HasSubstr;
using testing::Parse;
using testing::ParseResolved;
using testing::TempDir;

// Parses and resolves `text`, failing the test on errors.
ValuePtr Ok(const std::string& text) {
  std::string errors;
  ValuePtr root = ParseResolved(text, &errors);
  EXPECT_TRUE(root) << errors;
  return root;
}

std::string ErrorOf(const std::string& text) {
  std::string error;
  EXPECT_FALSE(Parse(text, &error)) << "expected a parse error for: " << text;
  return error;
}

std::string TextAt(const ValuePtr& root, const std::string& path) {
  const Value* value = root ? At(root, path) : nullptr;
  return value ? Render(*value) : "<absent>";
}

TEST(HoconParser, RootBracesAreOptional) {
  EXPECT_EQ(TextAt(Ok("a = 1"), "a"), "1");
  EXPECT_EQ(TextAt(Ok("{ a = 1 }"), "a"), "1");
  EXPECT_EQ(TextAt(Ok("  # comment\n{\n a = 1\n}\n// end\n"), "a"), "1");
  EXPECT_EQ(TextAt(Ok(""), "a"), "<absent>");
  EXPECT_THAT(ErrorOf("{ a = 1 } b = 2"), HasSubstr("after the closing '}'"));
}

TEST(HoconParser, Separators) {
  ValuePtr root = Ok("a = 1\nb : 2\nc { d = 3 }\ne = { f = 4 }");
  EXPECT_EQ(TextAt(root, "a"), "1");
  EXPECT_EQ(TextAt(root, "b"), "2");
  EXPECT_EQ(TextAt(root, "c.d"), "3");
  EXPECT_EQ(TextAt(root, "e.f"), "4");
  EXPECT_EQ(TextAt(Ok("a =\n  5"), "a"), "5");
}

TEST(HoconParser, FieldsSeparatedByCommasOrNewlinesWithTrailingComma) {
  ValuePtr root = Ok("x { a = 1, b = 2,\n c = 3, }\ny = 4,");
  EXPECT_EQ(TextAt(root, "x"), R"({"a":1,"b":2,"c":3})");
  EXPECT_EQ(TextAt(root, "y"), "4");
  EXPECT_THAT(ErrorOf("a = 1,, b = 2"), HasSubstr("Unexpected ','"));
  EXPECT_THAT(ErrorOf("x { , a = 1 }"), HasSubstr("Unexpected ','"));
  EXPECT_THAT(ErrorOf("a = 1 b = 2"), HasSubstr("Unexpected '='"));
}

TEST(HoconParser, Comments) {
  ValuePtr root = Ok("# hash\na = 1 # after\n// slashes\nb = foo // after\nc = \"x # y // z\"");
  EXPECT_EQ(TextAt(root, "a"), "1");
  EXPECT_EQ(TextAt(root, "b"), "foo");
  EXPECT_EQ(TextAt(root, "c"), "x # y // z");
  EXPECT_EQ(TextAt(Ok("a = /x/y//comment"), "a"), "/x/y");
}

TEST(HoconParser, PathKeysAndQuotedSegments) {
  ValuePtr root = Ok("a.b.c = 1\n\"d.e\".f = 2\ng.\"h.i\" = 3\n\"\" = 4");
  EXPECT_EQ(TextAt(root, "a.b.c"), "1");
  EXPECT_EQ(At(root, "d.e"), nullptr);  // "d.e" is one key, not d then e
  const Value* quoted = root->Find("d.e")->get();
  EXPECT_EQ(Render(*quoted), R"({"f":2})");
  EXPECT_EQ(Render(*At(root, "g")), R"({"h.i":3})");
  EXPECT_EQ(Render(**root->Find("")), "4");
  EXPECT_THAT(ErrorOf("a..b = 1"), HasSubstr("empty segment"));
  EXPECT_THAT(ErrorOf("a. = 1"), HasSubstr("Expected a key"));
  EXPECT_THAT(ErrorOf("a b"), HasSubstr("after key '\"a b\"'"));
}

TEST(HoconParser, Arrays) {
  ValuePtr root =
      Ok("a = [1, two, \"three\"]\nb = [\n  x\n  y,\n  z,\n]\nc = []\nd = [[1], {e = 2}]");
  EXPECT_EQ(TextAt(root, "a"), R"([1,"two","three"])");
  EXPECT_EQ(TextAt(root, "b"), R"(["x","y","z"])");
  EXPECT_EQ(TextAt(root, "c"), "[]");
  EXPECT_EQ(TextAt(root, "d"), R"([[1],{"e":2}])");
  EXPECT_THAT(ErrorOf("a = [1,,2]"), HasSubstr("Unexpected ','"));
  EXPECT_THAT(ErrorOf("a = [1"), HasSubstr("Expected ']'"));
}

TEST(HoconParser, QuotedStringsWithJsonEscapes) {
  ValuePtr root = Ok(R"(a = "q\" b\\ s\/ \b\f\n\r\t e\u00e9 \ud83d\ude00 \ud800")");
  EXPECT_EQ(At(root, "a")->text(), "q\" b\\ s/ \b\f\n\r\t e\xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD");
  EXPECT_THAT(ErrorOf(R"(a = "\x")"), HasSubstr("Invalid escape '\\x'"));
  EXPECT_THAT(ErrorOf(R"(a = "\u12")"), HasSubstr("four hex digits"));
  EXPECT_THAT(ErrorOf("a = \"open\nb = 1"), HasSubstr("Unterminated quoted string"));
}

TEST(HoconParser, TripleQuotedStringsAreRawAndMultiLine) {
  ValuePtr root =
      Ok("a = \"\"\"line 1\n  \\n \"quoted\" line 2\"\"\"\nb = \"\"\"x\"\"\"\"\"\nc = 1");
  EXPECT_EQ(At(root, "a")->text(), "line 1\n  \\n \"quoted\" line 2");
  EXPECT_EQ(At(root, "b")->text(), "x\"\"");
  EXPECT_EQ(At(root, "c")->origin().line, 4);
  EXPECT_THAT(ErrorOf("a = \"\"\"never closed"), HasSubstr("Unterminated triple-quoted"));
}

TEST(HoconParser, UnquotedStringsAndForbiddenCharacters) {
  ValuePtr root = Ok("a = foo.bar-baz_1/x\nb = 0.0.0.0\nc = 1.5hours\nd = caf\xC3\xA9");
  EXPECT_EQ(At(root, "a")->text(), "foo.bar-baz_1/x");
  EXPECT_EQ(At(root, "b")->type(), ValueType::kString);
  EXPECT_EQ(At(root, "c")->type(), ValueType::kString);
  EXPECT_EQ(At(root, "d")->text(), "caf\xC3\xA9");
  for (char c : std::string("\"{}[]:=,+#`^?!@*&\\$")) {
    std::string text = std::string("a = x") + c + "y";
    std::string error;
    ValuePtr parsed = Parse(text, &error);
    // Either a parse error or the character ends the unquoted run (comments, separators).
    if (parsed && At(parsed, "a")) {
      EXPECT_NE(At(parsed, "a")->text(), std::string("x") + c + "y") << text;
    }
  }
  EXPECT_THAT(ErrorOf("a = x!y"), HasSubstr("Unexpected '!'"));
  EXPECT_THAT(ErrorOf("a = http://x:1"), HasSubstr("Unexpected ':'"));
}

TEST(HoconParser, BooleansNullAndNumbers) {
  ValuePtr root = Ok("t = true\nf = false\nn = null\ni = -1\nd = 3.5\ne = 1e3\ns = truex\nz = 01");
  EXPECT_EQ(At(root, "t")->type(), ValueType::kBoolean);
  EXPECT_TRUE(At(root, "t")->boolean());
  EXPECT_FALSE(At(root, "f")->boolean());
  EXPECT_EQ(At(root, "n")->type(), ValueType::kNull);
  EXPECT_EQ(At(root, "i")->type(), ValueType::kNumber);
  EXPECT_EQ(At(root, "i")->number(), -1);
  EXPECT_EQ(At(root, "d")->number(), 3.5);
  EXPECT_EQ(At(root, "e")->number(), 1000);
  EXPECT_EQ(At(root, "e")->text(), "1e3");
  EXPECT_EQ(At(root, "s")->type(), ValueType::kString);
  EXPECT_EQ(At(root, "z")->type(), ValueType::kString);
}

TEST(HoconParser, ValueConcatenation) {
  ValuePtr root =
      Ok("a = /data /x\nb = foo   bar  \nc = 20 seconds\nd = [1, 2] [3]\ne = {x = 1} {y = 2}\n"
         "f = \"quoted\" unquoted\nbase = /srv\ng = ${base}\"/y\"\nh = true false");
  EXPECT_EQ(At(root, "a")->text(), "/data /x");
  EXPECT_EQ(At(root, "b")->text(), "foo   bar");
  EXPECT_EQ(At(root, "c")->text(), "20 seconds");
  EXPECT_EQ(TextAt(root, "d"), "[1,2,3]");
  EXPECT_EQ(TextAt(root, "e"), R"({"x":1,"y":2})");
  EXPECT_EQ(At(root, "f")->text(), "quoted unquoted");
  EXPECT_EQ(At(root, "g")->text(), "/srv/y");
  EXPECT_EQ(At(root, "h")->type(), ValueType::kString);
  std::string errors;
  EXPECT_FALSE(ParseResolved("a = [1] x", &errors));
  EXPECT_THAT(errors, HasSubstr("Cannot concatenate an array with a string"));
}

TEST(HoconParser, MergingObjectsAndReplacingValues) {
  ValuePtr root =
      Ok("a { x = 1, y = 2 }\na { y = 3, z = 4 }\nb = {p = 1}\nb = 5\nc = 5\nc {q = 1}");
  EXPECT_EQ(TextAt(root, "a"), R"({"x":1,"y":3,"z":4})");
  EXPECT_EQ(TextAt(root, "b"), "5");
  EXPECT_EQ(TextAt(root, "c"), R"({"q":1})");
  EXPECT_EQ(TextAt(Ok("a.b = 1\na.c = 2\na.b = 3"), "a"), R"({"b":3,"c":2})");
}

TEST(HoconParser, PlusEqualsAppends) {
  ValuePtr root = Ok("a = [1]\na += 2\na += [3]\nb += x");
  EXPECT_EQ(TextAt(root, "a"), "[1,2,[3]]");
  EXPECT_EQ(TextAt(root, "b"), R"(["x"])");
}

TEST(HoconParser, OriginsRecordFileAndLine) {
  ValuePtr root = Parse("a = 1\n\nb {\n  c = \"x\"\n}");
  ASSERT_TRUE(root);
  EXPECT_EQ(At(root, "a")->origin().ToString(), "test.conf:1");
  EXPECT_EQ(At(root, "b.c")->origin().ToString(), "test.conf:4");
}

TEST(HoconParser, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(ErrorOf("a = 1\nb = {"), "test.conf:2:6: Expected '}' before the end of the input");
  EXPECT_EQ(ErrorOf("a = 1\n  b ! 2"),
            "test.conf:2:5: Expected '=', ':', '+=' or '{' after key 'b'");
  EXPECT_EQ(ErrorOf("a ="), "test.conf:1:4: Expected a value for key 'a'");
  EXPECT_EQ(ErrorOf("\n\n   }"), "test.conf:3:4: Unexpected '}'");
  // A line break quoted in an error keeps it on one line (found by config_fuzzer).
  EXPECT_EQ(ErrorOf("2.\n"), "test.conf:1:3: Expected a key or path, found '\\n'");
}

TEST(HoconParser, NestingDepthIsBounded) {
  EXPECT_THAT(ErrorOf("a = " + std::string(10000, '[')), HasSubstr("Nesting is deeper"));
  std::string objects = "a = ";
  for (int i = 0; i < 10000; ++i) objects += "{ b = ";
  EXPECT_THAT(ErrorOf(objects), HasSubstr("Nesting is deeper"));
  std::string deep_key = "a";
  for (int i = 0; i < 5000; ++i) deep_key += ".a";
  EXPECT_THAT(ErrorOf(deep_key + " = 1"), HasSubstr("Nesting is deeper"));
}

TEST(HoconParser, ArbitraryBytesNeverCrash) {
  std::mt19937 random(42);
  const std::string alphabet = "{}[]=:,+\"$?.#/\\ \n\tabc1-e${}\"\"\"include ";
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    int length = static_cast<int>(random() % 60);
    for (int j = 0; j < length; ++j) text += alphabet[random() % alphabet.size()];
    std::string errors;
    ParseResolved(text, &errors);  // must return, with or without errors
  }
  SUCCEED();
}

TEST(HoconInclude, IncludesAreRelativeToTheIncludingFile) {
  TempDir dir;
  dir.Write("sub/inner.conf", "inner = 2\nshared { b = 2 }");
  dir.Write("sub/outer.conf", "include \"inner.conf\"\nouter = 1\nshared { a = 1 }");
  std::string main = dir.Write("main.conf", "include \"sub/outer.conf\"\nshared { c = 3 }");
  base::Result<ValuePtr> parsed = ParseFile(main);
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  ResolveResult resolved = Resolve(*parsed, testing::Env());
  ASSERT_TRUE(resolved.errors.empty());
  EXPECT_EQ(Render(*resolved.root), R"({"inner":2,"shared":{"b":2,"a":1,"c":3},"outer":1})");
  EXPECT_EQ(At(resolved.root, "inner")->origin().ToString(), dir.path() + "/sub/inner.conf:1");
}

TEST(HoconInclude, AllIncludeForms) {
  TempDir dir;
  dir.Write("a.conf", "a = 1");
  dir.Write("b.conf", "b = 2");
  dir.Write("c.conf", "c = 3");
  dir.Write("d.conf", "d = 4");
  dir.Write("e.conf", "e = 5");
  std::string main =
      dir.Write("main.conf",
                "include \"a.conf\"\ninclude file(\"b.conf\")\ninclude required(\"c.conf\")\n"
                "include required( file( \"d.conf\" ) )\ninclude \"e\"\ninclude \"missing.conf\"\n"
                "include file(\"missing.conf\")\ninclude classpath(\"reference.conf\")\n"
                "include = not an include\n");
  base::Result<ValuePtr> parsed = ParseFile(main);
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  ResolveResult resolved = Resolve(*parsed, testing::Env());
  ASSERT_TRUE(resolved.root);
  EXPECT_EQ(Render(*resolved.root),
            R"({"a":1,"b":2,"c":3,"d":4,"e":5,"include":"not an include"})");
}

TEST(HoconInclude, IncludeErrors) {
  TempDir dir;
  std::string required = dir.Write("r.conf", "x = 1\ninclude required(\"nope.conf\")");
  base::Result<ValuePtr> parsed = ParseFile(required);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.message(), required + ":2:30: Could not find required include file '" +
                                  dir.path() + "/nope.conf'");
  std::string classpath = dir.Write("cp.conf", "include required(classpath(\"x.conf\"))");
  EXPECT_THAT(ParseFile(classpath).message(), HasSubstr("required include classpath resource"));
  std::string url = dir.Write("u.conf", "include url(\"http://example.com/x.conf\")");
  EXPECT_THAT(ParseFile(url).message(), HasSubstr("URL includes are not supported"));
  std::string cycle = dir.Write("cycle.conf", "include \"cycle.conf\"");
  EXPECT_THAT(ParseFile(cycle).message(), HasSubstr("include cycle?"));
  std::string broken_inner = dir.Write("broken.conf", "a = [");
  std::string outer = dir.Write("outer.conf", "include \"broken.conf\"");
  EXPECT_THAT(ParseFile(outer).message(), HasSubstr(broken_inner + ":1:6: Expected ']'"));
}

TEST(HoconInclude, SubstitutionsInIncludedFilesAreRelativeToTheIncludePoint) {
  TempDir dir;
  dir.Write("inc.conf", "x = 10\ny = ${x}\nz = ${top}\nlist += 1");
  std::string main = dir.Write("main.conf", "top = 5\nfoo { include \"inc.conf\" }");
  base::Result<ValuePtr> parsed = ParseFile(main);
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  ResolveResult resolved = Resolve(*parsed, testing::Env());
  ASSERT_TRUE(resolved.errors.empty()) << resolved.errors.front();
  EXPECT_EQ(Render(*At(resolved.root, "foo")), R"({"x":10,"y":10,"z":5,"list":[1]})");
}

TEST(HoconDefine, ParsesKeyAndHoconValue) {
  base::Result<ValuePtr> define = ParseDefine("divolte.global.server.port=9000");
  ASSERT_TRUE(define.ok()) << define.message();
  EXPECT_EQ(Render(**define), R"({"divolte":{"global":{"server":{"port":9000}}}})");
  EXPECT_EQ(At(*define, "divolte.global.server.port")->origin().ToString(), "--define");
  EXPECT_EQ(Render(**ParseDefine("a.\"b.c\"=[x, \"y\"]")), R"({"a":{"b.c":["x","y"]}})");
  EXPECT_EQ(Render(**ParseDefine("a=\"9000\"")), R"({"a":"9000"})");
  ResolveResult concatenation = Resolve(*ParseDefine("a=20 seconds"), testing::Env());
  EXPECT_EQ(At(concatenation.root, "a")->text(), "20 seconds");
  EXPECT_EQ(At(*ParseDefine("a="), "a")->text(), "");
  EXPECT_EQ(ParseDefine("novalue").message(), "Invalid --define 'novalue': expected KEY=VALUE");
  EXPECT_EQ(ParseDefine("a=[1").message(),
            "Invalid --define 'a=[1': Expected ']' before the end of the input (column 5)");
  EXPECT_FALSE(ParseDefine("a..b=1").ok());
}

}  // namespace
}  // namespace divolte::config
