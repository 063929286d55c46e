#pragma once

// Internal to the avro module and its tests: nlohmann JSON (used to read `.avsc` files) as
// event::JsonValue (the JSON tree of the rest of the collector). Pure functions; thread-safe.

#include <nlohmann/json.hpp>

#include "event/json_value.h"

namespace divolte::avro {

// Schemas keep their attribute order (schema.md §3), hence the ordered variant.
using OrderedJson = nlohmann::ordered_json;

// The same value as a JsonValue. Unsigned integers beyond int64 become big integers; object
// members keep their order.
event::JsonValue ToJsonValue(const OrderedJson& json);

}  // namespace divolte::avro
