#pragma once

// Party and session identifiers (protocol.md §4.1): "0:<base-36 timestamp>:<unique>". Validation
// and normalisation happen together; the normalised form (canonical base-36 timestamp) is the
// value used everywhere after validation. Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace divolte::event {

// The normalised identifier, or nullopt if `text` is not a valid identifier.
std::optional<std::string> NormaliseIdentifier(std::string_view text);

// Appends the normalised form of `text` to `out` and returns true; returns false and appends
// nothing if `text` is invalid. Does not allocate beyond growing `out`.
bool AppendNormalisedIdentifier(std::string_view text, std::string* out);

// True if `text` is a valid identifier (same rule, no output).
bool IsValidIdentifier(std::string_view text);

}  // namespace divolte::event
