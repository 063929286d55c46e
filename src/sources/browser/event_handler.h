#pragma once

// BrowserEventHandler: the browser event endpoint `GET <prefix><event_suffix>` (protocol.md §5).
// On the I/O thread it does only what §5.3 allows: arrival time and snapshot, the sentinel ETag,
// the party id, the hand-off to the mapper queue; then it answers the 1x1 GIF. Everything else
// happens on a mapper thread. Immutable after construction; thread-safe.

#include <cstdint>
#include <string>

#include "base/log.h"
#include "config/config.h"
#include "event/handoff.h"
#include "event/source_stats.h"
#include "http/handler.h"
#include "sources/request_snapshot.h"

namespace divolte::sources {

class BrowserEventHandler final : public http::Handler {
 public:
  // `handoff` and `stats` must outlive the handler.
  BrowserEventHandler(uint32_t source_index, const config::BrowserSourceConfig& config,
                      bool use_x_forwarded_for, event::EventHandoff& handoff,
                      event::SourceStats& stats);

  void Handle(const http::Request& request, http::Response& response) override;

 private:
  std::unique_ptr<event::Event> Snapshot(const http::Request& request);
  // Writes the GIF response (protocol.md §5.4); for a 200 with server_side_cookies, also the
  // cookies of `cookie_source` (may be null).
  void WriteGif(http::Response& response, int status, const event::Event* cookie_source) const;
  void AddCookies(const event::Event& event, http::Response& response) const;
  std::string CookieHeader(const std::string& name, std::string_view value, int64_t max_age_seconds,
                           int64_t arrival_ms) const;

  const uint32_t source_index_;
  const bool server_side_cookies_;
  const std::string party_cookie_;
  const std::string session_cookie_;
  const int64_t party_max_age_;
  const int64_t session_max_age_;
  const std::string cookie_attributes_;  // "; Domain=...; SameSite=...; Secure" as configured
  const std::chrono::nanoseconds response_delay_;
  event::EventHandoff& handoff_;
  event::SourceStats& stats_;
  RequestSnapshot snapshot_;
  base::Logger logger_{"BrowserSource"};
  base::RateLimiter queue_full_log_limiter_;
};

}  // namespace divolte::sources
