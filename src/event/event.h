#pragma once

// Event: the snapshot of one accepted event request (protocol.md §5.3, §8.5), taken on the HTTP
// thread and then owned by exactly one mapper thread. Everything the mappings may read later is
// copied here once: decoded query parameters, every request header in order, the peer address
// (after X-Forwarded-For) and the arrival time. Parsing of the remaining parameters happens on
// the mapper thread (ParseBrowserEvent, event_values.h). Header values are stored as UTF-8:
// bytes above 0x7F are read as ISO-8859-1 characters, as Divolte's HTTP server reads them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/json_value.h"
#include "event/query.h"

namespace divolte::event {

enum class SourceKind : uint8_t { kBrowser, kJson };

// The validated body of a JSON event (protocol.md §8.2), parsed on the HTTP thread.
struct JsonEventFields {
  std::string session_id;  // normalised
  std::string event_id;
  bool is_new_party = false;
  bool is_new_session = false;
  int64_t client_timestamp_ms = 0;
  std::optional<std::string> event_type;  // absent when missing or null
  std::optional<JsonValue> parameters;    // absent when missing or null
};

class Event {
 public:
  struct HeaderLine {
    uint32_t name_offset;
    uint32_t name_size;
    uint32_t value_offset;
    uint32_t value_size;
  };

  uint32_t source_index = 0;  // the source, in configuration order
  SourceKind kind = SourceKind::kBrowser;
  int64_t arrival_ms = 0;  // ms since the epoch
  // The same moment on the steady clock (when the request head was complete), for the
  // processing-latency histogram.
  std::chrono::steady_clock::time_point arrival_steady;
  uint32_t affinity = 0;    // operations.md §1.3
  std::string party_id;     // normalised
  std::string session_id;   // normalised; filled in on the mapper thread
  std::string remote_host;  // rendered as remoteHost() renders it (protocol.md §13)
  QueryParams query;        // decoded query parameters (browser events)
  JsonEventFields json;     // the body (JSON events)

  void AddHeader(std::string_view name, std::string_view value) {
    const auto name_offset = static_cast<uint32_t>(header_bytes_.size());
    header_bytes_.append(name);
    const auto value_offset = static_cast<uint32_t>(header_bytes_.size());
    AppendLatin1AsUtf8(value);
    headers_.push_back({name_offset, static_cast<uint32_t>(name.size()), value_offset,
                        static_cast<uint32_t>(header_bytes_.size() - value_offset)});
  }
  void ReserveHeaders(size_t lines, size_t bytes) {
    headers_.reserve(lines);
    header_bytes_.reserve(bytes);
  }
  // Marks the header line that is the first `User-Agent` line (found by token on the HTTP thread).
  void SetUserAgentLine(size_t line) { user_agent_line_ = static_cast<int32_t>(line); }

  size_t header_count() const { return headers_.size(); }
  std::string_view header_name(size_t i) const {
    return std::string_view(header_bytes_).substr(headers_[i].name_offset, headers_[i].name_size);
  }
  std::string_view header_value(size_t i) const {
    return std::string_view(header_bytes_).substr(headers_[i].value_offset, headers_[i].value_size);
  }
  // The first User-Agent header line verbatim, if any (userAgentString()).
  std::optional<std::string_view> user_agent() const {
    if (user_agent_line_ < 0) return std::nullopt;
    return header_value(static_cast<size_t>(user_agent_line_));
  }

 private:
  void AppendLatin1AsUtf8(std::string_view bytes) {
    bool ascii = true;
    for (const char c : bytes) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) {  // the usual case: one copy
      header_bytes_.append(bytes);
      return;
    }
    for (const char c : bytes) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x80) {
        header_bytes_.push_back(c);
      } else {
        header_bytes_.push_back(static_cast<char>(0xc0 | (byte >> 6)));
        header_bytes_.push_back(static_cast<char>(0x80 | (byte & 0x3f)));
      }
    }
  }

  std::string header_bytes_;
  std::vector<HeaderLine> headers_;
  int32_t user_agent_line_ = -1;
};

}  // namespace divolte::event
