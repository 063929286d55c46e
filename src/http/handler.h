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

  // Routes that take a body: called with the head, before the body is read and before any
  // `100 Continue`, so that a request that is refused anyway is refused without its body
  // (protocol.md §8.3 checks 1-4). Returns true to go on; false after answering `response`.
  virtual bool AcceptsHead(const Request& request, Response& response) {
    (void)request;
    (void)response;
    return true;
  }

  // Routes that take a body: the connection answered 413 itself because the declared or
  // received body exceeds the route's limit (protocol.md §8.3 check 3), so that the handler can
  // count the refusal.
  virtual void OnBodyTooLarge() {}
};

}  // namespace divolte::http
