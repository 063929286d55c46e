#pragma once

// The value of a numeric literal (mapping.md §2.5): radix prefixes, underscores, suffixes and
// the value type each form gets. Pure function, thread-safe.

#include <cstddef>
#include <string_view>

#include "base/status.h"
#include "script/ast.h"

namespace divolte::script {

// Longer literals are rejected (keeps the arbitrary-precision conversion cheap).
inline constexpr size_t kMaxNumericLiteralLength = 1000;

// `spelling` is the whole literal as written, without sign: "42", "0x1F", "017", "0b101",
// "1_000L", "4.2", "1e3", "42.0D", "2f", "4.2G". Returns a Literal of kind kInteger, kLong,
// kBigInteger, kBigDecimal, kDouble or kFloat, or an error message (without position) such as
// "invalid numeric literal '08'" or "integer literal '3000000000I' is out of range for Integer".
base::Result<Literal> ParseNumericLiteral(std::string_view spelling);

}  // namespace divolte::script
