#include "script/unicode.h"

#include "base/utf8.h"

namespace divolte::script {
namespace {

struct Range {
  uint32_t first;
  uint32_t last;
};

// Non-ASCII code points that are not letters or digits for identifiers: controls, spaces,
// punctuation and symbol blocks, private use, specials and pictographs.
constexpr Range kNotIdentifierRanges[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9},   {0x00BB, 0x00BF},    {0x00D7, 0x00D7},
    {0x00F7, 0x00F7}, {0x037E, 0x037E}, {0x0387, 0x0387},   {0x1680, 0x1680},    {0x2000, 0x206F},
    {0x2190, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004},   {0x3008, 0x3020},    {0x3030, 0x3030},
    {0xD800, 0xF8FF}, {0xFD3E, 0xFD3F}, {0xFE10, 0xFE1F},   {0xFE30, 0xFE4F},    {0xFE50, 0xFE6F},
    {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},   {0xFF3B, 0xFF3E},    {0xFF40, 0xFF40},
    {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF}, {0xF0000, 0x10FFFF},
};

bool IsNonAsciiLetterOrDigit(uint32_t code_point) {
  for (const Range& range : kNotIdentifierRanges) {
    if (code_point >= range.first && code_point <= range.last) return false;
  }
  return true;
}

bool IsCombiningMark(uint32_t code_point) {
  return (code_point >= 0x0300 && code_point <= 0x036F) ||
         (code_point >= 0x1AB0 && code_point <= 0x1AFF) ||
         (code_point >= 0x1DC0 && code_point <= 0x1DFF) ||
         (code_point >= 0x20D0 && code_point <= 0x20FF) ||
         (code_point >= 0xFE20 && code_point <= 0xFE2F);
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  size_t offset = 0;
  while (offset < text.size()) {
    const size_t length = base::WellFormedUtf8Length(text, offset);
    if (length == 0) return offset;
    offset += length;
  }
  return std::string_view::npos;
}

bool IsIdentifierStart(uint32_t code_point) {
  if (code_point < 0x80) {
    return (code_point >= 'a' && code_point <= 'z') || (code_point >= 'A' && code_point <= 'Z') ||
           code_point == '_' || code_point == '$';
  }
  return IsNonAsciiLetterOrDigit(code_point) && !IsCombiningMark(code_point);
}

bool IsIdentifierPart(uint32_t code_point) {
  if (code_point < 0x80) {
    return IsIdentifierStart(code_point) || (code_point >= '0' && code_point <= '9');
  }
  return IsNonAsciiLetterOrDigit(code_point);
}

}  // namespace divolte::script
