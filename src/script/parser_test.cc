#include "script/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "script/ast_printer.h"
#include "script/spec_examples.h"

namespace divolte::script {
namespace {

// The desugared text of a script that must parse without errors (ast_printer.h).
std::string Desugared(std::string_view text) {
  ParseOutput output = Parse(text);
  for (const Diagnostic& error : output.errors) {
    ADD_FAILURE() << FormatDiagnostic("test", error) << "\nin: " << text;
  }
  return PrintScript(output.script);
}

Script ParseOk(std::string_view text) {
  base::Result<Script> script = ParseScript("test.groovy", text);
  EXPECT_TRUE(script.ok()) << script.message();
  return script.ok() ? std::move(script).value() : Script();
}

const Expression& ExpressionOf(const Statement& statement) {
  return *std::get<ExpressionStatement>(statement.node).expression;
}

// mapping.md §3, the desugaring table, row by row.
TEST(ParserTest, DesugaringTable) {
  EXPECT_EQ(Desugared("map location() onto 'loc'"), "map(location()).onto('loc')");
  EXPECT_EQ(Desugared("map { parse cookie('id') to int32 } onto 'id'"),
            "map({ parse(cookie('id')).to(int32) }).onto('id')");
  EXPECT_EQ(Desugared("when referer().isAbsent() apply { exit() }"),
            "when(referer().isAbsent()).apply({ exit() })");
  EXPECT_EQ(Desugared("when { location().isPresent() } exit()"),
            "when({ location().isPresent() }).exit()");
  EXPECT_EQ(Desugared("parse location() to uri"), "parse(location()).to(uri)");
  EXPECT_EQ(Desugared("match '^/a/(.*)$' against u.path()"),
            "match('^/a/(.*)$').against(u.path())");
  EXPECT_EQ(Desugared("location() equalTo 'http://x/'"), "location().equalTo('http://x/')");
  EXPECT_EQ(Desugared("not location().isAbsent()"), "not(location().isAbsent())");
  EXPECT_EQ(Desugared("digest 'sha-256', 'seed'"), "digest('sha-256', 'seed')");
}

TEST(ParserTest, CommandExpressionDisambiguation) {
  EXPECT_EQ(Desugared("println i + 2"), "println((i + 2))");
  EXPECT_EQ(Desugared("map(x) onto 'f'"), "map(x).onto('f')");
  EXPECT_EQ(Desugared("map(-5) onto 'f'"), "map((-5)).onto('f')");
  EXPECT_EQ(Desugared("f a g b h c"), "f(a).g(b).h(c)");
  EXPECT_EQ(Desugared("map x onto('f')"), "map(x).onto('f')");
  EXPECT_EQ(Desugared("when x apply({ stop() })"), "when(x).apply({ stop() })");
  EXPECT_EQ(Desugared("when x apply() { stop() }"), "when(x).apply({ stop() })");
  EXPECT_EQ(Desugared("map true onto 'b'; map null onto 'n'"),
            "map(true).onto('b')\nmap(null).onto('n')");
  EXPECT_EQ(Desugared("map \"$a-b\" onto \"f$i\""), "map(\"${a}-b\").onto(\"f${i}\")");
  EXPECT_EQ(Desugared("x + y"), "(x + y)");
  EXPECT_EQ(Desugared("x.y.z"), "x.y.z");
  EXPECT_EQ(Desugared("f() + g()"), "(f() + g())");
  EXPECT_EQ(Desugared("match /^a$/ against p"), "match('^a$').against(p)");
  EXPECT_EQ(Desugared("def u = parse location() to uri"), "def u = parse(location()).to(uri)");
  EXPECT_EQ(Desugared("def p = (parse location() to uri).path()"),
            "def p = parse(location()).to(uri).path()");
  EXPECT_EQ(Desugared("println \"${parse x to int32}\""), "println(\"${parse(x).to(int32)}\")");
}

TEST(ParserTest, CallsRecordParenthesesAndPropertyAccess) {
  const Script script = ParseOk("map u.path onto 'f'\nu.path()\nx.each { it }\nf()");
  const auto& onto = std::get<MethodCall>(ExpressionOf(script.statements[0]).node);
  EXPECT_FALSE(onto.has_parentheses);
  const auto& map = std::get<Call>(onto.receiver->node);
  EXPECT_FALSE(map.has_parentheses);
  EXPECT_TRUE(std::get<MethodCall>(map.arguments[0]->node).is_property_access());
  const auto& path = std::get<MethodCall>(ExpressionOf(script.statements[1]).node);
  EXPECT_TRUE(path.has_parentheses);
  EXPECT_FALSE(path.is_property_access());
  const auto& each = std::get<MethodCall>(ExpressionOf(script.statements[2]).node);
  EXPECT_FALSE(each.has_parentheses);
  EXPECT_FALSE(each.is_property_access());
  ASSERT_EQ(each.arguments.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<Closure>(each.arguments[0]->node));
  EXPECT_TRUE(std::get<Call>(ExpressionOf(script.statements[3]).node).has_parentheses);
}

TEST(ParserTest, TrailingClosures) {
  EXPECT_EQ(Desugared("mapping { map a onto 'b' }"), "mapping({ map(a).onto('b') })");
  EXPECT_EQ(Desugared("f(a) { b }"), "f(a, { b })");
  EXPECT_EQ(Desugared("x.each { it }"), "x.each({ it })");
  EXPECT_EQ(Desugared("x.with(1) { it }"), "x.with(1, { it })");
  EXPECT_EQ(Desugared("['a', 'b'].each { map q.value(it) onto it }"),
            "['a', 'b'].each({ map(q.value(it)).onto(it) })");
  EXPECT_EQ(Desugared("[].each {}"), "[].each({ })");
  EXPECT_EQ(Desugared("[1, 2,].each { n -> println n }"), "[1, 2].each({ n -> println(n) })");
}

TEST(ParserTest, ClosureParameters) {
  EXPECT_EQ(Desugared("f { a -> a }"), "f({ a -> a })");
  EXPECT_EQ(Desugared("f { a, b -> a + b }"), "f({ a, b -> (a + b) })");
  EXPECT_EQ(Desugared("f { String a, int b -> a }"), "f({ String a, int b -> a })");
  EXPECT_EQ(Desugared("f { a ->\n  b\n  c\n}"), "f({ a -> b; c })");
  EXPECT_EQ(Desugared("f { it }"), "f({ it })");
  const Script script = ParseOk("f { Object x, y -> }");
  const auto& call = std::get<Call>(ExpressionOf(script.statements[0]).node);
  const auto& closure = std::get<Closure>(call.arguments[0]->node);
  ASSERT_EQ(closure.parameters.size(), 2u);
  EXPECT_EQ(closure.parameters[0].type_name, "Object");
  EXPECT_EQ(closure.parameters[1].type_name, "");
  EXPECT_EQ(closure.parameters[1].position, (Position{1, 15}));
  EXPECT_TRUE(closure.body.empty());
}

TEST(ParserTest, DeclarationsAndAssignments) {
  EXPECT_EQ(Desugared("def x = 1\nvar y\nfinal z = 'a'\nfinal String s = 'b'\nString t\n"
                      "int n = 5\nx = y"),
            "def x = 1\nvar y\nfinal z = 'a'\nfinal String s = 'b'\nString t\nint n = 5\nx = y");
  const Script script = ParseOk("  final Long n = 5L");
  const auto& declaration = std::get<Declaration>(script.statements[0].node);
  EXPECT_EQ(declaration.modifier, DeclarationModifier::kFinal);
  EXPECT_EQ(declaration.type_name, "Long");
  EXPECT_EQ(declaration.name, "n");
  EXPECT_EQ(declaration.name_position, (Position{1, 14}));
  EXPECT_EQ(script.statements[0].position, (Position{1, 3}));
  EXPECT_EQ(Desugared("def x"), "def x");
  EXPECT_EQ(std::get<Declaration>(ParseOk("def x").statements[0].node).value, nullptr);
}

TEST(ParserTest, NewlineContinuations) {
  EXPECT_EQ(Desugared("map digest('sha-256', 'seed')\n    .add(partyId())\n\n    // why\n"
                      "    .result() onto 'f'"),
            "map(digest('sha-256', 'seed').add(partyId()).result()).onto('f')");
  EXPECT_EQ(Desugared("def s = 'a' +\n  'b' +\n  'c'"), "def s = (('a' + 'b') + 'c')");
  EXPECT_EQ(Desugared("digest 'a',\n  'b'"), "digest('a', 'b')");
  EXPECT_EQ(Desugared("map(\n  x\n) onto 'f'"), "map(x).onto('f')");
  EXPECT_EQ(Desugared("def l = [\n 1,\n 2\n]"), "def l = [1, 2]");
  EXPECT_EQ(Desugared("map x \\\n onto 'f'"), "map(x).onto('f')");
  EXPECT_EQ(Desugared("a\nb"), "a\nb");
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(Desugared("f(42, 42L, 42G, 4.2, 4.2D, 1.5F, 0x1F, true, false, null)"),
            "f(42, 42L, 42G, 4.2, 4.2D, 1.5F, 31, true, false, null)");
  EXPECT_EQ(Desugared("f(-5, -2147483648)"), "f((-5), (-2147483648L))");
  EXPECT_EQ(Desugared("f('a\\nb', \"c\", '''d''', /e/, $/f/$)"), "f('a\\nb', 'c', 'd', 'e', 'f')");
  EXPECT_EQ(Desugared("f([], [1], [[1, 2], 'x'])"), "f([], [1], [[1, 2], 'x'])");
}

TEST(ParserTest, InterpolatedStrings) {
  EXPECT_EQ(Desugared("f(\"seed-$it\")"), "f(\"seed-${it}\")");
  EXPECT_EQ(Desugared("f(\"$a.b.c!\")"), "f(\"${a.b.c}!\")");
  EXPECT_EQ(Desugared("f(\"x${a + 1}y${b}\")"), "f(\"x${(a + 1)}y${b}\")");
  EXPECT_EQ(Desugared("f(/id-$n/)"), "f(\"id-${n}\")");
  const Script script = ParseOk("x = \"a$b.c\"");
  const Expression& string = *std::get<Assignment>(script.statements[0].node).value;
  const auto& parts = std::get<InterpolatedString>(string.node).parts;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].text, "a");
  EXPECT_EQ(parts[0].expression, nullptr);
  const auto& property = std::get<MethodCall>(parts[1].expression->node);
  EXPECT_TRUE(property.is_property_access());
  EXPECT_EQ(property.name, "c");
  EXPECT_EQ(property.name_position, (Position{1, 10}));
  EXPECT_EQ(property.receiver->position, (Position{1, 8}));
  EXPECT_EQ(std::get<Identifier>(property.receiver->node).name, "b");
}

