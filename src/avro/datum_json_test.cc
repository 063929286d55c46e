// Datums rendered as JSON for the mapping test tool: every Avro type, nesting, escaping, the
// number texts, and malformed datums.
#include "avro/datum_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "avro/encoder.h"

namespace divolte::avro {
namespace {

Schema ParseSchema(std::string_view json) {
  auto schema = Schema::Parse(json, "test.avsc");
  EXPECT_TRUE(schema.ok()) << schema.message();
  return std::move(schema).value();
}

// The rendering of `datum` as a value of `schema_json`, or "<malformed>".
std::string Render(std::string_view schema_json, const std::string& datum) {
  const Schema schema = ParseSchema(schema_json);
  std::string out;
  if (!RenderDatumAsJson(schema.root(), datum, &out)) return "<malformed>";
  return out;
}

// A record with one field of type `field_type` (JSON), so every type can be the root's field.
std::string OneField(std::string_view field_type) {
  return R"({"type":"record","name":"R","fields":[{"name":"f","type":)" + std::string(field_type) +
         "}]}";
}

template <typename Write>
std::string Datum(Write write) {
  std::string datum;
  BinaryEncoder encoder(&datum);
  write(encoder);
  return datum;
}

TEST(DatumJsonTest, Primitives) {
  EXPECT_EQ(Render(OneField(R"("null")"), ""), R"({"f":null})");
  EXPECT_EQ(Render(OneField(R"("boolean")"), "\x01"), R"({"f":true})");
  EXPECT_EQ(Render(OneField(R"("boolean")"), std::string(1, '\0')), R"({"f":false})");
  EXPECT_EQ(Render(OneField(R"("int")"), Datum([](auto& e) { e.WriteInt(INT32_MIN); })),
            R"({"f":-2147483648})");
  // Longs are exact, beyond what a double holds.
  EXPECT_EQ(Render(OneField(R"("long")"), Datum([](auto& e) { e.WriteLong(INT64_MAX); })),
            R"({"f":9223372036854775807})");
  EXPECT_EQ(Render(OneField(R"("long")"), Datum([](auto& e) { e.WriteLong(-9007199254740993); })),
            R"({"f":-9007199254740993})");
  EXPECT_EQ(Render(OneField(R"("string")"), Datum([](auto& e) { e.WriteString("h\xc3\xa9llo"); })),
            "{\"f\":\"h\xc3\xa9llo\"}");
}

TEST(DatumJsonTest, DoublesAndFloatsAsJavaRendersThem) {
  const std::string type = OneField(R"("double")");
  auto render = [&](double value) {
    return Render(type, Datum([value](auto& e) { e.WriteDouble(value); }));
  };
  EXPECT_EQ(render(59.9), R"({"f":59.9})");
  EXPECT_EQ(render(100.0), R"({"f":100.0})");
  EXPECT_EQ(render(1e7), R"({"f":1.0E7})");
  EXPECT_EQ(render(-0.0), R"({"f":-0.0})");
  EXPECT_EQ(render(std::nan("")), R"({"f":"NaN"})");
  EXPECT_EQ(render(std::numeric_limits<double>::infinity()), R"({"f":"Infinity"})");
  EXPECT_EQ(render(-std::numeric_limits<double>::infinity()), R"({"f":"-Infinity"})");

  const std::string float_type = OneField(R"("float")");
  auto render_float = [&](float value) {
    return Render(float_type, Datum([value](auto& e) { e.WriteFloat(value); }));
  };
  EXPECT_EQ(render_float(0.1F), R"({"f":0.1})");  // the float's digits, not the double's
  EXPECT_EQ(render_float(1.5e10F), R"({"f":1.5E10})");
  EXPECT_EQ(render_float(-std::numeric_limits<float>::infinity()), R"({"f":"-Infinity"})");
  EXPECT_EQ(render_float(std::nanf("")), R"({"f":"NaN"})");
}

TEST(DatumJsonTest, StringsAreEscaped) {
  const std::string text =
      std::string("q\"b\\s/\n\r\t\b\f", 11) + std::string("\x00\x01\x1f", 3) + "\x7f\xe2\x80\xa8";
  EXPECT_EQ(Render(OneField(R"("string")"), Datum([&](auto& e) { e.WriteString(text); })),
            "{\"f\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\x7f\xe2\x80\xa8\"}");
  // Not UTF-8 (an encoder bug upstream): repaired, so the answer stays valid JSON.
  EXPECT_EQ(Render(OneField(R"("string")"), Datum([](auto& e) { e.WriteString("a\xff"); })),
            "{\"f\":\"a\xef\xbf\xbd\"}");
}

// One character per byte: 0x00-0x1f escaped, 0x80-0xff as U+0080-U+00FF (two UTF-8 bytes).
TEST(DatumJsonTest, BytesAndFixedAreOneCharacterPerByte) {
  const std::string bytes("\x00\x41\x0a\x22\x7f\x80\xe9\xff", 8);
  const std::string expected = "\"\\u0000A\\n\\\"\x7f\xc2\x80\xc3\xa9\xc3\xbf\"";
  EXPECT_EQ(Render(OneField(R"("bytes")"), Datum([&](auto& e) { e.WriteBytes(bytes); })),
            "{\"f\":" + expected + "}");
  EXPECT_EQ(Render(OneField(R"({"type":"fixed","name":"Eight","size":8})"), bytes),
            "{\"f\":" + expected + "}");
  EXPECT_EQ(Render(OneField(R"({"type":"fixed","name":"None","size":0})"), ""), R"({"f":""})");
}

TEST(DatumJsonTest, EnumsArraysAndMaps) {
  EXPECT_EQ(Render(OneField(R"({"type":"enum","name":"C","symbols":["RED","GREEN"]})"), "\x02"),
            R"({"f":"GREEN"})");
  const std::string array = Datum([](auto& e) {
    e.StartArray(3);
    e.WriteLong(1);
    e.WriteLong(-2);
    e.WriteLong(300);
    e.EndArray();
  });
  EXPECT_EQ(Render(OneField(R"({"type":"array","items":"long"})"), array), R"({"f":[1,-2,300]})");
  EXPECT_EQ(Render(OneField(R"({"type":"array","items":"long"})"), std::string(1, '\0')),
            R"({"f":[]})");
  const std::string map = Datum([](auto& e) {
    e.StartMap(2);
    e.WriteString("a\"");
    e.WriteBoolean(true);
    e.WriteString("b");
    e.WriteBoolean(false);
    e.EndMap();
  });
  EXPECT_EQ(Render(OneField(R"({"type":"map","values":"boolean"})"), map),
            R"({"f":{"a\"":true,"b":false}})");
}

