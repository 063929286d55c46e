#include "functions/jsonpath.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "event/json_value.h"

namespace divolte::functions {
namespace {

using event::JsonValue;

JsonValue Str(const char* s) { return JsonValue::String(s); }
JsonValue Int(int64_t i) { return JsonValue::Integer(i); }

// {"foo":"bar","n":42,"items":[{"name":"a","price":1.5},{"name":"b"}]}
JsonValue SpecParameters() {
  return JsonValue::Object({
      {"foo", Str("bar")},
      {"n", Int(42)},
      {"items",
       JsonValue::Array({JsonValue::Object({{"name", Str("a")}, {"price", JsonValue::Double(1.5)}}),
                         JsonValue::Object({{"name", Str("b")}})})},
  });
}

// A richer document for the other rules.
JsonValue Store() {
  return JsonValue::Object({
      {"store", JsonValue::Object({
                    {"book", JsonValue::Array({
                                 JsonValue::Object({{"title", Str("Sayings")},
                                                    {"price", JsonValue::Double(8.95)},
                                                    {"category", Str("reference")}}),
                                 JsonValue::Object({{"title", Str("Sword")},
                                                    {"price", JsonValue::Double(12.99)},
                                                    {"category", Str("fiction")},
                                                    {"isbn", JsonValue::Null()}}),
                                 JsonValue::Object({{"title", Str("Moby Dick")},
                                                    {"price", Int(8)},
                                                    {"category", Str("fiction")},
                                                    {"isbn", Str("0-553-21311-3")}}),
                             })},
                    {"bicycle", JsonValue::Object({{"color", Str("red")}, {"price", Int(20)}})},
                })},
      {"limit", Int(10)},
      {"name with space", Str("x")},
      {"nums", JsonValue::Array({Int(1), Int(2), Int(3), Int(4), Int(5)})},
      {"nothing", JsonValue::Null()},
  });
}

JsonPath Compiled(std::string_view path) {
  base::Result<JsonPath> compiled = JsonPath::Compile(path);
  EXPECT_TRUE(compiled.ok()) << path << ": " << (compiled.ok() ? "" : compiled.message());
  if (!compiled.ok()) return std::move(JsonPath::Compile("$").value());
  return std::move(compiled.value());
}

std::string Eval(std::string_view path, const JsonValue& root) {
  const std::optional<JsonValue> result = Compiled(path).Evaluate(root);
  return result ? result->ToJson() : "absent";
}

TEST(JsonPath, SpecExamples) {
  const JsonValue parameters = SpecParameters();
  EXPECT_EQ(Eval("$.n", parameters), "42");
  EXPECT_EQ(Eval("$.x", parameters), "absent");
  EXPECT_EQ(Eval("$.items[*].name", parameters), R"(["a","b"])");
  EXPECT_EQ(Eval("$.items[?(@.price)].name", parameters), R"(["a"])");
  EXPECT_EQ(Eval("$.items[5]", parameters), "absent");
}

TEST(JsonPath, SpecCheckoutExample) {
  const JsonValue parameters = JsonValue::Object({
      {"value", JsonValue::Double(59.9)},
      {"items", JsonValue::Array({JsonValue::Object({{"sku", Str("A1")}, {"qty", Int(2)}}),
                                  JsonValue::Object({{"sku", Str("B7")}, {"color", Str("red")}})})},
  });
  EXPECT_EQ(Eval("$.value", parameters), "59.9");
  EXPECT_EQ(Eval("$.items", parameters), R"([{"sku":"A1","qty":2},{"sku":"B7","color":"red"}])");
  EXPECT_EQ(Eval("$.items[*].sku", parameters), R"(["A1","B7"])");
}

TEST(JsonPath, DefinitePaths) {
  const JsonValue store = Store();
  EXPECT_TRUE(Compiled("$").definite());
  EXPECT_EQ(Eval("$", store), store.ToJson());
  EXPECT_TRUE(Compiled("$.store.book[0].title").definite());
  EXPECT_EQ(Eval("$.store.book[0].title", store), R"("Sayings")");
  EXPECT_EQ(Eval("$['store']['bicycle'][\"color\"]", store), R"("red")");
  EXPECT_EQ(Eval("$['name with space']", store), R"("x")");
  EXPECT_EQ(Eval("$.store.book[-1].title", store), R"("Moby Dick")");
  EXPECT_EQ(Eval("$.store.book[-3].title", store), R"("Sayings")");
  EXPECT_EQ(Eval("$.store.book[-4]", store), "absent");
  EXPECT_EQ(Eval("$.store.book[3]", store), "absent");
}

TEST(JsonPath, DefiniteNullAtTheEndIsPresent) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.nothing", store), "null");
  EXPECT_EQ(Eval("$.store.book[1].isbn", store), "null");
  EXPECT_EQ(Eval("$.nothing.below", store), "absent");
}

TEST(JsonPath, DefiniteStepOnTheWrongKindIsAbsent) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.limit.x", store), "absent");
  EXPECT_EQ(Eval("$.limit[0]", store), "absent");
  EXPECT_EQ(Eval("$.store[0]", store), "absent");
  EXPECT_EQ(Eval("$.nums.x", store), "absent");
  EXPECT_EQ(Eval("$.x", Str("not an object")), "absent");
  EXPECT_EQ(Eval("$[0]", JsonValue::Array({Int(7)})), "7");
}

