#include "sources/browser/event_handler.h"

#include <algorithm>

#include "base/clock.h"
#include "event/affinity.h"
#include "event/identifier.h"
#include "http/entity_tag.h"

namespace divolte::sources {
namespace {

// The transparent 1x1 GIF89a of protocol.md §5.4.
constexpr char kGif[] =
    "\x47\x49\x46\x38\x39\x61\x01\x00\x01\x00\x00\x00\x00\x21\xf9\x04"
    "\x01\x0a\x00\x01\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02"
    "\x02\x4c\x01\x00\x3b";
constexpr std::string_view kGifBytes(kGif, sizeof kGif - 1);
static_assert(kGifBytes.size() == 37);

constexpr std::string_view kSentinelTag = "6b3edc43-20ec-4078-bc47-e965dd76b88a";
constexpr int64_t kMaxCookieAge = 2147483647;

int64_t WholeSeconds(std::chrono::nanoseconds duration) {
  return std::min<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(duration).count(),
                           kMaxCookieAge);
}

std::string CookieAttributes(const config::BrowserSourceConfig& config) {
  std::string attributes;
  if (config.cookie_domain) attributes += "; Domain=" + *config.cookie_domain;
  if (config.cookie_same_site) {
    switch (*config.cookie_same_site) {
      case config::SameSite::kLax:
        attributes += "; SameSite=Lax";
        break;
      case config::SameSite::kStrict:
        attributes += "; SameSite=Strict";
        break;
      case config::SameSite::kNone:
        attributes += "; SameSite=None";
        break;
    }
  }
  if (config.cookie_secure) attributes += "; Secure";
  return attributes;
}

// RFC 6265 cookie-octets: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E.
bool IsCookieValue(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x21 && byte <= 0x7e && byte != 0x22 && byte != 0x2c && byte != 0x3b &&
           byte != 0x5c;
  });
}

}  // namespace

BrowserEventHandler::BrowserEventHandler(uint32_t source_index,
                                         const config::BrowserSourceConfig& config,
                                         bool use_x_forwarded_for, event::EventHandoff& handoff,
                                         event::SourceStats& stats)
    : source_index_(source_index),
      server_side_cookies_(config.server_side_cookies),
      party_cookie_(config.party_cookie),
      session_cookie_(config.session_cookie),
      party_max_age_(WholeSeconds(config.party_timeout)),
      session_max_age_(WholeSeconds(config.session_timeout)),
      cookie_attributes_(CookieAttributes(config)),
      response_delay_(config.http_response_delay),
      handoff_(handoff),
      stats_(stats),
      snapshot_(use_x_forwarded_for, stats, "BrowserSource") {}

void BrowserEventHandler::Handle(const http::Request& request, http::Response& response) {
  response.DelayBy(response_delay_);
  if (http::IfNoneMatchMatches(request.headers, kSentinelTag)) {
    stats_.rejected_for(event::RejectReason::kNotModified).Increment();
    WriteGif(response, 304, nullptr);
    return;
  }
  auto event = std::make_unique<event::Event>();
  const event::QueryStatus query_status = event->query.Decode(request.query);
  if (query_status != event::QueryStatus::kOk) {
    stats_.rejected_for(event::RejectReason::kMalformedQuery).Increment();
    // Over the parameter limit is a protocol limit (protocol.md §1.1): answered and closed.
    if (query_status == event::QueryStatus::kTooManyParameters) response.Close();
    response.Empty(400);
    return;
  }
  const auto party = event->query.First("p");
  if (!party || !event::AppendNormalisedIdentifier(*party, &event->party_id)) {
    stats_.rejected_for(event::RejectReason::kInvalidPartyId).Increment();
    WriteGif(response, 200, event.get());
    return;
  }
  event->source_index = source_index_;
  event->kind = event::SourceKind::kBrowser;
  event->affinity = event::AffinityHash(event->party_id);
  snapshot_.Take(request, event.get());
  // Answer before the event moves to a mapper thread: the cookies read its parameters.
  WriteGif(response, 200, event.get());
  if (handoff_.Offer(std::move(event)) == event::OfferResult::kAccepted) {
    stats_.received.Increment();
  } else {
    stats_.dropped_for(event::DropReason::kQueueFull).Increment();
    uint64_t suppressed = 0;
    if (queue_full_log_limiter_.Allow(&suppressed)) {
      logger_.Warn("{}", base::WithSuppressed(
                             "Mapper queue full for source " + stats_.name + ". Dropping event.",
                             suppressed));
    }
  }
}

void BrowserEventHandler::WriteGif(http::Response& response, int status,
                                   const event::Event* cookie_source) const {
  response.Start(status);
  response.Header("Content-Type", "image/gif");
  response.Header("ETag", "\"6b3edc43-20ec-4078-bc47-e965dd76b88a\"");
  response.Header("Cache-Control", "private, no-cache, proxy-revalidate");
  response.Header("Pragma", "no-cache");
  response.Header("Expires", "Fri, 14 Apr 1995 11:30:00 GMT");
  if (status == 200 && server_side_cookies_ && cookie_source != nullptr) {
    AddCookies(*cookie_source, response);
  }
  response.Finish(status == 200 ? kGifBytes : std::string_view());
}

// protocol.md §5.5: session cookie first, each only for a valid identifier made of cookie-octets.
void BrowserEventHandler::AddCookies(const event::Event& event, http::Response& response) const {
  const int64_t arrival_ms = event.arrival_ms != 0 ? event.arrival_ms : base::WallMillis();
  const auto session = event.query.First("s");
  if (session && event::IsValidIdentifier(*session) && IsCookieValue(*session)) {
    response.Header("Set-Cookie",
                    CookieHeader(session_cookie_, *session, session_max_age_, arrival_ms));
  }
  const auto party = event.query.First("p");
  if (party && event::IsValidIdentifier(*party) && IsCookieValue(*party)) {
    response.Header("Set-Cookie", CookieHeader(party_cookie_, *party, party_max_age_, arrival_ms));
  }
}

std::string BrowserEventHandler::CookieHeader(const std::string& name, std::string_view value,
                                              int64_t max_age_seconds, int64_t arrival_ms) const {
  std::string header = name;
  header += '=';
  header += value;
  header += "; Path=/; Max-Age=";
  header += std::to_string(max_age_seconds);
  header += "; Expires=";
  header += base::FormatImfFixdate(arrival_ms / 1000 + max_age_seconds);
  header += cookie_attributes_;
  return header;
}

}  // namespace divolte::sources
