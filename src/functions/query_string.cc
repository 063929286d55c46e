#include "functions/query_string.h"

#include <algorithm>

#include "base/strings.h"
#include "event/utf8.h"

namespace divolte::functions {
namespace {

// Appends the form-decoded bytes of `raw` ('+' is a space, %HH a byte) without UTF-8 repair.
void AppendFormDecodedBytes(std::string_view raw, std::string* out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%' && i + 2 < raw.size() && base::HexDigitValue(raw[i + 1]) >= 0 &&
               base::HexDigitValue(raw[i + 2]) >= 0) {
      out->push_back(static_cast<char>(base::HexDigitValue(raw[i + 1]) * 16 +
                                       base::HexDigitValue(raw[i + 2])));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace

void QueryString::Parse(std::string_view raw) {
  bytes_.clear();
  entries_.clear();
  order_.clear();
  keys_.clear();
  if (raw.size() > kMaxQueryStringBytes) return;
  bytes_.reserve(raw.size());
  size_t start = 0;
  for (size_t amp = raw.find('&'); amp != std::string_view::npos; amp = raw.find('&', start)) {
    AddEntry(raw.substr(start, amp - start));
    start = amp + 1;
  }
  if (start < raw.size()) AddEntry(raw.substr(start));
  BuildKeys();
}

void QueryString::AddEntry(std::string_view part) {
  const size_t eq = part.find('=');
  Entry entry;
  entry.name = AppendDecoded(part.substr(0, eq));
  entry.value =
      AppendDecoded(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
  entries_.push_back(entry);
}

QueryString::Span QueryString::AppendDecoded(std::string_view raw) {
  const size_t offset = bytes_.size();
  AppendFormDecodedBytes(raw, &bytes_);
  const std::string_view decoded(bytes_.data() + offset, bytes_.size() - offset);
  if (!event::IsValidUtf8(decoded)) {  // rare: repair through a scratch copy
    thread_local std::string scratch;
    scratch.assign(decoded);
    bytes_.resize(offset);
    event::AppendSanitisedUtf8(scratch, &bytes_);
  }
  return Span{static_cast<uint32_t>(offset), static_cast<uint32_t>(bytes_.size() - offset)};
}

// Groups entries by name: order_ sorted by (name, position) makes each name's entries one run in
// query order; keys_ lists the runs by their first position.
void QueryString::BuildKeys() {
  order_.resize(entries_.size());
  for (uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
    const int c = Slice(entries_[a].name).compare(Slice(entries_[b].name));
    return c < 0 || (c == 0 && a < b);
  });
  for (uint32_t begin = 0; begin < order_.size();) {
    uint32_t end = begin + 1;
    const std::string_view name = Slice(entries_[order_[begin]].name);
    while (end < order_.size() && Slice(entries_[order_[end]].name) == name) ++end;
    keys_.push_back(Key{begin, end});
    begin = end;
  }
  std::sort(keys_.begin(), keys_.end(),
            [this](const Key& a, const Key& b) { return order_[a.begin] < order_[b.begin]; });
  key_at_.resize(order_.size());
  for (uint32_t k = 0; k < keys_.size(); ++k) key_at_[keys_[k].begin] = k;
}

std::optional<uint32_t> QueryString::FindRun(std::string_view name) const {
  const auto it = std::lower_bound(order_.begin(), order_.end(), name,
                                   [this](uint32_t entry, std::string_view wanted) {
                                     return Slice(entries_[entry].name) < wanted;
                                   });
  if (it == order_.end() || Slice(entries_[*it].name) != name) return std::nullopt;
  return static_cast<uint32_t>(it - order_.begin());
}

std::optional<size_t> QueryString::Find(std::string_view name) const {
  const std::optional<uint32_t> run = FindRun(name);
  if (!run) return std::nullopt;
  return key_at_[*run];
}

std::optional<std::string_view> QueryString::FirstValue(std::string_view name) const {
  const std::optional<uint32_t> run = FindRun(name);
  if (!run) return std::nullopt;
  return Slice(entries_[order_[*run]].value);
}

bool operator==(const QueryString& a, const QueryString& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    const std::optional<size_t> other = b.Find(a.name(k));
    if (!other || a.value_count(k) != b.value_count(*other)) return false;
    for (size_t j = 0; j < a.value_count(k); ++j) {
      if (a.value(k, j) != b.value(*other, j)) return false;
    }
  }
  return true;
}

}  // namespace divolte::functions
