#pragma once

// Text forms and equality of JSON values as the mapping language sees them: the text of a scalar
// (mapping.md §7.3 `value()`, §7.10 `add()`), Java's rendering of doubles (§11.4) and structural
// equality (§6). Pure functions, thread-safe; the Append* functions only grow `out`.

#include <string>
#include <string_view>

namespace divolte::event {
class JsonValue;
}  // namespace divolte::event

namespace divolte::functions {

// Appends the text of a scalar: strings as is, integers in decimal, doubles as above, `true` /
// `false`, JSON null as `null`. Objects and arrays append nothing and return false.
bool AppendJsonScalarText(const event::JsonValue& value, std::string* out);

// `eventParameters().value(name)` for present parameters: the text of the last top-level member
// `name`; "" when it is missing, an object or an array, or when `parameters` is not an object.
// Returns a view into `parameters` or into `*scratch` (overwritten).
std::string_view JsonParameterValue(const event::JsonValue& parameters, std::string_view name,
                                    std::string* scratch);

// Equality of two JSON values (§6): by kind and value; an integer never equals a floating-point
// number; doubles compare as Java's Double.equals (NaN equals NaN, 0.0 differs from -0.0);
// arrays element by element; objects by member name regardless of order.
bool JsonEquals(const event::JsonValue& a, const event::JsonValue& b);

}  // namespace divolte::functions
