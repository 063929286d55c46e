#include "event/checksum.h"

#include <algorithm>
#include <vector>

#include "base/murmur3.h"
#include "event/base36.h"
#include "event/query.h"
#include "event/utf8.h"

namespace divolte::event {
namespace {

// Indices of every parameter except `x`, ordered by name in UTF-16 order and, among equal names,
// by request order. The tie-break makes std::sort (which never allocates) as stable as needed.
void SortedIndices(const QueryParams& params, std::vector<uint16_t>* order) {
  order->clear();
  for (size_t i = 0; i < params.size(); ++i) {
    if (params.name(i) != "x") order->push_back(static_cast<uint16_t>(i));
  }
  std::sort(order->begin(), order->end(), [&params](uint16_t a, uint16_t b) {
    const int c = CompareUtf16(params.name(a), params.name(b));
    return c != 0 ? c < 0 : a < b;
  });
}

}  // namespace

void AppendChecksumCanonicalString(const QueryParams& params, std::string* out) {
  thread_local std::vector<uint16_t> order;
  SortedIndices(params, &order);
  for (size_t k = 0; k < order.size(); ++k) {
    const std::string_view name = params.name(order[k]);
    const bool starts_group = k == 0 || params.name(order[k - 1]) != name;
    if (starts_group) {
      out->append(name);
      out->push_back('=');
    }
    out->append(params.value(order[k]));
    out->push_back(',');
    const bool ends_group = k + 1 == order.size() || params.name(order[k + 1]) != name;
    if (ends_group) out->push_back(';');
  }
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
