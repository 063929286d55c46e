#pragma once

// The event of one request to the mapping test tool (mapping.md §16): the POSTed JSON object
// supplies the event's values, the request itself its headers (header(), cookie(),
// userAgentString()) and, unless the body names an IP literal, remoteHost(). Missing keys get
// generated identifiers, "now" and false. A MappingTestEvent owns everything its EventValues
// point at, so it is neither copied nor moved; it lives for one request on one I/O thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "event/event.h"
#include "event/event_values.h"
#include "event/json_value.h"
#include "http/request.h"

namespace divolte::server {

// The request body may nest objects and arrays this deep: the object itself, then parameters as
// deep as the tag's (kMaxMincodeDepth). Deeper bodies are refused while they are parsed.
inline constexpr int kMaxTestBodyDepth = 65;

// The body as a JSON object. Integers beyond 64 bits keep their exact text; duplicate members are
// kept (JsonValue::Find takes the last). Fails with a short reason for text that is not JSON (the
// parser's message, with the position) or nests more deeply than kMaxTestBodyDepth, and for JSON
// that is not an object.
base::Result<event::JsonValue> ParseTestBody(std::string_view body);

// What the event takes from the HTTP request besides its body.
struct TestRequestContext {
  std::span<const http::HeaderField> headers;  // in request order
  std::string peer_host;                       // the TCP peer, as remoteHost() renders it
  int64_t now_ms = 0;                          // arrival time
};

class MappingTestEvent {
 public:
  // Builds the event of `body` (REQUIRES: an object). Fails with a short reason naming the key
  // when a known key has a value of the wrong type or an invalid party or session identifier.
  // Unknown keys are ignored; a JSON null counts as a missing key.
  static base::Result<std::unique_ptr<MappingTestEvent>> Build(const event::JsonValue& body,
                                                               const TestRequestContext& context);

  MappingTestEvent(const MappingTestEvent&) = delete;
  MappingTestEvent& operator=(const MappingTestEvent&) = delete;

  const event::EventValues& values() const { return values_; }

 private:
  class BodyReader;

  MappingTestEvent() = default;
  void ReadIdentifiers(BodyReader& reader, int64_t now_ms);
  void ReadPageValues(BodyReader& reader);
  void ReadFlags(BodyReader& reader);
  void CopyRequest(const TestRequestContext& context,
                   const std::optional<std::string>& remote_host);
  void LinkValues(int64_t now_ms);

  event::Event event_;  // headers, party and session ids, remote host, arrival time
  std::string event_id_;
  std::string page_view_id_;
  std::optional<std::string> location_;
  std::optional<std::string> referer_;
  std::optional<std::string> event_type_;
  std::optional<event::JsonValue> parameters_;
  event::EventValues values_;
};

// A new party or session identifier (protocol.md §4.1): "0:" + the base-36 time + ":" + 32
// random characters of [A-Za-z0-9~_], as the tag generates them (tag.md §4). Thread-safe.
std::string GenerateIdentifier(int64_t now_ms);

}  // namespace divolte::server
