#pragma once

// Conversion of JSON values (custom event parameters, mapping.md §7.3) to the Avro binary
// encoding of a target schema, as when a JSON value is mapped onto a record field (mapping.md
// §11). Runs on mapper threads; failures are values, never exceptions. Pure functions;
// thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "avro/schema.h"
#include "base/status.h"
#include "event/json_value.h"

namespace divolte::avro {

enum class JsonConversion : uint8_t {
  kConverted,  // the encoding was appended
  kNull,       // the value is null for the field (§11.1 top-level rule): nothing appended
  // Failures (§11.2): the field is left unchanged.
  kWrongType,         // this kind of JSON cannot become the target type
  kOutOfRange,        // an integer that does not fit the target
  kNotNullable,       // null (or "" onto a scalar non-string type) where the schema is not nullable
  kNotSingleElement,  // an empty or longer array onto a scalar type
  kUnknownSymbol,     // a string that is not a symbol of the target enum
  kInvalidBase64,     // bytes or fixed from a string that is not Base64
  kFixedTooShort,     // Base64 decoding to fewer bytes than the fixed size
  kMissingMember,     // an object without a member for a record field that has no default
  kUnsupportedUnion,  // a union that is not trivial (rejected at load time by CheckJsonTarget)
  kTooDeep,           // nesting beyond kMaxJsonConversionDepth
};

// Nesting bound of the conversion (JSON values are bounded far below this by their parsers).
inline constexpr int kMaxJsonConversionDepth = 256;

// A short lower-case description of a failure for log lines ("wrong JSON type", …).
std::string_view JsonConversionName(JsonConversion conversion);

// Appends the binary encoding of `json` converted to `schema` (a field's type) to `*out` by the
// rules of mapping.md §11.1. JSON null, and for scalar targets what counts as null (`""` onto a
// non-string scalar, `[null]`), gives kNull and appends nothing, whether or not `schema` is
// nullable: JSON null never overwrites a field. On a failure `*out` may hold a partial encoding;
// callers convert into scratch space.
JsonConversion ConvertJsonToAvro(const event::JsonValue& json, const SchemaNode& schema,
                                 std::string* out);

// The load-time check of mapping.md §11.3: `schema` can receive JSON values if every union in it,
// at any depth, is trivial. The error is
// `Unsupported union encountered; only trivial unions with null are supported: <union JSON>`.
base::Status CheckJsonTarget(const SchemaNode& schema);

}  // namespace divolte::avro