TEST(ParserTest, PositionsOfNodes) {
  const Script script = ParseOk("mapping {\n  map geo onto 'location'\n}");
  const auto& mapping = std::get<Call>(ExpressionOf(script.statements[0]).node);
  const auto& closure = std::get<Closure>(mapping.arguments[0]->node);
  EXPECT_EQ(mapping.arguments[0]->position, (Position{1, 9}));
  const Statement& statement = closure.body[0];
  EXPECT_EQ(statement.position, (Position{2, 3}));
  const Expression& onto = ExpressionOf(statement);
  EXPECT_EQ(onto.position, (Position{2, 3}));
  EXPECT_EQ(std::get<MethodCall>(onto.node).name_position, (Position{2, 11}));
  const Expression& map = *std::get<MethodCall>(onto.node).receiver;
  EXPECT_EQ(map.position, (Position{2, 3}));
  EXPECT_EQ(std::get<Call>(map.node).arguments[0]->position, (Position{2, 7}));
  const Script sum = ParseOk("x = a + -b");
  const Expression& add = *std::get<Assignment>(sum.statements[0].node).value;
  EXPECT_EQ(add.position, (Position{1, 5}));
  EXPECT_EQ(std::get<Add>(add.node).operator_position, (Position{1, 7}));
  EXPECT_EQ(std::get<Add>(add.node).right->position, (Position{1, 9}));
}

