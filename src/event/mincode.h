#pragma once

// Mincode, the compact JSON encoding of the tag's custom event parameters `u` (protocol.md §7).
// Decoding is strict and bounded: any error yields nullopt, nesting deeper than
// kMaxMincodeDepth is an error (hostile input cannot exhaust the stack). Thread-safe.

#include <cstddef>
#include <optional>
#include <string_view>

#include "event/json_value.h"

namespace divolte::event {

// Objects and arrays nested more deeply than this make the value undecodable.
inline constexpr int kMaxMincodeDepth = 64;

// Decodes the first value of `text`; anything after it is ignored. Empty input is an error (the
// caller treats an empty `u` as "no parameters" anyway).
std::optional<JsonValue> DecodeMincode(std::string_view text);

}  // namespace divolte::event
