// The query string of a browser event (protocol.md §3) and everything a mapper thread parses out
// of it: identifiers, base-36 numbers, the checksum (§6) and the mincode parameters (§7).
// Input: the raw query, as after the '?'.
//
// Invariants: decoded names and values are valid UTF-8; First() finds the first value of a
// name; re-encoding every decoded pair decodes to the same pairs; the checksum's canonical
// string equals one built independently here (UTF-16 sort of std::u16string names); a query
// with the right `x` appended is valid.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/check.h"
#include "event/base36.h"
#include "event/checksum.h"
#include "event/event.h"
#include "event/event_values.h"
#include "event/identifier.h"
#include "event/query.h"
#include "event/utf8.h"

namespace {

using divolte::event::QueryParams;
using divolte::event::QueryStatus;

std::string PercentEncodeAll(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

// REQUIRES: valid UTF-8 (the decoder's output).
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (int k = 1; k < length; ++k) code = (code << 6) | (utf8[i + k] & 0x3f);
    if (code >= 0x10000) {
      out += static_cast<char16_t>(0xd800 + ((code - 0x10000) >> 10));
      out += static_cast<char16_t>(0xdc00 + ((code - 0x10000) & 0x3ff));
    } else {
      out += static_cast<char16_t>(code);
    }
    i += static_cast<size_t>(length);
  }
  return out;
}

// protocol.md §6, written as plainly as possible.
std::string ReferenceCanonicalString(const QueryParams& query) {
  std::map<std::u16string, std::pair<std::string, std::vector<std::string_view>>> groups;
  for (size_t i = 0; i < query.size(); ++i) {
    if (query.name(i) == "x") continue;
    auto& group = groups[ToUtf16(query.name(i))];
    group.first = query.name(i);
    group.second.push_back(query.value(i));
  }
  std::string out;
  for (const auto& [key, group] : groups) {
    out += group.first + "=";
    for (const std::string_view value : group.second) out += std::string(value) + ",";
    out += ";";
  }
  return out;
}

std::string Reencode(const QueryParams& query, bool skip_x) {
  std::string out;
  for (size_t i = 0; i < query.size(); ++i) {
    if (skip_x && query.name(i) == "x") continue;
    if (!out.empty()) out += '&';
    out += PercentEncodeAll(query.name(i)) + "=" + PercentEncodeAll(query.value(i));
  }
  return out;
}

void CheckSamePairs(const QueryParams& a, const QueryParams& b) {
  CHECK(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a.name(i) == b.name(i));
    CHECK(a.value(i) == b.value(i));
  }
}

void CheckDecoded(const QueryParams& query) {
  CHECK(query.size() <= divolte::event::kMaxQueryParameters);
  std::map<std::string_view, size_t> first;
  for (size_t i = 0; i < query.size(); ++i) {
    CHECK(divolte::event::IsValidUtf8(query.name(i)));
    CHECK(divolte::event::IsValidUtf8(query.value(i)));
    first.emplace(query.name(i), i);
    const auto found = query.First(query.name(i));
    CHECK(found.has_value() && *found == query.value(first[query.name(i)]));
  }
  QueryParams again;
  CHECK(again.Decode(Reencode(query, false)) == QueryStatus::kOk);
  CheckSamePairs(query, again);
}

void CheckChecksum(const QueryParams& query) {
  std::string canonical;
  divolte::event::AppendChecksumCanonicalString(query, &canonical);
  CHECK(canonical == ReferenceCanonicalString(query));
  const int32_t checksum = divolte::event::EventChecksum(query);
  (void)divolte::event::IsChecksumValid(query);
  std::string with_x = Reencode(query, true);
  if (!with_x.empty()) with_x += '&';
  with_x += "x=" + divolte::event::FormatBase36(checksum);
  QueryParams signed_query;
  if (signed_query.Decode(with_x) == QueryStatus::kOk) {
    CHECK(divolte::event::IsChecksumValid(signed_query));
  }
}

// What the browser handler and then the mapper thread do with the decoded query.
void ParseEvent(const QueryParams& query) {
  divolte::event::Event event;
  event.query = query;
  const auto party = query.First("p");
  if (!party || !divolte::event::AppendNormalisedIdentifier(*party, &event.party_id)) return;
  event.AddHeader("User-Agent", "fuzz");
  event.SetUserAgentLine(0);
  divolte::event::EventValues values;
  if (divolte::event::ParseBrowserEvent(event, &values)) return;  // dropped
  CHECK(divolte::event::IsValidIdentifier(values.session_id));
  CHECK(divolte::event::NormaliseIdentifier(values.session_id) == values.session_id);
  // Mincode splits only at ASCII characters, so the strings of a valid UTF-8 `u` stay valid.
  if (const auto parameters = divolte::event::DecodeEventParameters(values)) {
    CHECK(divolte::event::IsValidUtf8(parameters->ToJson()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  QueryParams query;
  if (query.Decode(raw) != QueryStatus::kOk) {
    CHECK(query.empty());
    return 0;
  }
  CheckDecoded(query);
  CheckChecksum(query);
  ParseEvent(query);
  return 0;
}
