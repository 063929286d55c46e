// Avro binary datums rendered as JSON (avro::RenderDatumAsJson, datum_json.h): what avro-tools
// and the mapping test tool print for records read from files. Input: one selector byte
// choosing the schema (every kind of type, or the built-in DefaultEventRecord), then the datum.
//
// Invariants: both JSON styles accept the same datums; an accepted datum renders to valid JSON,
// and RenderFirstDatumAsJson consumes all of it with the same text; a rejected datum is accepted
// as a first datum only with bytes left over.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "avro/datum_json.h"
#include "avro/default_schema.h"
#include "avro/schema.h"
#include "base/check.h"
#include "fuzz_schemas.h"

namespace {

namespace avro = divolte::avro;

const avro::Schema& LoadSchema(std::string_view text) {
  auto parsed = avro::Schema::Parse(text, "fuzz.avsc");
  CHECK(parsed.ok());
  return *new avro::Schema(std::move(parsed).value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const avro::Schema& every_type = LoadSchema(divolte::fuzz::kEveryTypeSchema);
  static const avro::Schema& default_record = LoadSchema(avro::DefaultEventRecordSchemaJson());
  if (size == 0) return 0;
  const avro::SchemaNode& schema = data[0] & 1 ? default_record.root() : every_type.root();
  const std::string_view datum(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string people;
  std::string avro_json;
  const bool ok = avro::RenderDatumAsJson(schema, datum, &people);
  CHECK(ok == avro::RenderDatumAsJson(schema, datum, &avro_json, avro::DatumJsonStyle::kAvroJson));
  size_t consumed = 0;
  std::string first;
  const bool first_ok = avro::RenderFirstDatumAsJson(schema, datum, &consumed, &first,
                                                     avro::DatumJsonStyle::kForPeople);
  if (!ok) {
    CHECK(!first_ok || consumed < datum.size());  // only leftover bytes may fail a whole datum
    return 0;
  }
  CHECK(first_ok && consumed == datum.size() && first == people);
  CHECK(nlohmann::json::accept(people));
  CHECK(nlohmann::json::accept(avro_json));
  return 0;
}
