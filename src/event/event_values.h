#pragma once

// EventValues: one event as the mapping functions see it (mapping.md §7.1), the same shape for
// browser and JSON events. Computed on the mapper thread that owns the Event; every view points
// into that Event, so values live as long as it and may be copied freely.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event/event.h"
#include "event/json_value.h"
#include "event/source_stats.h"

namespace divolte::event {

struct EventValues {
  // The request the event came with: its headers serve header(), cookie() (mapping.md §7.1).
  const Event* request = nullptr;
  bool corrupt = false;
  bool duplicate = false;  // set by the duplicate memory before mapping
  bool first_in_session = false;
  bool new_party = false;
  int64_t timestamp = 0;  // arrival time, ms
  int64_t client_timestamp = 0;
  std::string_view remote_host;
  std::string_view party_id;    // normalised
  std::string_view session_id;  // normalised
  std::string_view event_id;
  std::optional<std::string_view> page_view_id;
  std::optional<std::string_view> event_type;
  std::optional<std::string_view> location;
  std::optional<std::string_view> referer;
  std::optional<std::string_view> user_agent;
  std::optional<int32_t> viewport_width;
  std::optional<int32_t> viewport_height;
  std::optional<int32_t> screen_width;
  std::optional<int32_t> screen_height;
  std::optional<int32_t> device_pixel_ratio;
  std::optional<std::string_view> mincode_parameters;  // raw `u`, decoded on demand
  // Parameters already decoded, used by JSON events and the mapping test tool (mapping.md §16);
  // when set, DecodeEventParameters and the mappings use it instead of mincode_parameters.
  const JsonValue* json_parameters = nullptr;
};

// Parses and validates the parameters of a browser event that the HTTP thread did not look at
// (protocol.md §5.7) and verifies its checksum. Stores the normalised session id in the event.
// Returns the reason when the event must be dropped; `values` is then incomplete.
std::optional<DropReason> ParseBrowserEvent(Event& event, EventValues* values);

// The values of a JSON event (protocol.md §8, mapping.md §7.1): never corrupt; location, referer,
// page view id and the pixel sizes are absent.
void ReadJsonEvent(const Event& event, EventValues* values);

// The custom event parameters (`u`, mincode, protocol.md §7) decoded into JSON: absent when `u`
// is missing, empty or undecodable. Decoded on demand, so events whose mappings never read their
// parameters never pay for it. A copy of `json_parameters` when that is set.
std::optional<JsonValue> DecodeEventParameters(const EventValues& values);

}  // namespace divolte::event