TEST(JsonPath, IndefinitePathsAreAlwaysPresentArrays) {
  const JsonValue store = Store();
  EXPECT_FALSE(Compiled("$.x[*]").definite());
  EXPECT_EQ(Eval("$.x[*]", store), "[]");
  EXPECT_EQ(Eval("$.store.book[*].isbn", store), R"([null,"0-553-21311-3"])");
  EXPECT_EQ(Eval("$..nope", store), "[]");
  EXPECT_EQ(Eval("$.limit[*]", store), "[]");
}

TEST(JsonPath, Wildcards) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.bicycle.*", store), R"(["red",20])");
  EXPECT_EQ(Eval("$.store.bicycle[*]", store), R"(["red",20])");
  EXPECT_EQ(Eval("$.nums[*]", store), "[1,2,3,4,5]");
  EXPECT_EQ(Eval("$.store.*.color", store), R"(["red"])");
}

TEST(JsonPath, DeepScan) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$..price", store), "[8.95,12.99,8,20]");
  EXPECT_EQ(Eval("$.store..title", store), R"(["Sayings","Sword","Moby Dick"])");
  EXPECT_EQ(Eval("$..book[0].title", store), R"(["Sayings"])");
  EXPECT_EQ(Eval("$..[0]", JsonValue::Array({JsonValue::Array({Int(1), Int(2)}), Int(3)})),
            "[[1,2],1]");
  const JsonValue nested = JsonValue::Object(
      {{"a", JsonValue::Object({{"b", Int(1)}})}, {"c", JsonValue::Array({Int(2)})}});
  EXPECT_EQ(Eval("$..*", nested), R"([{"b":1},[2],1,2])");
  EXPECT_EQ(Eval("$..['b','c']", nested), "[[2],1]");
}

TEST(JsonPath, Unions) {
  const JsonValue store = Store();
  EXPECT_FALSE(Compiled("$.nums[0,2]").definite());
  EXPECT_EQ(Eval("$.nums[0,2]", store), "[1,3]");
  EXPECT_EQ(Eval("$.nums[4, -5, 9]", store), "[5,1]");
  EXPECT_EQ(Eval("$.store.bicycle['price','color','none']", store), R"([20,"red"])");
  EXPECT_EQ(Eval("$.store.book[0,1]['title']", store), R"(["Sayings","Sword"])");
}

TEST(JsonPath, Slices) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.nums[1:3]", store), "[2,3]");
  EXPECT_EQ(Eval("$.nums[3:]", store), "[4,5]");
  EXPECT_EQ(Eval("$.nums[:2]", store), "[1,2]");
  EXPECT_EQ(Eval("$.nums[-2:]", store), "[4,5]");
  EXPECT_EQ(Eval("$.nums[-9:2]", store), "[1,2]");
  EXPECT_EQ(Eval("$.nums[:-3]", store), "[1,2]");
  EXPECT_EQ(Eval("$.nums[3:1]", store), "[]");
  EXPECT_EQ(Eval("$.nums[10:]", store), "[]");
  EXPECT_EQ(Eval("$.nums[:]", store), "[1,2,3,4,5]");
  EXPECT_EQ(Eval("$.limit[0:1]", store), "[]");
}

