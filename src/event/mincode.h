#pragma once

// Mincode, the compact JSON encoding of the tag's custom event parameters `u` (protocol.md §7).
// Decoding is strict and bounded: any error yields nullopt, nesting deeper than
// kMaxMincodeDepth is an error (hostile input cannot exhaust the stack), and so is a number
// longer than kMaxMincodeNumberLength (nor the CPU). Thread-safe.

#include <cstddef>
#include <optional>
#include <string_view>

#include "event/json_value.h"

namespace divolte::event {

// Objects and arrays nested more deeply than this make the value undecodable.
inline constexpr int kMaxMincodeDepth = 64;

// A number payload (`d`, `j`) longer than this many characters makes the value undecodable:
// writing a base-36 integer in decimal takes time quadratic in its length, and a request line
// may hold a megabyte. (Jackson bounds number text at 1000 characters by default as well.)
inline constexpr size_t kMaxMincodeNumberLength = 1000;

// Decodes the first value of `text`; anything after it is ignored. Empty input is an error (the
// caller treats an empty `u` as "no parameters" anyway).
std::optional<JsonValue> DecodeMincode(std::string_view text);

}  // namespace divolte::event
