#include "avro/schema.h"

#include <gtest/gtest.h>

#include <fstream>

#include "avro/default_schema.h"
#include "avro/test_support.h"
#include "base/strings.h"

namespace divolte::avro {
namespace {

Schema ParseOrDie(std::string_view text) {
  base::Result<Schema> schema = Schema::Parse(text, "test.avsc");
  EXPECT_TRUE(schema.ok()) << schema.message();
  return std::move(schema).value();
}

std::string ParseError(std::string_view text) {
  base::Result<Schema> schema = Schema::Parse(text, "test.avsc");
  return schema.ok() ? "(parsed)" : schema.message();
}

// A record with one field of `type` and, if given, `default_json` as its default.
std::string OneField(std::string_view type, std::string_view default_json = "") {
  std::string text = R"({"type":"record","name":"R","fields":[{"name":"f","type":)";
  text += type;
  if (!default_json.empty()) text += std::string(R"(,"default":)") + std::string(default_json);
  return text + "}]}";
}

std::string DefaultHex(std::string_view type, std::string_view default_json) {
  base::Result<Schema> schema = Schema::Parse(OneField(type, default_json), "test.avsc");
  if (!schema.ok()) return schema.message();
  return base::HexEncode(schema->root().fields[0].default_datum);
}

TEST(SchemaTest, BuiltInSchemaRoundTripsToItsHeaderJson) {
  const Schema schema = ParseOrDie(DefaultEventRecordSchemaJson());
  EXPECT_EQ(schema.json(), DefaultEventRecordSchemaJson());
  EXPECT_EQ(schema.root().full_name, "io.divolte.record.DefaultEventRecord");
  ASSERT_EQ(schema.root().fields.size(), 26u);
  EXPECT_EQ(schema.root().FindField("eventType"), 15u);
  EXPECT_EQ(schema.root().FindField("nope"), std::nullopt);
}

// schema.md §1 and §6: the canonical form and fingerprint of the built-in schema.
TEST(SchemaTest, BuiltInSchemaFingerprint) {
  const Schema schema = ParseOrDie(DefaultEventRecordSchemaJson());
  EXPECT_TRUE(schema.canonical_form().starts_with(
      R"({"name":"io.divolte.record.DefaultEventRecord","type":"record","fields":[)"
      R"({"name":"detectedDuplicate","type":"boolean"},)"));
  EXPECT_EQ(schema.canonical_form().find("default"), std::string::npos);
  EXPECT_EQ(base::HexEncode(schema.fingerprint_sha256()),
            "cdf11946b1878753dca2a2e214ccf2f0b555838eaf6ea1df912b1b10dfb26676");
  EXPECT_EQ(schema.FingerprintBase64Url(), "zfEZRrGHh1PcoqLiFMzy8LVVg46vbqHfkSsbEN-yZnY");
}

TEST(SchemaTest, EveryTypeFromFileWithComments) {
  base::Result<Schema> loaded = Schema::Load(testing::TestdataPath("every_type.avsc"));
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  const SchemaNode& root = loaded->root();
  EXPECT_EQ(root.full_name, "io.divolte.test.Everything");
  const std::vector<SchemaType> expected = {
      SchemaType::kNull,   SchemaType::kBoolean, SchemaType::kInt,    SchemaType::kLong,
      SchemaType::kFloat,  SchemaType::kDouble,  SchemaType::kBytes,  SchemaType::kString,
      SchemaType::kEnum,   SchemaType::kFixed,   SchemaType::kFixed,  SchemaType::kArray,
      SchemaType::kMap,    SchemaType::kUnion,   SchemaType::kUnion,  SchemaType::kUnion,
      SchemaType::kRecord, SchemaType::kUnion,   SchemaType::kRecord, SchemaType::kString};
  ASSERT_EQ(root.fields.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(root.fields[i].schema->type, expected[i]) << root.fields[i].name;
  }
  EXPECT_EQ(root.fields[3].schema->logical_type, "x-counter");
  const SchemaNode& color = *root.fields[8].schema;
  EXPECT_EQ(color.full_name, "io.divolte.test.Color");
  EXPECT_EQ(color.enum_default, 0);
  EXPECT_EQ(color.FindSymbol("BLUE"), 2);
  EXPECT_EQ(root.fields[9].schema->full_name, "io.divolte.ids.Id");
  EXPECT_EQ(root.fields[10].schema, root.fields[9].schema);  // a reference, not a copy
  EXPECT_EQ(root.fields[15].schema->branches[3], &color);
  const SchemaNode& item = *root.fields[16].schema;
  EXPECT_EQ(item.full_name, "io.divolte.test.Item");
  EXPECT_EQ(root.fields[17].schema->branches[1]->items, &item);
  const SchemaNode& node = *root.fields[18].schema;
  EXPECT_EQ(node.fields[1].schema->items, &node);  // recursion
}

TEST(SchemaTest, HeaderJsonIsCompactInOriginalOrderWithEveryAttribute) {
  const Schema schema = ParseOrDie(R"(
    // leading comment
    {
      "name": "R",  /* name first, as written */
      "type": "record",
      "doc": "kept",
      "fields": [ {"name": "a", "type": "long", "x-prop": [1, 2.5, "é"], "default": 1} ],
      "aliases": ["Old"]
    })");
  EXPECT_EQ(schema.json(),
            R"({"name":"R","type":"record","doc":"kept","fields":[{"name":"a","type":"long",)"
            R"("x-prop":[1,2.5,"é"],"default":1}],"aliases":["Old"]})");
}

TEST(SchemaTest, CanonicalFormOfEveryType) {
  base::Result<Schema> loaded = Schema::Load(testing::TestdataPath("every_type.avsc"));
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  EXPECT_EQ(loaded->canonical_form(),
            R"({"name":"io.divolte.test.Everything","type":"record","fields":[)"
            R"({"name":"nothing","type":"null"},{"name":"flag","type":"boolean"},)"
            R"({"name":"count","type":"int"},{"name":"total","type":"long"},)"
            R"({"name":"ratio","type":"float"},{"name":"price","type":"double"},)"
            R"({"name":"raw","type":"bytes"},{"name":"label","type":"string"},)"
            R"({"name":"color","type":{"name":"io.divolte.test.Color","type":"enum",)"
            R"("symbols":["RED","GREEN","BLUE"]}},)"
            R"({"name":"id","type":{"name":"io.divolte.ids.Id","type":"fixed","size":4}},)"
            R"({"name":"otherId","type":"io.divolte.ids.Id"},)"
            R"({"name":"tags","type":{"type":"array","items":"string"}},)"
            R"({"name":"counters","type":{"type":"map","values":"long"}},)"
            R"({"name":"referer","type":["null","string"]},{"name":"size","type":["int","null"]},)"
            R"({"name":"anything","type":["null","int","string","io.divolte.test.Color"]},)"
            R"({"name":"item","type":{"name":"io.divolte.test.Item","type":"record","fields":[)"
            R"({"name":"sku","type":"string"},{"name":"qty","type":"int"}]}},)"
            R"({"name":"items","type":["null",{"type":"array","items":"io.divolte.test.Item"}]},)"
            R"({"name":"tree","type":{"name":"io.divolte.test.Node","type":"record","fields":[)"
            R"({"name":"name","type":"string"},)"
            R"({"name":"children","type":{"type":"array","items":"io.divolte.test.Node"}}]}},)"
            R"({"name":"eventType","type":"string"}]})");
}

TEST(SchemaTest, NamespaceResolution) {
  const Schema schema = ParseOrDie(R"({"type":"record","name":"a.b.Outer","fields":[
      {"name":"x","type":{"type":"enum","name":"E","symbols":["A"]}},
      {"name":"y","type":{"type":"fixed","name":"F","namespace":"other","size":1}},
      {"name":"z","type":{"type":"record","name":"In","namespace":"other","fields":[
          {"name":"f","type":"F"}, {"name":"e","type":"a.b.E"}]}},
      {"name":"w","type":{"type":"record","name":"NoSpace","namespace":"","fields":[
          {"name":"g","type":{"type":"enum","name":"G","symbols":["B"]}}]}},
      {"name":"v","type":"G"},
      {"name":"u","type":{"type":"other.F"}}]})");
  const SchemaNode& root = schema.root();
  EXPECT_EQ(root.full_name, "a.b.Outer");
  EXPECT_EQ(root.fields[0].schema->full_name, "a.b.E");
  EXPECT_EQ(root.fields[1].schema->full_name, "other.F");
  EXPECT_EQ(root.fields[2].schema->fields[0].schema, root.fields[1].schema);
  EXPECT_EQ(root.fields[2].schema->fields[1].schema, root.fields[0].schema);
  EXPECT_EQ(root.fields[3].schema->full_name, "NoSpace");
  EXPECT_EQ(root.fields[3].schema->fields[0].schema->full_name, "G");
  EXPECT_EQ(root.fields[4].schema->full_name, "G");  // not found in a.b: the null namespace
  EXPECT_EQ(root.fields[5].schema, root.fields[1].schema);
}

