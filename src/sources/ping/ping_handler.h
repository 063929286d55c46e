#pragma once

// PingHandler: `/ping` (protocol.md §9), any method: 200 `pong`, or 503 once a termination
// signal was received. Thread-safe.

#include <atomic>

#include "http/handler.h"

namespace divolte::sources {

class PingHandler final : public http::Handler {
 public:
  // `shutting_down` must outlive the handler.
  explicit PingHandler(const std::atomic<bool>& shutting_down) : shutting_down_(shutting_down) {}

  void Handle(const http::Request& request, http::Response& response) override;

 private:
  const std::atomic<bool>& shutting_down_;
};

}  // namespace divolte::sources
