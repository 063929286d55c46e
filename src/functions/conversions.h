#pragma once

// The string conversions of `parse <string> to int32 / int64 / fp32 / fp64 / bool`
// (mapping.md §7.4). A conversion never fails the event: unacceptable input gives nullopt
// (absent). Pure functions, thread-safe, no allocation on valid input.

#include <cstdint>
#include <optional>
#include <string_view>

namespace divolte::functions {

// Optional '-', then one or more ASCII decimal digits; no '+', no whitespace; must fit 32 bits.
std::optional<int32_t> ParseInt32(std::string_view text);

// As ParseInt32, 64 bits.
std::optional<int64_t> ParseInt64(std::string_view text);

// Java's floating-point literal without surrounding whitespace: optional sign; then decimal
// digits with optional '.' fraction and optional exponent (`1.`, `.5`, `1e-3`), or a hexadecimal
// literal with mandatory binary exponent (`0x1.8p1`); optionally followed by f, F, d or D; or
// `NaN` / `Infinity` with optional sign. Rounded to the nearest float (directly, not via double);
// magnitudes beyond the range give infinity or zero, as Java does.
std::optional<float> ParseFp32(std::string_view text);

// As ParseFp32, rounded to the nearest double.
std::optional<double> ParseFp64(std::string_view text);

// `true` in any letter case is true; any other string is false (never absent for present input).
bool ParseBool(std::string_view text);

}  // namespace divolte::functions
