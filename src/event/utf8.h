#pragma once

// Text helpers for decoding untrusted request bytes: UTF-8 validation and repair (one U+FFFD per
// maximal invalid subpart, as Java's decoder and WHATWG do), query-string percent-decoding,
// UTF-16LE re-encoding (duplicate-memory key) and UTF-16 code-unit ordering (checksum). Pure
// functions, thread-safe; the Append* functions only grow `out`.

#include <string>
#include <string_view>

namespace divolte::event {

bool IsValidUtf8(std::string_view bytes);

// Appends `bytes` with every maximal invalid subpart replaced by U+FFFD (EF BF BD).
void AppendSanitisedUtf8(std::string_view bytes, std::string* out);

// Appends the percent-decoding of `in` ('+' is a space) as valid UTF-8 (invalid byte sequences of
// the decoded bytes become U+FFFD). Returns false, with `out` unchanged, if a '%' is not followed
// by two hexadecimal digits.
bool AppendPercentDecoded(std::string_view in, std::string* out);

// Appends `utf8` as UTF-16 code units, each little-endian; supplementary characters become
// surrogate pairs. Invalid input is repaired as by AppendSanitisedUtf8 first.
void AppendUtf16Le(std::string_view utf8, std::string* out);

// Three-way comparison (<0, 0, >0) of two valid UTF-8 strings in UTF-16 code-unit order (Java's
// String.compareTo). This is byte order except supplementary characters sort before
// U+E000..U+FFFF.
int CompareUtf16(std::string_view a, std::string_view b);

}  // namespace divolte::event