TEST(SchemaTest, DefaultsOfEveryKindAreEncoded) {
  EXPECT_EQ(DefaultHex(R"("null")", "null"), "");
  EXPECT_EQ(DefaultHex(R"("boolean")", "true"), "01");
  EXPECT_EQ(DefaultHex(R"("int")", "-1"), "01");
  EXPECT_EQ(DefaultHex(R"("long")", "1416245000000"), "80ddbdecb752");
  EXPECT_EQ(DefaultHex(R"("float")", "1.5"), "0000c03f");
  EXPECT_EQ(DefaultHex(R"("double")", "2"), "0000000000000040");
  EXPECT_EQ(DefaultHex(R"("double")", "-0.25"), "000000000000d0bf");
  EXPECT_EQ(DefaultHex(R"("bytes")", R"("\u00ff\u0000A")"), "06ff0041");
  EXPECT_EQ(DefaultHex(R"("string")", R"("é")"), "04c3a9");
  EXPECT_EQ(DefaultHex(R"({"type":"enum","name":"E","symbols":["A","B"]})", R"("B")"), "02");
  EXPECT_EQ(DefaultHex(R"({"type":"fixed","name":"F","size":2})", R"("\u00e9z")"), "e97a");
  EXPECT_EQ(DefaultHex(R"({"type":"array","items":"int"})", "[1,2]"), "04020400");
  EXPECT_EQ(DefaultHex(R"({"type":"array","items":"int"})", "[]"), "00");
  EXPECT_EQ(DefaultHex(R"({"type":"map","values":"int"})", R"({"a":1})"), "0202610200");
  EXPECT_EQ(DefaultHex(R"(["null","int"])", "null"), "00");
  EXPECT_EQ(DefaultHex(R"(["int","null"])", "7"), "000e");
  EXPECT_EQ(DefaultHex(R"({"type":"int","logicalType":"date"})", "3"), "06");
  // A record default: missing members take the fields' defaults.
  EXPECT_EQ(DefaultHex(R"({"type":"record","name":"I","fields":[{"name":"s","type":"string"},)"
                       R"({"name":"q","type":"int","default":1}]})",
                       R"({"s":"X"})"),
            "025802");
  // A recursive type whose default uses a field default defined after the field's own type.
  EXPECT_EQ(DefaultHex(R"({"type":"record","name":"N","fields":[{"name":"l","type":"string"},)"
                       R"({"name":"c","type":{"type":"array","items":"N"},"default":[]}]})",
                       R"({"l":"r","c":[{"l":"x"}]})"),
            "02720202780000");
}

