#pragma once

// The text of JSON numbers when they are mapped onto Avro `string` fields (mapping.md §11.4).
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace divolte::avro {

// Appends `value` as Java's Double.toString renders it: the shortest decimal digits that identify
// the double; plain notation with at least one fractional digit if 10^-3 <= |value| < 10^7
// (`59.9`, `100.0`, `0.001`), otherwise computerized scientific notation (`1.0E7`, `1.5E-4`);
// `0.0`, `-0.0`, `NaN`, `Infinity` and `-Infinity` as such.
void AppendJavaDoubleText(double value, std::string* out);
// The same for a float, as Java's Float.toString: the shortest digits that identify the float.
void AppendJavaFloatText(float value, std::string* out);

// Parses a floating-point number as Java's Double.parseDouble does, without surrounding whitespace
// and hexadecimal forms: optional sign, then `NaN`, `Infinity`, or decimal digits with an optional
// `.` fraction and an optional exponent, optionally followed by `f`, `F`, `d` or `D`. The result
// is the nearest value (overflow gives an infinity, underflow a zero). nullopt if malformed.
std::optional<double> ParseDoubleText(std::string_view text);
std::optional<float> ParseFloatText(std::string_view text);

}  // namespace divolte::avro
