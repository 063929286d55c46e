#include "event/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/strings.h"

namespace divolte::event {
namespace {

constexpr char kReplacement[] = "\xef\xbf\xbd";

inline bool IsContinuation(uint8_t b) { return (b & 0xc0) == 0x80; }

// Length of the well-formed sequence starting at `p` (Unicode table 3-7), or 0 if it is not
// well-formed. `*subpart` receives the length of its maximal subpart (at least 1) so that the
// caller can replace exactly that with one U+FFFD.
size_t WellFormedLength(const uint8_t* p, size_t available, size_t* subpart) {
  const uint8_t lead = p[0];
  size_t length;
  uint8_t second_low = 0x80;
  uint8_t second_high = 0xbf;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_low = 0xa0;
    if (lead == 0xed) second_high = 0x9f;  // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_low = 0x90;
    if (lead == 0xf4) second_high = 0x8f;  // nothing above U+10FFFF
  } else {
    *subpart = 1;
    return 0;
  }
  size_t i = 1;
  if (i < available && p[1] >= second_low && p[1] <= second_high) {
    for (i = 2; i < length && i < available && IsContinuation(p[i]); ++i) {
    }
  }
  if (i == length) return length;
  *subpart = i;
  return 0;
}

// Decodes one code point of valid UTF-8 at `p`; returns its length.
size_t DecodeValid(const uint8_t* p, uint32_t* code_point) {
  const uint8_t lead = p[0];
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  if (lead < 0xe0) {
    *code_point = ((lead & 0x1fu) << 6) | (p[1] & 0x3fu);
    return 2;
  }
  if (lead < 0xf0) {
    *code_point = ((lead & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
    return 3;
  }
  *code_point =
      ((lead & 0x07u) << 18) | ((p[1] & 0x3fu) << 12) | ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
  return 4;
}

inline void AppendUnitLe(uint32_t unit, std::string* out) {
  out->push_back(static_cast<char>(unit & 0xff));
  out->push_back(static_cast<char>(unit >> 8));
}

constexpr int8_t kNotHex = -1;

// Replaces the bytes of `out` from `start` on by their sanitised form (rare path).
void SanitiseTail(size_t start, std::string* out) {
  thread_local std::string scratch;
  scratch.assign(*out, start);
  out->resize(start);
  AppendSanitisedUtf8(scratch, out);
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t subpart;
    const size_t length = WellFormedLength(p + i, n - i, &subpart);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void AppendSanitisedUtf8(std::string_view bytes, std::string* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    size_t run = i;  // copy maximal valid runs in one append
    size_t subpart = 0;
    while (run < n) {
      const size_t length = WellFormedLength(p + run, n - run, &subpart);
      if (length == 0) break;
      run += length;
    }
    out->append(bytes.data() + i, run - i);
    if (run == n) break;
    out->append(kReplacement, 3);
    i = run + subpart;
  }
}

bool AppendPercentDecoded(std::string_view in, std::string* out) {
  const size_t start = out->size();
  out->resize(start + in.size());  // decoding never grows the byte count
  char* dst = out->data() + start;
  bool non_ascii = false;
  size_t i = 0;
  while (i < in.size()) {
    // Copy the run up to the next escape or '+' in one go: most bytes need no decoding.
    size_t run = i;
    while (run < in.size() && in[run] != '%' && in[run] != '+') {
      non_ascii |= static_cast<uint8_t>(in[run]) >= 0x80;
      ++run;
    }
    std::memcpy(dst, in.data() + i, run - i);
    dst += run - i;
    i = run;
    if (i == in.size()) break;
    char c = ' ';
    if (in[i] == '%') {
      const int high = i + 2 < in.size() ? base::HexDigitValue(in[i + 1]) : kNotHex;
      const int low = high != kNotHex ? base::HexDigitValue(in[i + 2]) : kNotHex;
      if (low == kNotHex) {
        out->resize(start);
        return false;
      }
      c = static_cast<char>((high << 4) | low);
      i += 2;
    }
    non_ascii |= static_cast<uint8_t>(c) >= 0x80;
    *dst++ = c;
    ++i;
  }
  out->resize(dst - out->data());
  if (non_ascii && !IsValidUtf8(std::string_view(*out).substr(start))) SanitiseTail(start, out);
  return true;
}

void AppendUtf16Le(std::string_view utf8, std::string* out) {
  // Fast path: identifiers are ASCII, where each byte becomes one little-endian code unit.
  bool ascii = true;
  for (const char c : utf8) ascii &= static_cast<uint8_t>(c) < 0x80;
  if (ascii) {
    const size_t start = out->size();
    out->resize(start + 2 * utf8.size());
    char* dst = out->data() + start;
    for (const char c : utf8) {
      *dst++ = c;
      *dst++ = 0;
    }
    return;
  }
  if (!IsValidUtf8(utf8)) {
    thread_local std::string repaired;
    repaired.clear();
    AppendSanitisedUtf8(utf8, &repaired);
    AppendUtf16Le(repaired, out);
    return;
  }
  out->reserve(out->size() + 2 * utf8.size());
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  size_t i = 0;
  while (i < utf8.size()) {
    uint32_t code_point;
    i += DecodeValid(p + i, &code_point);
    if (code_point < 0x10000) {
      AppendUnitLe(code_point, out);
    } else {
      code_point -= 0x10000;
      AppendUnitLe(0xd800 + (code_point >> 10), out);
      AppendUnitLe(0xdc00 + (code_point & 0x3ff), out);
    }
  }
}

int CompareUtf16(std::string_view a, std::string_view b) {
  const size_t common = std::min(a.size(), b.size());
  const auto mismatch = std::mismatch(a.begin(), a.begin() + common, b.begin());
  const size_t i = mismatch.first - a.begin();
  if (i == common) return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  const auto x = static_cast<uint8_t>(a[i]);
  const auto y = static_cast<uint8_t>(b[i]);
  // Equal prefixes end on a character boundary when the differing bytes are lead bytes. A
  // supplementary character (lead F0..F4, high surrogate D800..DBFF in UTF-16) sorts before
  // U+E000..U+FFFF (leads EE, EF) in UTF-16 although it is larger as a code point.
  const bool x_supplementary = x >= 0xf0;
  const bool y_supplementary = y >= 0xf0;
  if (x_supplementary && (y == 0xee || y == 0xef)) return -1;
  if (y_supplementary && (x == 0xee || x == 0xef)) return 1;
  return x < y ? -1 : 1;
}

}  // namespace divolte::event