TEST(SchemaTest, DefaultValueIsKeptAsJson) {
  const Schema schema = ParseOrDie(OneField(R"({"type":"map","values":"int"})", R"({"a":1})"));
  const Field& field = schema.root().fields[0];
  ASSERT_TRUE(field.has_default());
  EXPECT_EQ(field.default_value->ToJson(), R"({"a":1})");
  EXPECT_FALSE(ParseOrDie(OneField(R"("int")")).root().fields[0].has_default());
}

TEST(SchemaTest, InvalidDefaults) {
  EXPECT_EQ(ParseError(OneField(R"("int")", R"("x")")),
            R"(test.avsc: invalid Avro schema at $.fields[0].default: the default "x" of field )"
            R"("f" does not match its type "int")");
  EXPECT_EQ(ParseError(OneField(R"(["null","string"])", R"("x")")),
            R"(test.avsc: invalid Avro schema at $.fields[0].default: the default "x" of field )"
            R"("f" does not match its type ["null","string"] (a union's default matches its )"
            R"(first branch))");
  const std::pair<std::string_view, std::string_view> kInvalid[] = {
      {R"("int")", "2147483648"},
      {R"("int")", "1.0"},
      {R"("long")", "9223372036854775808"},
      {R"("boolean")", "0"},
      {R"("null")", "0"},
      {R"("float")", R"("NaN")"},
      {R"("string")", "null"},
      {R"("bytes")", R"("\u0100")"},
      {R"({"type":"fixed","name":"F","size":2})", R"("abc")"},
      {R"({"type":"enum","name":"E","symbols":["A"]})", R"("B")"},
      {R"({"type":"array","items":"int"})", R"(["x"])"},
      {R"({"type":"map","values":"int"})", "[]"},
      {R"({"type":"record","name":"I","fields":[{"name":"s","type":"string"}]})", "{}"},
      // Self-referencing defaults nest without end.
      {R"({"type":"record","name":"N","fields":[{"name":"c","type":{"type":"array","items":"N"},)"
       R"("default":[{}]}]})",
       "{}"},
  };
  for (const auto& [type, value] : kInvalid) {
    EXPECT_NE(ParseError(OneField(type, value)).find("does not match its type"), std::string::npos)
        << type << " " << value;
  }
}

