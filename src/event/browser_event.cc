#include "event/base36.h"
#include "event/checksum.h"
#include "event/event_values.h"
#include "event/identifier.h"
#include "event/mincode.h"

namespace divolte::event {
namespace {

// Fields shared by every source.
void SetCommonValues(const Event& event, EventValues* values) {
  values->timestamp = event.arrival_ms;
  values->remote_host = event.remote_host;
  values->party_id = event.party_id;
  values->user_agent = event.user_agent();
  values->request = &event;
}

std::optional<int32_t> OptionalInt32(const QueryParams& query, char name) {
  const auto text = query.First(std::string_view(&name, 1));
  return text ? ParseBase36Int32(*text) : std::nullopt;
}

}  // namespace

std::optional<DropReason> ParseBrowserEvent(Event& event, EventValues* values) {
  const QueryParams& query = event.query;
  SetCommonValues(event, values);

  const auto session = query.First("s");
  event.session_id.clear();
  if (!session || !AppendNormalisedIdentifier(*session, &event.session_id)) {
    return DropReason::kInvalidSessionId;
  }
  values->session_id = event.session_id;
  values->page_view_id = query.First("v");
  if (!values->page_view_id) return DropReason::kMissingPageViewId;
  const auto event_id = query.First("e");
  if (!event_id) return DropReason::kMissingEventId;
  values->event_id = *event_id;
  const auto client_time = query.First("c");
  const auto client_ms = client_time ? ParseBase36Int64(*client_time) : std::nullopt;
  if (!client_ms) return DropReason::kInvalidClientTimestamp;
  values->client_timestamp = *client_ms;
  const auto new_party = query.First("n");
  if (!new_party) return DropReason::kMissingNewPartyFlag;
  values->new_party = *new_party == "t";
  const auto first = query.First("f");
  if (!first) return DropReason::kMissingFirstInSessionFlag;
  values->first_in_session = *first == "t";

  values->location = query.First("l");
  values->referer = query.First("r");
  values->screen_width = OptionalInt32(query, 'i');
  values->screen_height = OptionalInt32(query, 'j');
  const auto ratio = query.First("k");
  values->device_pixel_ratio = ratio ? ParsePixelRatio(*ratio) : std::nullopt;
  values->viewport_width = OptionalInt32(query, 'w');
  values->viewport_height = OptionalInt32(query, 'h');
  values->event_type = query.First("t");
  const auto parameters = query.First("u");
  values->mincode_parameters =
      parameters && !parameters->empty() ? parameters : std::optional<std::string_view>();
  values->corrupt = !IsChecksumValid(query);
  return std::nullopt;
}

void ReadJsonEvent(const Event& event, EventValues* values) {
  SetCommonValues(event, values);
  const JsonEventFields& json = event.json;
  values->session_id = json.session_id;
  values->event_id = json.event_id;
  values->first_in_session = json.is_new_session;
  values->new_party = json.is_new_party;
  values->client_timestamp = json.client_timestamp_ms;
  if (json.event_type) values->event_type = *json.event_type;
  if (json.parameters) values->json_parameters = &*json.parameters;
}

std::optional<JsonValue> DecodeEventParameters(const EventValues& values) {
  if (values.json_parameters != nullptr) return *values.json_parameters;
  if (!values.mincode_parameters) return std::nullopt;
  return DecodeMincode(*values.mincode_parameters);
}

}  // namespace divolte::event
