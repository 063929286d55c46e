#pragma once

// UTF-8 code points: decoding one well-formed sequence and encoding one code point. The modules
// that walk text character by character (the script lexer, the regex and URI functions, the tag
// renderer, the HOCON lexer) share these. Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace divolte::base {

// The length (1-4) of the well-formed UTF-8 sequence at text[offset] per Unicode Table 3-7
// (no overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is ill-formed or
// truncated. REQUIRES: offset < text.size().
size_t WellFormedUtf8Length(std::string_view text, size_t offset);

struct Utf8CodePoint {
  char32_t code_point;  // U+FFFD when length == 0
  size_t length;        // 0: the bytes at the offset are not a well-formed sequence
};

// Decodes the sequence at text[offset]. REQUIRES: offset < text.size().
Utf8CodePoint DecodeUtf8(std::string_view text, size_t offset);

// Appends the UTF-8 encoding of `code_point`. REQUIRES: code_point <= U+10FFFF.
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace divolte::base
