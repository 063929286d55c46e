#pragma once

// The Unicode helpers of the lexer: UTF-8 validation and the character classes of identifiers
// (mapping.md §2.1, §2.4); decoding and encoding are base/utf8.h. Pure functions, thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace divolte::script {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and values above U+10FFFF are ill-formed), or npos when `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

// Identifiers: a letter, '_' or '$', then letters, digits, '_' or '$'. Outside ASCII, "letter" is
// approximated without Unicode tables: every code point counts as a letter except whitespace,
// controls, punctuation and symbol blocks, private use and noncharacters; combining marks may
// continue but not start an identifier.
bool IsIdentifierStart(uint32_t code_point);
bool IsIdentifierPart(uint32_t code_point);

}  // namespace divolte::script
