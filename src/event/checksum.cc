#include "event/checksum.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "base/murmur3.h"
#include "event/base36.h"
#include "event/query.h"
#include "event/utf8.h"

namespace divolte::event {
namespace {

// The fast path of SortedIndices for the usual browser event, whose names are all single ASCII
// characters: sorting packed (character, index) keys gives the same order as the general
// comparison at a fraction of its cost (measured in bench/mapping_bench.cc). False, with `order`
// unspecified, when some name is longer or not ASCII.
bool SortSingleAsciiNames(const QueryParams& params, std::vector<uint16_t>* order) {
  thread_local std::vector<uint32_t> keys;
  keys.clear();
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string_view name = params.name(i);
    if (name == "x") continue;
    if (name.size() != 1 || static_cast<unsigned char>(name[0]) >= 0x80) return false;
    keys.push_back((static_cast<uint32_t>(static_cast<unsigned char>(name[0])) << 16) |
                   static_cast<uint32_t>(i));
  }
  std::sort(keys.begin(), keys.end());
  order->clear();
  for (const uint32_t key : keys) order->push_back(static_cast<uint16_t>(key & 0xffff));
  return true;
}

// Indices of every parameter except `x`, ordered by name in UTF-16 order and, among equal names,
// by request order. The tie-break makes std::sort (which never allocates) as stable as needed.
void SortedIndices(const QueryParams& params, std::vector<uint16_t>* order) {
  if (SortSingleAsciiNames(params, order)) return;
  order->clear();
  for (size_t i = 0; i < params.size(); ++i) {
    if (params.name(i) != "x") order->push_back(static_cast<uint16_t>(i));
  }
  std::sort(order->begin(), order->end(), [&params](uint16_t a, uint16_t b) {
    const int c = CompareUtf16(params.name(a), params.name(b));
    return c != 0 ? c < 0 : a < b;
  });
}

// Names are almost always one character; comparing that inline avoids a library call per name.
bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.size() == 1 ? a[0] == b[0] : a == b);
}

}  // namespace

void AppendChecksumCanonicalString(const QueryParams& params, std::string* out) {
  thread_local std::vector<uint16_t> order;
  SortedIndices(params, &order);
  // Written through a cursor into space sized for the worst case (every name its own group),
  // then trimmed: one allocation check instead of four appends per parameter.
  size_t bound = 0;
  for (const uint16_t index : order) {
    bound += params.name(index).size() + params.value(index).size() + 3;
  }
  const size_t start = out->size();
  out->resize(start + bound);
  char* cursor = out->data() + start;
  const auto put = [&cursor](std::string_view text) {
    std::memcpy(cursor, text.data(), text.size());
    cursor += text.size();
  };
  std::string_view previous;
  for (size_t k = 0; k < order.size(); ++k) {
    const std::string_view name = params.name(order[k]);
    if (k == 0 || !SameName(previous, name)) {
      if (k != 0) *cursor++ = ';';
      put(name);
      *cursor++ = '=';
    }
    put(params.value(order[k]));
    *cursor++ = ',';
    previous = name;
  }
  if (!order.empty()) *cursor++ = ';';
  out->resize(static_cast<size_t>(cursor - out->data()));
}

int32_t EventChecksum(const QueryParams& params) {
  thread_local std::string canonical;
  canonical.clear();
  AppendChecksumCanonicalString(params, &canonical);
  return static_cast<int32_t>(base::Murmur3X86_32(canonical, 0));
}

bool IsChecksumValid(const QueryParams& params) {
  const auto x = params.First("x");
  if (!x) return false;
  const auto expected = ParseBase36Int64(*x);
  if (!expected) return false;
  return *expected == static_cast<int64_t>(EventChecksum(params));
}

}  // namespace divolte::event