TEST(SchemaTest, InvalidSchemasNameTheProblemAndWhereItIs) {
  const std::pair<std::string, std::string> kCases[] = {
      {OneField(R"("strin")"), R"($.fields[0].type: unknown type "strin")"},
      {R"("string")", R"($: the top-level type must be a record, not "string")"},
      {R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},)"
       R"({"name":"a","type":"int"}]})",
       R"($.fields[1].name: the record already has a field "a")"},
      {OneField(R"({"type":"record","name":"R","fields":[]})"),
       R"($.fields[0].type.name: the type "R" is defined twice)"},
      {OneField(R"(["null",{"type":"array","items":"nope"}])"),
       R"($.fields[0].type[1].items: unknown type "nope")"},
      {OneField(R"(["null",["int"]])"),
       "$.fields[0].type[1]: a union may not directly contain a union"},
      {OneField(R"(["int","int"])"),
       "$.fields[0].type[1]: the union already has a branch of type int"},
      {OneField("[]"), "$.fields[0].type: a union needs at least one branch"},
      {OneField(R"({"type":"enum","name":"E","symbols":["A","A"]})"),
       R"($.fields[0].type.symbols[1]: duplicate symbol "A")"},
      {OneField(R"({"type":"enum","name":"E","symbols":["1A"]})"),
       R"($.fields[0].type.symbols[0]: invalid symbol "1A")"},
      {OneField(R"({"type":"enum","name":"E","symbols":["A"],"default":"B"})"),
       "$.fields[0].type.default: the default is not a symbol"},
      {OneField(R"({"type":"fixed","name":"F"})"),
       R"($.fields[0].type: a fixed type needs a non-negative integer "size")"},
      {OneField(R"({"type":"fixed","name":"F","size":-1})"),
       R"($.fields[0].type: a fixed type needs a non-negative integer "size")"},
      {OneField(R"({"type":"array"})"), R"($.fields[0].type: missing "items")"},
      {OneField(R"({"type":"map","items":"int"})"), R"($.fields[0].type: missing "values")"},
      {OneField(R"({"type":"record","name":"int","fields":[]})"),
       R"($.fields[0].type.name: cannot redefine the primitive type "int")"},
      {OneField(R"({"type":"record","name":"9x","fields":[]})"),
       R"($.fields[0].type.name: invalid name "9x")"},
      {OneField(R"({"type":"record","name":"X"})"),
       R"($.fields[0].type: a record needs a "fields" array)"},
      {OneField(R"({"type":"record","fields":[]})"),
       R"($.fields[0].type: a record needs a "name" string)"},
      {OneField(R"({"items":"int"})"),
       R"($.fields[0].type: the "type" attribute must be a string)"},
      {OneField("12"), "$.fields[0].type: a type must be a name, an object or an array, not 12"},
      {R"({"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]})",
       R"($.fields[0].name: invalid name "a-b")"},
      {R"({"type":"record","name":"R","fields":[{"type":"int"}]})",
       R"($.fields[0]: a field must be an object with a "name" string)"},
      {R"({"type":"record","name":"R","fields":[{"name":"a"}]})", R"($.fields[0]: missing "type")"},
      {R"({"type":"record","name":"R","namespace":"a..b","fields":[]})",
       R"($.namespace: invalid namespace "a..b")"},
  };
  for (const auto& [text, problem] : kCases) {
    EXPECT_EQ(ParseError(text), "test.avsc: invalid Avro schema at " + std::string(problem));
  }
}

