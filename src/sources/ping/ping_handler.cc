#include "sources/ping/ping_handler.h"

namespace divolte::sources {

void PingHandler::Handle(const http::Request&, http::Response& response) {
  if (shutting_down_.load(std::memory_order_relaxed)) {
    response.Text(503, "No p*ng for you, shutting down");
  } else {
    response.Text(200, "pong");
  }
}

}  // namespace divolte::sources