TEST(ParserTest, SeparatorsAndEmptyScripts) {
  EXPECT_EQ(Desugared(""), "");
  EXPECT_EQ(Desugared("\n\n;;\n"), "");
  EXPECT_EQ(Desugared("a;b;;c\n"), "a\nb\nc");
  EXPECT_EQ(Desugared("f {\n}\n"), "f({ })");
  EXPECT_EQ(Desugared("f { ; a ;; b ; }"), "f({ a; b })");
}

// mapping.md §15: every example script parses.
TEST(ParserTest, SpecExamplesParse) {
  for (const SpecExample& example : kSpecExamples) {
    const ParseOutput output = Parse(example.text);
    EXPECT_TRUE(output.errors.empty()) << example.name << ": " << output.errors[0].message;
  }
  EXPECT_EQ(Desugared(kSpecExamples[1].text),
            "mapping({ map(timestamp()).onto('ts'); map(remoteHost()).onto('remoteHost'); "
            "def path = parse(location()).to(uri).path(); section({ def product = "
            "match('^/products/([0-9]+)$').against(path); when(product.matches()).apply({ "
            "map('product').onto('pageType'); map({ parse(product.group(1)).to(int32) })"
            ".onto('productId'); exit() }); when(path.equalTo('/')).apply({ "
            "map('home').onto('pageType'); exit() }); map('other').onto('pageType') }); "
            "map(true).onto('classified') })");
}

}  // namespace
}  // namespace divolte::script