TEST(JsonPath, FilterExistence) {
  const JsonValue store = Store();
  // `isbn` exists and is not null only in the third book.
  EXPECT_EQ(Eval("$.store.book[?(@.isbn)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(!@.isbn)].title", store), R"(["Sayings","Sword"])");
  EXPECT_EQ(Eval("$.nums[?(@)]", store), "[1,2,3,4,5]");
}

TEST(JsonPath, FilterComparisons) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.book[?(@.price < 10)].title", store), R"(["Sayings","Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price <= 8)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price > 8.95)].title", store), R"(["Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price >= 8.95)].title", store), R"(["Sayings","Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price == 8)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price == 8.0)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.category == 'fiction')].title", store),
            R"(["Sword","Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.category != \"fiction\")].title", store), R"(["Sayings"])");
  EXPECT_EQ(Eval("$.store.book[?(@.title < 'T')].title", store),
            R"(["Sayings","Sword","Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.title > 'Sb')].title", store), R"(["Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.isbn == null)].title", store), R"(["Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price < $.limit)].title", store), R"(["Sayings","Moby Dick"])");
  EXPECT_EQ(Eval("$.nums[?(@ > 3)]", store), "[4,5]");
  EXPECT_EQ(Eval("$.nums[?(@ >= -1.5e1)]", store), "[1,2,3,4,5]");
}

TEST(JsonPath, FilterOperandPaths) {
  const JsonValue document = JsonValue::Object({
      {"rows", JsonValue::Array({
                   JsonValue::Object({{"tags", JsonValue::Array({Str("x"), Str("y")})},
                                      {"meta", JsonValue::Object({{"id", Int(1)}})}}),
                   JsonValue::Object({{"tags", JsonValue::Array({Str("y")})},
                                      {"meta", JsonValue::Object({{"id", Int(2)}})}}),
               })},
      {"wanted", JsonValue::Object({{"id", Int(2)}})},
  });
  EXPECT_EQ(Eval("$.rows[?(@.tags[0] == 'y')].meta.id", document), "[2]");
  EXPECT_EQ(Eval("$.rows[?(@.tags[-1] == 'y')].meta.id", document), "[1,2]");
  EXPECT_EQ(Eval("$.rows[?(@['meta']['id'] == $['wanted'].id)].tags", document), R"([["y"]])");
  EXPECT_EQ(Eval("$.rows[?(@.tags[1])].meta.id", document), "[1]");
  EXPECT_EQ(Eval("$.rows[ ?( @.meta.id>1 ) ].meta.id", document), "[2]");
}

TEST(JsonPath, FilterMissingOperandsAndMixedKinds) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.book[?(@.missing == 1)].title", store), "[]");
  EXPECT_EQ(Eval("$.store.book[?(@.missing != 1)].title", store),
            R"(["Sayings","Sword","Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price == '8')].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price == '8.0')].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price == 'eight')].title", store), "[]");
  EXPECT_EQ(Eval("$.store.book[?(@.price < '9')].title", store), "[]");
  EXPECT_EQ(Eval("$.store.book[?(@.title < 5)].title", store), "[]");
  EXPECT_EQ(Eval("$.nums[?(@ == true)]", store), "[]");
}

TEST(JsonPath, FilterLogic) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.book[?(@.price < 10 && @.category == 'fiction')].title", store),
            R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price > 12 || @.isbn)].title", store),
            R"(["Sword","Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(!(@.price < 10) && @.category)].title", store), R"(["Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price < 9 || @.price > 12 && @.isbn)].title", store),
            R"(["Sayings","Moby Dick"])");  // && binds tighter than ||
  EXPECT_EQ(Eval("$.store.book[?((@.price < 9 || @.price > 12) && @.isbn)].title", store),
            R"(["Moby Dick"])");
}

