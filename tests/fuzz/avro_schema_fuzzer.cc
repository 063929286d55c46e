// Avro schema parsing (schema.md §3, avro::Schema::Parse): a user's `.avsc` text with comments,
// names and namespaces, recursion, logical types and defaults. Input: the schema text.
//
// Invariants: the header JSON of a parsed schema parses again to the same header JSON, canonical
// form and fingerprint; the canonical form parses to the same canonical form; every default is
// a well-formed datum of its field's type.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "avro/datum_json.h"
#include "avro/schema.h"
#include "base/check.h"

namespace {

namespace avro = divolte::avro;

void CheckDefaults(const avro::SchemaNode& node, std::set<const avro::SchemaNode*>* seen) {
  if (!seen->insert(&node).second) return;
  std::string json;
  for (const avro::Field& field : node.fields) {
    CHECK(field.schema != nullptr);
    if (field.has_default()) {
      json.clear();
      CHECK(avro::RenderDatumAsJson(*field.schema, field.default_datum, &json));
    }
    CheckDefaults(*field.schema, seen);
  }
  if (node.items != nullptr) CheckDefaults(*node.items, seen);
  if (node.values != nullptr) CheckDefaults(*node.values, seen);
  for (const avro::SchemaNode* branch : node.branches) CheckDefaults(*branch, seen);
  if (node.enum_default)
    CHECK(*node.enum_default >= 0 && static_cast<size_t>(*node.enum_default) < node.symbols.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schema = avro::Schema::Parse(text, "fuzz.avsc");
  if (!schema.ok()) return 0;
  CHECK(schema->root().type == avro::SchemaType::kRecord);
  CHECK(schema->fingerprint_sha256().size() == 32);
  std::set<const avro::SchemaNode*> seen;
  CheckDefaults(schema->root(), &seen);

  auto again = avro::Schema::Parse(schema->json(), "header");
  CHECK(again.ok());
  CHECK(again->json() == schema->json());
  CHECK(again->canonical_form() == schema->canonical_form());
  CHECK(again->fingerprint_sha256() == schema->fingerprint_sha256());

  auto canonical = avro::Schema::Parse(schema->canonical_form(), "canonical");
  CHECK(canonical.ok());
  CHECK(canonical->canonical_form() == schema->canonical_form());
  return 0;
}