TEST(SchemaTest, TypesNestingWithoutBoundAreRejected) {
  std::string type = R"("int")";
  for (int i = 0; i < 200; ++i) type = R"({"type":"array","items":)" + type + "}";
  EXPECT_NE(ParseError(OneField(type)).find("types nest too deeply"), std::string::npos);
}

TEST(SchemaTest, InvalidJsonAndUnreadableFiles) {
  EXPECT_EQ(ParseError(R"({"type":)"),
            "test.avsc: invalid JSON in Avro schema: parse error at line 1, column 9: syntax "
            "error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  // A number beyond the double range is an error, not an exception (found by avro_schema_fuzzer).
  EXPECT_EQ(ParseError("2e9800"),
            "test.avsc: invalid JSON in Avro schema: number overflow parsing '2e9800'");
  EXPECT_EQ(ParseError(OneField(R"("double")", "1e400")),
            "test.avsc: invalid JSON in Avro schema: number overflow parsing '1e400'");
  base::Result<Schema> missing = Schema::Load("/nonexistent/schema.avsc");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.message(),
            "/nonexistent/schema.avsc: cannot read Avro schema: No such file or directory");
}

TEST(SchemaTest, UnionHelpers) {
  const Schema schema = ParseOrDie(R"({"type":"record","name":"R","fields":[
      {"name":"a","type":["null","string"]}, {"name":"b","type":["long","null"]},
      {"name":"c","type":["int"]}, {"name":"d","type":["null","int","string"]},
      {"name":"e","type":"string"}, {"name":"f","type":["null"]}]})");
  const auto& fields = schema.root().fields;
  EXPECT_EQ(MappableType(*fields[0].schema)->type, SchemaType::kString);
  EXPECT_EQ(MappableType(*fields[1].schema)->type, SchemaType::kLong);
  EXPECT_EQ(MappableType(*fields[2].schema)->type, SchemaType::kInt);
  EXPECT_EQ(MappableType(*fields[3].schema), nullptr);
  EXPECT_EQ(MappableType(*fields[4].schema), fields[4].schema);
  EXPECT_EQ(MappableType(*fields[5].schema)->type, SchemaType::kNull);
  EXPECT_TRUE(IsNullable(*fields[0].schema));
  EXPECT_FALSE(IsNullable(*fields[2].schema));
  EXPECT_FALSE(IsNullable(*fields[4].schema));
  EXPECT_EQ(UnionBranchOf(*fields[3].schema, SchemaType::kString), 2);
  EXPECT_EQ(UnionBranchOf(*fields[3].schema, SchemaType::kLong), std::nullopt);
  EXPECT_EQ(fields[3].schema->json, R"(["null","int","string"])");
}

TEST(SchemaTest, MovingKeepsNodesValid) {
  Schema schema = ParseOrDie(DefaultEventRecordSchemaJson());
  const SchemaNode* root = &schema.root();
  Schema moved = std::move(schema);
  EXPECT_EQ(&moved.root(), root);
  EXPECT_EQ(moved.root().fields[6].schema->branches.size(), 2u);
}

}  // namespace
}  // namespace divolte::avro