// Arrays and maps may come in several blocks, and a negative count carries the block's size.
TEST(DatumJsonTest, CollectionsInSeveralBlocks) {
  const std::string array = Datum([](auto& e) {
    e.WriteLong(1);
    e.WriteInt(7);
    e.WriteLong(-2);  // two items ...
    e.WriteLong(2);   // ... in two bytes
    e.WriteInt(8);
    e.WriteInt(9);
    e.EndArray();
  });
  EXPECT_EQ(Render(OneField(R"({"type":"array","items":"int"})"), array), R"({"f":[7,8,9]})");
}

TEST(DatumJsonTest, UnionsAreUnwrapped) {
  const std::string type = OneField(R"(["null","string",{"type":"map","values":"int"}])");
  EXPECT_EQ(Render(type, Datum([](auto& e) { e.WriteUnionIndex(0); })), R"({"f":null})");
  EXPECT_EQ(Render(type, Datum([](auto& e) {
                     e.WriteUnionIndex(1);
                     e.WriteString("x");
                   })),
            R"({"f":"x"})");
  EXPECT_EQ(Render(type, Datum([](auto& e) {
                     e.WriteUnionIndex(2);
                     e.StartMap(1);
                     e.WriteString("k");
                     e.WriteInt(5);
                     e.EndMap();
                   })),
            R"({"f":{"k":5}})");
}

