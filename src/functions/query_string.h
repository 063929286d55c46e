#pragma once

// QueryString: the query map of `uri.query()` (mapping.md §7.6), a multi-map from decoded names to
// the list of their decoded values. Names are listed in order of first occurrence, values in
// order. Parse reuses the instance's buffers, so a long-lived instance (one per mapper thread)
// parses without allocating once warm. Not thread-safe; read-only use from many threads is fine.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace divolte::functions {

// Longer queries are treated as empty: offsets are 32 bits, and the HTTP request-line limit is far
// lower, so only a programming error can reach it.
inline constexpr size_t kMaxQueryStringBytes = size_t{1} << 30;

class QueryString {
 public:
  // Replaces the contents with the parse of `raw` (the query as written, without '?'):
  // parts end at every '&' (an empty part still adds the entry "" => ""), except that the text
  // after the last '&' adds an entry only if it is not empty; the name ends at the first '=' (no
  // '=' means the value ""); names and values are form-decoded ('+' is a space, %HH a byte, bytes
  // as UTF-8 with U+FFFD for invalid sequences; a '%' without two hex digits stays as is).
  void Parse(std::string_view raw);

  // Distinct names, in order of first occurrence.
  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  // REQUIRES: k < size(); j < value_count(k).
  std::string_view name(size_t k) const { return Slice(entries_[order_[keys_[k].begin]].name); }
  size_t value_count(size_t k) const { return keys_[k].end - keys_[k].begin; }
  std::string_view value(size_t k, size_t j) const {
    return Slice(entries_[order_[keys_[k].begin + j]].value);
  }

  // The key index of `name`, or nullopt if it does not occur. O(log n).
  std::optional<size_t> Find(std::string_view name) const;
  // `.value(name)`: the first value of `name`; nullopt if it does not occur.
  std::optional<std::string_view> FirstValue(std::string_view name) const;

  // Map equality (§6): the same names, each with the same list of values; name order is ignored.
  friend bool operator==(const QueryString& a, const QueryString& b);

 private:
  struct Span {
    uint32_t offset;
    uint32_t length;
  };
  struct Entry {
    Span name;
    Span value;
  };
  // A distinct name: its entries are order_[begin, end), in query order.
  struct Key {
    uint32_t begin;
    uint32_t end;
  };

  std::string_view Slice(Span span) const { return {bytes_.data() + span.offset, span.length}; }
  void AddEntry(std::string_view part);
  Span AppendDecoded(std::string_view raw);
  void BuildKeys();
  // The position in order_ of the first entry named `name`.
  std::optional<uint32_t> FindRun(std::string_view name) const;

  std::string bytes_;             // decoded names and values
  std::vector<Entry> entries_;    // in query order
  std::vector<uint32_t> order_;   // entry indices sorted by (name, position)
  std::vector<Key> keys_;         // in order of first occurrence
  std::vector<uint32_t> key_at_;  // key_at_[keys_[k].begin] == k
};

}  // namespace divolte::functions
