#pragma once

// Internal to Schema::Parse: validation and binary encoding of field defaults (schema.md §3).

#include <string>
#include <unordered_map>

#include "avro/json_bridge.h"
#include "avro/schema.h"

namespace divolte::avro {

// The `default` JSON of every record field that has one.
using FieldDefaults = std::unordered_map<const Field*, const OrderedJson*>;

// Checks `value` as a default for type `schema` by the Avro specification's rules and appends its
// binary encoding to `*out`: a union's default matches its first branch; `bytes` and `fixed`
// defaults are strings whose code points 0-255 are the bytes; a record's default is an object
// whose missing members take the fields' own defaults (`field_defaults`). Returns false if the
// value does not match (or nests deeper than a bound, as self-referencing defaults would); `*out`
// is then partly written.
bool EncodeDefault(const SchemaNode& schema, const OrderedJson& value,
                   const FieldDefaults& field_defaults, std::string* out);

}  // namespace divolte::avro
