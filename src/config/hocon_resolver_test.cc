#include "config/hocon_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using testing::At;
using testing::Env;
using ::testing::HasSubstr;
using testing::ParseResolved;

std::string Resolved(const std::string& text, const std::string& path,
                     std::map<std::string, std::string> env = {}) {
  std::string errors;
  ValuePtr root = ParseResolved(text, &errors, Env(std::move(env)));
  if (!root) return "ERROR: " + errors;
  const Value* value = At(root, path);
  return value ? Render(*value) : "<absent>";
}

std::string Errors(const std::string& text, std::map<std::string, std::string> env = {}) {
  std::string errors;
  EXPECT_FALSE(ParseResolved(text, &errors, Env(std::move(env)))) << text;
  return errors;
}

TEST(HoconResolver, SubstitutionsAreLookedUpFromTheRoot) {
  EXPECT_EQ(Resolved("a { b = 1, c = ${a.b} }", "a.c"), "1");
  EXPECT_EQ(Resolved("b = top\na { b = inner, c = ${b} }", "a.c"), "top");
  EXPECT_EQ(Resolved("a = ${x.y}\nx { y = [1, 2] }", "a"), "[1,2]");
  EXPECT_EQ(Resolved("a = ${b}\nb = ${c}\nc = deep", "a"), "deep");
  EXPECT_EQ(Resolved("\"a.b\" = 1\nc = ${\"a.b\"}", "c"), "1");
}

TEST(HoconResolver, EnvironmentIsTheFallback) {
  EXPECT_EQ(Resolved("port = ${DIVOLTE_PORT}", "port", {{"DIVOLTE_PORT", "9000"}}), "9000");
  std::string errors;
  ValuePtr root = ParseResolved("port = ${?P}", &errors, Env({{"P", "1"}}));
  ASSERT_TRUE(root);
  EXPECT_EQ(At(root, "port")->type(), ValueType::kString);
  EXPECT_EQ(At(root, "port")->origin().ToString(), "environment variable P");
  // The configuration wins over the environment.
  EXPECT_EQ(Resolved("P = conf\nport = ${P}", "port", {{"P", "env"}}), "conf");
}

TEST(HoconResolver, OptionalSubstitutionWithoutValueKeepsTheEarlierValue) {
  EXPECT_EQ(Resolved("port = 8290\nport = ${?DIVOLTE_PORT}", "port"), "8290");
  EXPECT_EQ(Resolved("port = 8290\nport = ${?DIVOLTE_PORT}", "port", {{"DIVOLTE_PORT", "1"}}), "1");
  EXPECT_EQ(Resolved("host = ${?DIVOLTE_HOST}", "host"), "<absent>");
  EXPECT_EQ(Resolved("a = [1, ${?nope}, 3]", "a"), "[1,3]");
  EXPECT_EQ(Resolved("a = x${?nope}y", "a"), "xy");
  EXPECT_EQ(Resolved("a = { p = 1 }\na = ${?nope}\na = { q = 2 }", "a"), R"({"p":1,"q":2})");
}

TEST(HoconResolver, MissingRequiredSubstitutionIsAnError) {
  EXPECT_EQ(Errors("a = 1\nb = ${missing.path}"),
            "Could not resolve substitution to a value: ${missing.path} (test.conf:2).\n");
}

TEST(HoconResolver, SelfReferenceSeesThePreviousValue) {
  EXPECT_EQ(Resolved("path = /bin\npath = ${path}\":/more\"", "path"), "/bin:/more");
  EXPECT_EQ(Resolved("x = a\nx = ${x}b\nx = ${x}c", "x"), "abc");
  EXPECT_EQ(Resolved("o = { a = 1 }\no = ${o} { b = 2 }", "o"), R"({"a":1,"b":2})");
  EXPECT_EQ(Resolved("o = { a = 1 }\no = ${o.a}", "o"), "1");
  EXPECT_EQ(Resolved("o { a = x, a = ${o.a}y }", "o.a"), "xy");
  EXPECT_EQ(Resolved("x = ${?x}\"tail\"", "x"), "tail");
  EXPECT_EQ(Resolved("PATH = ${PATH}\":/opt\"", "PATH", {{"PATH", "/usr"}}), "/usr:/opt");
  EXPECT_THAT(Errors("x = ${x}"), HasSubstr("Could not resolve substitution to a value: ${x}"));
}

TEST(HoconResolver, CyclesAreErrors) {
  EXPECT_EQ(Errors("a = ${b}\nb = ${a}"), "Substitution cycle: ${b} -> ${a} (test.conf:2).\n");
  EXPECT_THAT(Errors("a = ${b}\nb = ${c}\nc = [${a}]"), HasSubstr("Substitution cycle"));
  EXPECT_THAT(Errors("bar { foo = 42, baz = ${bar} }"), HasSubstr("Substitution cycle"));
}

TEST(HoconResolver, ConcatenationWithSubstitutions) {
  EXPECT_EQ(Resolved("n = 5\na = ${n} seconds", "a"), "5 seconds");
  EXPECT_EQ(Resolved("l = [1]\na = ${l} [2]", "a"), "[1,2]");
  EXPECT_EQ(Resolved("o = {x = 1}\na = ${o} {y = 2}", "a"), R"({"x":1,"y":2})");
  EXPECT_THAT(Errors("o = {x = 1}\na = ${o} text"), HasSubstr("Cannot concatenate an object"));
}

// Texts are appended piecewise: GCC 12 at -O3 reports a false -Wrestrict for
// `"literal" + std::string`, which would break a plain -DCMAKE_BUILD_TYPE=Release build.
TEST(HoconResolver, ExpansionIsBounded) {
  std::string strings = "a0 = \"" + std::string(1000, 'x') + "\"\n";
  std::string arrays = "b0 = [1, 2, 3, 4]\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string current = std::to_string(i);
    const std::string previous = std::to_string(i - 1);
    strings.append("a").append(current).append(" = ${a").append(previous);
    strings.append("}${a").append(previous).append("}\n");
    arrays.append("b").append(current).append(" = [${b").append(previous);
    arrays.append("}, ${b").append(previous).append("}]\n");
  }
  EXPECT_THAT(Errors(strings), HasSubstr("longer than 1 MiB"));
  EXPECT_THAT(Errors(arrays), HasSubstr("too large"));
  std::string chain;
  for (int i = 0; i < 100; ++i) {
    chain.append("c").append(std::to_string(i)).append(" = ${c");
    chain.append(std::to_string(i + 1)).append("}\n");
  }
  EXPECT_THAT(Errors(chain + "c100 = end"), HasSubstr("nested deeper than 32"));
  // Resolved in order, each substitution embeds the previous deep value without nesting lookups.
  std::string deep = "d0 = 1\n";
  for (int i = 1; i <= 20; ++i) {
    deep.append("d").append(std::to_string(i)).append(" = {x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x = ${d");
    deep.append(std::to_string(i - 1)).append("}}}}}}}}}}}}}}}}}\n");
  }
  EXPECT_THAT(Errors(deep), HasSubstr("nested deeper than 256 levels after resolving"));
}

TEST(HoconResolver, ResolvedTreeHasOnlyPlainValues) {
  std::string errors;
  ValuePtr root = ParseResolved("a = ${b}\nb = { c = [${d}, x y] }\nd = 1", &errors);
  ASSERT_TRUE(root) << errors;
  EXPECT_EQ(Render(*root), R"({"a":{"c":[1,"x y"]},"b":{"c":[1,"x y"]},"d":1})");
}

}  // namespace
}  // namespace divolte::config
