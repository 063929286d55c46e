#pragma once

// The Unicode helpers of the lexer: UTF-8 validation and decoding, and the character classes of
// identifiers (mapping.md §2.1, §2.4). Pure functions, thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace divolte::script {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and values above U+10FFFF are ill-formed), or npos when `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

// The code point starting at text[offset] and its length in bytes.
// REQUIRES: `text` is valid UTF-8 and offset < text.size() starts a sequence.
struct DecodedCodePoint {
  uint32_t code_point;
  int length;
};
DecodedCodePoint DecodeUtf8(std::string_view text, size_t offset);

void AppendUtf8(uint32_t code_point, std::string* out);

// Identifiers: a letter, '_' or '$', then letters, digits, '_' or '$'. Outside ASCII, "letter" is
// approximated without Unicode tables: every code point counts as a letter except whitespace,
// controls, punctuation and symbol blocks, private use and noncharacters; combining marks may
// continue but not start an identifier.
bool IsIdentifierStart(uint32_t code_point);
bool IsIdentifierPart(uint32_t code_point);

}  // namespace divolte::script
