#include "sources/json/json_event_handler.h"

#include <algorithm>

#include "event/affinity.h"
#include "event/identifier.h"
#include "sources/json/content_type.h"
#include "sources/json/json_body.h"

namespace divolte::sources {
namespace {

constexpr std::string_view kBadContentType = "Content type must be application/json.";
constexpr std::string_view kBadParty = "Missing or invalid party identifier.";
constexpr std::string_view kEmptyBody = "Request body is empty.";
constexpr std::string_view kQueueFull = "Event queue full; retry later.";

std::string RetryAfterSeconds(std::chrono::nanoseconds retry_after) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(retry_after).count();
  return std::to_string(std::max<int64_t>(seconds, 1));
}

void AnswerText(http::Response& response, int status, std::string_view text) {
  response.Start(status);
  response.Header("Content-Type", "text/plain; charset=utf-8");
  response.Finish(text);
}

// The first value of query parameter `name`, percent-decoded; nullopt if absent or malformed.
std::optional<std::string> QueryValue(std::string_view query, std::string_view name) {
  event::QueryParams params;
  if (params.Decode(query) != event::QueryStatus::kOk) return std::nullopt;
  const auto value = params.First(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

}  // namespace

size_t JsonBodyLimit(int32_t maximum_body_size) {
  const auto size = static_cast<size_t>(std::max(maximum_body_size, 1));
  return (size + 4095) / 4096 * 4096;
}

JsonEventHandler::JsonEventHandler(uint32_t source_index, const config::JsonSourceConfig& config,
                                   const config::ServerConfig& server, event::EventHandoff& handoff,
                                   event::SourceStats& stats)
    : source_index_(source_index),
      party_id_parameter_(config.party_id_parameter),
      reject_when_full_(server.backpressure_mode == config::BackpressureMode::kReject),
      retry_after_(RetryAfterSeconds(server.backpressure_retry_after)),
      handoff_(handoff),
      stats_(stats),
      snapshot_(server.use_x_forwarded_for, stats, "JsonSource") {}

// Check 3 of protocol.md §8.3, answered by the connection: counted here (operations.md §2).
void JsonEventHandler::OnBodyTooLarge() {
  stats_.rejected_for(event::RejectReason::kBodyTooLarge).Increment();
}

bool JsonEventHandler::AcceptsHead(const http::Request& request, http::Response& response) {
  std::vector<std::string_view> content_types;
  for (const http::HeaderField& header : request.headers) {
    if (header.field == http::Field::content_type) content_types.push_back(header.value);
  }
  if (IsJsonContentType(content_types)) return true;
  Reject(response, event::RejectReason::kBadContentType, kBadContentType);
  return false;
}

void JsonEventHandler::Handle(const http::Request& request, http::Response& response) {
  if (request.body.empty()) {
    Reject(response, event::RejectReason::kInvalidBody, kEmptyBody);
    return;
  }
  auto event = std::make_unique<event::Event>();
  const auto party = QueryValue(request.query, party_id_parameter_);
  if (!party || !event::AppendNormalisedIdentifier(*party, &event->party_id)) {
    Reject(response, event::RejectReason::kInvalidPartyId, kBadParty);
    return;
  }
  thread_local JsonBodyParser parser;
  auto body = parser.Parse(request.body);
  if (!body.ok()) {
    Reject(response, event::RejectReason::kInvalidBody, body.message());
    return;
  }
  event->json = std::move(body).value();
  event->session_id = event->json.session_id;
  event->source_index = source_index_;
  event->kind = event::SourceKind::kJson;
  event->affinity = event::AffinityHash(event->party_id);
  snapshot_.Take(request, event.get());
  Queue(std::move(event), response);
}

// Step 14 of §8.3: with back-pressure the event is admitted only if its queues have room.
void JsonEventHandler::Queue(std::unique_ptr<event::Event> event, http::Response& response) {
  const event::OfferResult result = reject_when_full_
                                        ? handoff_.OfferIfRoomDownstream(std::move(event))
                                        : handoff_.Offer(std::move(event));
  if (result == event::OfferResult::kAccepted) {
    stats_.received.Increment();
    response.Empty(204);
    return;
  }
  uint64_t suppressed = 0;
  if (queue_full_log_limiter_.Allow(&suppressed)) {
    logger_.Warn("{}", base::WithSuppressed(
                           "Event queue full for source " + stats_.name + "; " +
                               (reject_when_full_ ? "answering 503." : "dropping the event."),
                           suppressed));
  }
  if (!reject_when_full_) {
    stats_.dropped_for(event::DropReason::kQueueFull).Increment();
    response.Empty(204);
    return;
  }
  stats_.rejected_for(event::RejectReason::kBackpressure).Increment();
  response.Start(503);
  response.Header("Retry-After", retry_after_);
  response.Header("Content-Type", "text/plain; charset=utf-8");
  response.Finish(kQueueFull);
}

void JsonEventHandler::Reject(http::Response& response, event::RejectReason reason,
                              std::string_view text) {
  stats_.rejected_for(reason).Increment();
  AnswerText(response, reason == event::RejectReason::kBadContentType ? 415 : 400, text);
}

}  // namespace divolte::sources
