#pragma once

// JsonEventHandler: the JSON event endpoint `POST <event_path>?<party_id_parameter>=<party id>`
// (protocol.md §8). Unlike a browser beacon, the client can retry, so it gets a true answer: the
// body is parsed and validated on the I/O thread before answering (deviation 3), 204 only when the
// event was queued, 400/413/415 with a one-line reason, and 503 with Retry-After when a queue it
// would enter is full (back-pressure, deviation 4). Thread-safe: one body parser per I/O thread.

#include <chrono>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "event/handoff.h"
#include "event/source_stats.h"
#include "http/handler.h"
#include "sources/request_snapshot.h"

namespace divolte::sources {

// The body limit applied: maximum_body_size rounded up to a multiple of 4096 (protocol.md §8.3).
size_t JsonBodyLimit(int32_t maximum_body_size);

class JsonEventHandler final : public http::Handler {
 public:
  // `handoff` and `stats` must outlive the handler.
  JsonEventHandler(uint32_t source_index, const config::JsonSourceConfig& config,
                   const config::ServerConfig& server, event::EventHandoff& handoff,
                   event::SourceStats& stats);

  // Check 2 of §8.3 (415) before the body is read.
  bool AcceptsHead(const http::Request& request, http::Response& response) override;
  void OnBodyTooLarge() override;
  void Handle(const http::Request& request, http::Response& response) override;

 private:
  void Reject(http::Response& response, event::RejectReason reason, std::string_view text);
  void Queue(std::unique_ptr<event::Event> event, http::Response& response);

  const uint32_t source_index_;
  const std::string party_id_parameter_;
  const bool reject_when_full_;
  const std::string retry_after_;  // whole seconds, at least 1
  event::EventHandoff& handoff_;
  event::SourceStats& stats_;
  RequestSnapshot snapshot_;
  base::Logger logger_{"JsonSource"};
  base::RateLimiter queue_full_log_limiter_;
};

}  // namespace divolte::sources
