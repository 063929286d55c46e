#pragma once

// One Avro binary datum rendered as JSON text for people: the answer of the mapping test tool
// (mapping.md §16). Fields in schema order, unions unwrapped (the value of the branch, no branch
// name), null as null, bytes and fixed as strings of one character per byte (U+0000-U+00FF),
// maps as objects, enums as their symbol. Longs are exact; doubles and floats are JSON numbers in
// Java's rendering (number_text.h), and NaN and the infinities, which JSON cannot express, are the
// strings "NaN", "Infinity" and "-Infinity". Not on the data path. Pure; thread-safe.

#include <string>
#include <string_view>

#include "avro/schema.h"

namespace divolte::avro {

// Schemas nest (records, arrays, recursion): deeper data is treated as malformed rather than
// rendered, so that no datum can exhaust the stack.
inline constexpr int kMaxDatumJsonDepth = 256;

// kForPeople: as described above. kAvroJson: Avro's JSON encoding, as `avro-tools tojson` prints
// records: a non-null union value is wrapped in an object named after its branch
// ({"string": "x"}, {"io.divolte.Record": {...}}); everything else is as for people.
enum class DatumJsonStyle { kForPeople, kAvroJson };

// Appends the compact JSON of `datum`, a value of `schema`. Returns false if the datum is
// malformed (truncated, an out-of-range union or enum index, a negative length, nested deeper
// than kMaxDatumJsonDepth, or bytes left over); `*out` then holds a partial rendering.
bool RenderDatumAsJson(const SchemaNode& schema, std::string_view datum, std::string* out,
                       DatumJsonStyle style = DatumJsonStyle::kForPeople);

// As RenderDatumAsJson for the first datum of `data`, a sequence of datums (a container file's
// block); `*consumed` is then the datum's length in bytes.
bool RenderFirstDatumAsJson(const SchemaNode& schema, std::string_view data, size_t* consumed,
                            std::string* out, DatumJsonStyle style);

}  // namespace divolte::avro
