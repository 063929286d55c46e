#pragma once

// Handler: the runtime object behind a route. Called on an I/O thread, possibly on several I/O
// threads at once, so implementations are thread-safe (they hold immutable configuration and
// hand events to thread-safe queues). A handler must answer every request it is given, quickly
// and without blocking.

#include "http/request.h"
#include "http/response.h"

namespace divolte::http {

class Handler {
 public:
  virtual ~Handler() = default;

  // Answers `request` through `response` (Start ... Finish exactly once).
  virtual void Handle(const Request& request, Response& response) = 0;
};

}  // namespace divolte::http
