#include "event/query.h"

#include <algorithm>

#include "event/utf8.h"

namespace divolte::event {

void QueryParams::Clear() {
  bytes_.clear();
  entries_.clear();
  first_by_letter_.fill(kNone);
}

QueryStatus QueryParams::Decode(std::string_view raw) {
  Clear();
  if (raw.size() > kMaxQueryBytes) return QueryStatus::kMalformed;
  bytes_.reserve(raw.size());
  // One allocation for the entries: at most one per '&'-separated part (capped at the limit).
  const size_t parts = static_cast<size_t>(std::count(raw.begin(), raw.end(), '&')) + 1;
  entries_.reserve(std::min(parts, kMaxQueryParameters));
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    const std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (part.empty()) continue;
    if (entries_.size() == kMaxQueryParameters) {
      Clear();
      return QueryStatus::kTooManyParameters;
    }
    if (!DecodePart(part)) {
      Clear();
      return QueryStatus::kMalformed;
    }
  }
  return QueryStatus::kOk;
}

bool QueryParams::DecodePart(std::string_view part) {
  const size_t eq = part.find('=');
  const std::string_view raw_name = part.substr(0, eq);
  const std::string_view raw_value =
      eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
  Entry entry;
  entry.name.offset = static_cast<uint32_t>(bytes_.size());
  if (!AppendPercentDecoded(raw_name, &bytes_)) return false;
  entry.name.length = static_cast<uint32_t>(bytes_.size() - entry.name.offset);
  entry.value.offset = static_cast<uint32_t>(bytes_.size());
  if (!AppendPercentDecoded(raw_value, &bytes_)) return false;
  entry.value.length = static_cast<uint32_t>(bytes_.size() - entry.value.offset);
  if (entry.name.length == 1) {
    const auto letter = static_cast<unsigned char>(bytes_[entry.name.offset]);
    if (letter < kLetterIndexSize && first_by_letter_[letter] == kNone) {
      first_by_letter_[letter] = static_cast<uint16_t>(entries_.size());
    }
  }
  entries_.push_back(entry);
  return true;
}

std::optional<std::string_view> QueryParams::FirstByScan(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (Slice(entry.name) == name) return Slice(entry.value);
  }
  return std::nullopt;
}

}  // namespace divolte::event
