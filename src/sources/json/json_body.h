#pragma once

// The HTTP-free part of the JSON source (protocol.md §8): the Content-Type check and the parsing
// and validation of an event body into a JsonEventBody, with simdjson's on-demand API.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/json_value.h"

namespace divolte::sources {

// Nesting bound of the values of top-level properties (`parameters` and ignored ones alike): a
// value may nest at most this many arrays/objects, the value itself included. Deeper bodies are
// "not valid JSON" (Divolte's Jackson had no bound; this keeps hostile input off the stack).
inline constexpr int kMaxJsonBodyDepth = 64;

// The validated body of one JSON event (protocol.md §8.2).
using JsonEventBody = event::JsonEventFields;

// Parses event bodies. Owns a simdjson parser and a padded copy of the body, both reused across
// calls; not thread-safe: one per thread.
class JsonBodyParser {
 public:
  JsonBodyParser();
  ~JsonBodyParser();
  JsonBodyParser(const JsonBodyParser&) = delete;
  JsonBodyParser& operator=(const JsonBodyParser&) = delete;

  // Checks 6 and 8-13 of protocol.md §8.3, in that order; check 7 (the party id) lies between 6
  // and 8, so a handler tests `body.empty()` itself before it. On failure the status message is
  // the exact one-line text of the 400 response, e.g. "Request body is empty.",
  // "Missing required property: event_id.", "Invalid value for property: is_new_party.",
  // "Invalid session identifier.".
  //
  // Accepted forms beyond §8.2's table: required strings and event_type take a JSON string, or a
  // number (its source text, `1.50` stays `1.50`) or boolean (`true`/`false`); booleans take
  // true/false, the exact strings "true"/"false", integers (0 false, else true; fractions are
  // invalid) and null (false). Before check 11 the whole body is validated, ignored properties
  // included. Strings with an unpaired UTF-16 surrogate escape (`"\ud800"`) are not valid JSON.
  // In `parameters`, integers outside int64 are JsonValue::BigInteger, other numbers doubles
  // (±infinity beyond the double range).
  base::Result<JsonEventBody> Parse(std::string_view body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace divolte::sources