TEST(JsonPath, FilterRegex) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.book[?(@.title =~ /S.*/)].title", store), R"(["Sayings","Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.title =~ /s.*/)].title", store), "[]");  // a full match
  EXPECT_EQ(Eval("$.store.book[?(@.title =~ /s.*/i)].title", store), R"(["Sayings","Sword"])");
  EXPECT_EQ(Eval("$.store.book[?(@.title =~ /Moby\\/? Dick/)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.price =~ /8\\.\\d+/)].title", store), R"(["Sayings"])");
  // Null, missing and container values are matched as "".
  EXPECT_EQ(Eval("$.store.book[?(@.isbn =~ /.+/)].title", store), R"(["Moby Dick"])");
  EXPECT_EQ(Eval("$.store.book[?(@.isbn =~ /.*/)].title", store),
            R"(["Sayings","Sword","Moby Dick"])");
}

TEST(JsonPath, FilterOnAnObjectTestsTheObject) {
  const JsonValue store = Store();
  EXPECT_EQ(Eval("$.store.bicycle[?(@.color == 'red')].price", store), "[20]");
  EXPECT_EQ(Eval("$.store.bicycle[?(@.color == 'blue')].price", store), "[]");
  EXPECT_EQ(Eval("$..[?(@.price > 15)].color", store), R"(["red"])");
  EXPECT_EQ(Eval("$..[?(@.isbn)].title", store), R"(["Moby Dick"])");  // each book once
}

TEST(JsonPath, FindAllReusesTheVector) {
  const JsonValue store = Store();
  const JsonPath path = Compiled("$.nums[*]");
  std::vector<const JsonValue*> matches = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  path.FindAll(store, &matches);
  ASSERT_EQ(matches.size(), 5u);
  EXPECT_EQ(matches[0], &store.Find("nums")->AsArray()[0]);  // pointers into the document
  const JsonPath one = Compiled("$.limit");
  EXPECT_EQ(one.FindOne(store), store.Find("limit"));
  one.FindAll(store, &matches);
  EXPECT_EQ(matches.size(), 1u);
}

TEST(JsonPath, UnsupportedOrInvalidPathsAreStartUpErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "a path must start with '$' at position 0"},
      {"a.b", "a path must start with '$' at position 0"},
      {"@.a", "a path must start with '$' at position 0"},
      {"$.", "a property name is missing at position 2"},
      {"$..", "a property name is missing at position 3"},
      {"$.a..", "a property name is missing at position 5"},
      {"$.length()", "functions are not supported at position 10"},
      {"$.a.min()", "functions are not supported at position 9"},
      {"$[1:2:1]", "slice steps are not supported at position 5"},
      {"$[(@.length-1)]", "unsupported bracket expression at position 2"},
      {"$[?(@.a in [1,2])]", "expected ')' at position 8"},
      {"$[?(@.a nin [1])]", "expected ')' at position 8"},
      {"$[?(@.a size 2)]", "expected ')' at position 8"},
      {"$[?(@.a.length() > 1)]", "functions are not supported at position 14"},
      {"$[?(1)]", "a literal is not a condition at position 5"},
      {"$['a'", "expected ']' at position 5"},
      {"$['a]", "unterminated string at position 5"},
      {"$[a]", "unsupported bracket expression at position 2"},
      {"$x", "unexpected 'x' at position 1"},
      {"$.a b", "unexpected whitespace at position 5"},
      {"$[?(@.a =~ /(/)]", "invalid regular expression at index 1: Unclosed group at position 14"},
      {"$[?(@.a =~ 'x')]", "expected a /regex/ at position 11"},
      {"$[?(@..a)]", "only names and indexes are supported in filter paths at position 5"},
  };
  for (const auto& [path, reason] : cases) {
    const base::Result<JsonPath> compiled = JsonPath::Compile(path);
    ASSERT_FALSE(compiled.ok()) << path;
    EXPECT_EQ(compiled.message(), std::string("unsupported JSONPath '") + path + "': " + reason);
  }
}

}  // namespace
}  // namespace divolte::functions
