#pragma once

// QueryParams: the decoded query parameters of one event request, in request order
// (protocol.md §3). It owns its bytes (one string plus one vector), so it can outlive the request
// buffer; Decode reuses both, so a long-lived instance decodes without allocating once warm.
// Not thread-safe; a decoded instance may be read from any thread after hand-off.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace divolte::event {

inline constexpr size_t kMaxQueryParameters = 1000;
// Decoded bytes are addressed with 32-bit offsets; longer queries are rejected as malformed
// (the HTTP request-line limit is far lower).
inline constexpr size_t kMaxQueryBytes = size_t{1} << 28;

enum class QueryStatus { kOk, kMalformed, kTooManyParameters };

class QueryParams {
 public:
  QueryParams() { first_by_letter_.fill(kNone); }

  // `raw` is everything after the first '?'. Split on '&', name and value split at the first '=',
  // empty parts ignored, percent-decoding with '+' as space and U+FFFD repair. On failure the
  // instance is left empty.
  QueryStatus Decode(std::string_view raw);

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // REQUIRES: i < size()
  std::string_view name(size_t i) const { return Slice(entries_[i].name); }
  std::string_view value(size_t i) const { return Slice(entries_[i].value); }

  // The first value of `name`; O(1) for one-letter ASCII names, a scan otherwise.
  std::optional<std::string_view> First(std::string_view name) const {
    if (name.size() == 1 && static_cast<unsigned char>(name[0]) < kLetterIndexSize) {
      const uint16_t index = first_by_letter_[static_cast<unsigned char>(name[0])];
      if (index == kNone) return std::nullopt;
      return value(index);
    }
    return FirstByScan(name);
  }

 private:
  static constexpr size_t kLetterIndexSize = 128;
  static constexpr uint16_t kNone = 0xffff;
  static_assert(kMaxQueryParameters < kNone);

  struct Span {
    uint32_t offset;
    uint32_t length;
  };
  struct Entry {
    Span name;
    Span value;
  };

  std::string_view Slice(Span span) const {
    return std::string_view(bytes_.data() + span.offset, span.length);
  }
  bool DecodePart(std::string_view part);
  std::optional<std::string_view> FirstByScan(std::string_view name) const;
  void Clear();

  std::string bytes_;
  std::vector<Entry> entries_;
  std::array<uint16_t, kLetterIndexSize> first_by_letter_;
};

}  // namespace divolte::event
