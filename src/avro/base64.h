#pragma once

// Base64 (RFC 4648) as Avro needs it: decoding the standard alphabet for JSON strings mapped onto
// `bytes` and `fixed` fields (mapping.md §11.1), and the URL-safe alphabet without padding for
// schema fingerprints (schema.md §6). Pure functions; thread-safe.

#include <string>
#include <string_view>

namespace divolte::avro {

// Appends the bytes encoded by `text` (standard alphabet `A-Z a-z 0-9 + /`, padded with `=` to a
// multiple of four characters, no whitespace) to `*out`. Returns false, with `*out` partly
// written, if `text` is not such a string.
bool DecodeBase64(std::string_view text, std::string* out);

// `bytes` in the URL-safe alphabet (`-` and `_` instead of `+` and `/`), without padding.
std::string EncodeBase64UrlNoPadding(std::string_view bytes);

}  // namespace divolte::avro
