#pragma once

// Base-36 numbers of the protocol (protocol.md §4.3): signed 64-bit and 32-bit integers, the
// pixel-ratio rule with an optional base-36 fraction (deviation 8), and the canonical rendering.
// Parsing never allocates and fails (nullopt) on anything but the exact grammar. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace divolte::event {

// Optional '+' or '-', then one or more of 0-9, a-z, A-Z; the value must fit in int64.
std::optional<int64_t> ParseBase36Int64(std::string_view text);

// As ParseBase36Int64 with the int32 range (`i`, `j`, `w`, `h`).
std::optional<int32_t> ParseBase36Int32(std::string_view text);

// `[+-]? digits [ "." digits ]`, value int + sum(d_i * 36^-i), rounded to the nearest integer
// with halves away from zero; the rounded value must fit in int32 (`k`).
std::optional<int32_t> ParsePixelRatio(std::string_view text);

// Longest canonical form: "-1y2p0ij32e8e8" (INT64_MIN).
inline constexpr size_t kMaxBase36Length = 14;

// Canonical form: lower case, no '+', no leading zeros ("0" for zero), '-' for negatives.
// The first overload writes to `buffer` (at least kMaxBase36Length bytes), returns the length.
size_t FormatBase36(int64_t value, char* buffer);
std::string FormatBase36(int64_t value);

}  // namespace divolte::event
