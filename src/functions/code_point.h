#pragma once

// Decoding of one UTF-8 code point, shared by the URI parser and the regex translator.
// Internal to this module.

#include <cstddef>
#include <string_view>

#include "event/utf8.h"

namespace divolte::functions {

// Decodes the well-formed UTF-8 sequence at `text[p]` into `*code_point` and returns its length,
// or returns 0 if the bytes at `p` are not a well-formed sequence. REQUIRES: p < text.size().
inline size_t DecodeUtf8CodePoint(std::string_view text, size_t p, char32_t* code_point) {
  const auto lead = static_cast<unsigned char>(text[p]);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  const size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || p + length > text.size() || !event::IsValidUtf8(text.substr(p, length))) {
    return 0;
  }
  char32_t cp = lead & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) cp = (cp << 6) | (text[p + i] & 0x3f);
  *code_point = cp;
  return length;
}

}  // namespace divolte::functions