// Avro's JSON encoding (avro-tools tojson): non-null union values name their branch.
TEST(DatumJsonTest, AvroJsonStyleNamesUnionBranches) {
  const Schema schema = ParseSchema(R"({"type":"record","name":"R","namespace":"n","fields":[
      {"name":"f","type":["null","string",{"type":"map","values":"int"},
                         {"type":"record","name":"Inner","fields":[{"name":"i","type":"int"}]}]},
      {"name":"g","type":"long"}]})");
  auto render = [&](const std::string& datum) {
    std::string out;
    EXPECT_TRUE(RenderDatumAsJson(schema.root(), datum, &out, DatumJsonStyle::kAvroJson));
    return out;
  };
  EXPECT_EQ(render(Datum([](auto& e) {
              e.WriteUnionIndex(0);
              e.WriteLong(7);
            })),
            R"({"f":null,"g":7})");
  EXPECT_EQ(render(Datum([](auto& e) {
              e.WriteUnionIndex(1);
              e.WriteString("x");
              e.WriteLong(7);
            })),
            R"({"f":{"string":"x"},"g":7})");
  EXPECT_EQ(render(Datum([](auto& e) {
              e.WriteUnionIndex(2);
              e.StartMap(1);
              e.WriteString("k");
              e.WriteInt(5);
              e.EndMap();
              e.WriteLong(7);
            })),
            R"({"f":{"map":{"k":5}},"g":7})");
  EXPECT_EQ(render(Datum([](auto& e) {
              e.WriteUnionIndex(3);
              e.WriteInt(1);
              e.WriteLong(7);
            })),
            R"({"f":{"n.Inner":{"i":1}},"g":7})");
}

TEST(DatumJsonTest, NestedAndRecursiveRecordsInSchemaOrder) {
  const std::string schema = R"({"type":"record","name":"Node","fields":[
    {"name":"name","type":"string"},
    {"name":"size","type":["null","int"]},
    {"name":"children","type":{"type":"array","items":"Node"}}]})";
  const std::string datum = Datum([](auto& e) {
    e.WriteString("root");
    e.WriteUnionIndex(0);
    e.StartArray(2);
    e.WriteString("a");
    e.WriteUnionIndex(1);
    e.WriteInt(3);
    e.EndArray();  // a has no children
    e.WriteString("b");
    e.WriteUnionIndex(0);
    e.StartArray(1);
    e.WriteString("c");
    e.WriteUnionIndex(0);
    e.EndArray();
    e.EndArray();  // b's children
    e.EndArray();  // root's children
  });
  EXPECT_EQ(Render(schema, datum),
            R"({"name":"root","size":null,"children":[{"name":"a","size":3,"children":[]},)"
            R"({"name":"b","size":null,"children":[{"name":"c","size":null,"children":[]}]}]})");
}

TEST(DatumJsonTest, MalformedDatumsAreRejected) {
  EXPECT_EQ(Render(OneField(R"("long")"), ""), "<malformed>");              // truncated
  EXPECT_EQ(Render(OneField(R"("boolean")"), "\x02"), "<malformed>");       // not 0 or 1
  EXPECT_EQ(Render(OneField(R"("int")"), "\x02\x02"), "<malformed>");       // bytes left over
  EXPECT_EQ(Render(OneField(R"(["null","int"])"), "\x04"), "<malformed>");  // branch 2 of 2
  EXPECT_EQ(Render(OneField(R"(["null","int"])"), "\x01"), "<malformed>");  // branch -1
  EXPECT_EQ(Render(OneField(R"({"type":"enum","name":"E","symbols":["A"]})"), "\x02"),
            "<malformed>");
  EXPECT_EQ(Render(OneField(R"("string")"), "\x03"), "<malformed>");  // length -2
  EXPECT_EQ(Render(OneField(R"("string")"),
                   "\x08"
                   "ab"),
            "<malformed>");
  EXPECT_EQ(Render(OneField(R"({"type":"array","items":"int"})"), "\x02\x02"), "<malformed>");
}

// Zero-width items: a huge count must not make the renderer loop (or allocate) for ever.
TEST(DatumJsonTest, HugeCountsOfZeroWidthItemsAreMalformed) {
  const std::string nulls = OneField(R"({"type":"array","items":"null"})");
  EXPECT_EQ(Render(nulls, Datum([](auto& e) {
                     e.StartArray(3);
                     e.EndArray();
                   })),
            R"({"f":[null,null,null]})");
  EXPECT_EQ(Render(nulls, Datum([](auto& e) {
                     e.StartArray(INT64_MAX);
                     e.EndArray();
                   })),
            "<malformed>");
}

TEST(DatumJsonTest, DeepNestingIsMalformedNotACrash) {
  const std::string schema = R"({"type":"record","name":"L","fields":[
    {"name":"next","type":["null","L"]}]})";
  std::string deep(kMaxDatumJsonDepth * 2, '\x02');  // branch 1 again and again
  deep.push_back('\0');
  EXPECT_EQ(Render(schema, deep), "<malformed>");
  EXPECT_EQ(Render(schema, std::string("\x02\x02\x00", 3)), R"({"next":{"next":{"next":null}}})");
}

}  // namespace
}  // namespace divolte::avro
