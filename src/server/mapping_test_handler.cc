#include "server/mapping_test_handler.h"

#include "avro/datum_json.h"
#include "base/clock.h"
#include "event/ip_address.h"
#include "server/mapping_test_event.h"

namespace divolte::server {
namespace {

void AnswerJson(std::string_view json, http::Response& response) {
  response.Start(200);
  response.Header("Content-Type", "application/json");
  response.Finish(json);
}

}  // namespace

MappingTestHandler::MappingTestHandler(const avro::Schema& schema, const mapping::Mapping& mapping,
                                       const enrich::EnrichmentServices& enrichment)
    : schema_(schema), enrichment_(enrichment), mapper_(mapping.NewMapper(enrichment_.view())) {}

void MappingTestHandler::Handle(const http::Request& request, http::Response& response) {
  const base::Result<event::JsonValue> body = ParseTestBody(request.body);
  if (!body.ok()) return response.Text(400, body.message() + "\n");
  const TestRequestContext context{
      .headers = request.headers,
      .peer_host =
          event::IpAddress::FromSockaddr(request.peer != nullptr ? request.peer->get() : nullptr)
              .Render(),
      .now_ms = base::WallMillis()};
  const auto event = MappingTestEvent::Build(*body, context);
  if (!event.ok()) return response.Text(400, event.message() + "\n");
  MapAndAnswer((*event)->values(), response);
}

void MappingTestHandler::MapAndAnswer(const event::EventValues& values, http::Response& response) {
  std::lock_guard lock(mutex_);
  datum_.clear();
  switch (mapper_->Map(values, &datum_)) {
    case mapping::MapOutcome::kRecord: {
      std::string json;
      if (!avro::RenderDatumAsJson(schema_.root(), datum_, &json)) {
        return response.Text(500, "The mapping produced a record its schema cannot read.\n");
      }
      return AnswerJson(json, response);
    }
    case mapping::MapOutcome::kDropped:
      return AnswerJson("null", response);
    case mapping::MapOutcome::kMissingField:
      return response.Text(422, "The record cannot be built: field '" +
                                    std::string(mapper_->failure_detail()) +
                                    "' has no value and no default.\n");
    case mapping::MapOutcome::kInternalError:
      return response.Text(
          422, "The record cannot be built: " + std::string(mapper_->failure_detail()) + "\n");
  }
  response.Text(500, "Unknown mapping outcome.\n");
}

}  // namespace divolte::server
