#pragma once

// RequestSnapshot: what every event source copies from the request on the I/O thread
// (protocol.md §5.3, §8.5): the arrival time, the peer address after X-Forwarded-For processing,
// and every header line in order (the first User-Agent line marked). Immutable after
// construction apart from its counters and log limiter; thread-safe.

#include <string>

#include "base/log.h"
#include "event/event.h"
#include "event/source_stats.h"
#include "http/request.h"

namespace divolte::sources {

class RequestSnapshot {
 public:
  // `stats` must outlive the snapshot; it counts ignored X-Forwarded-For values.
  RequestSnapshot(bool use_x_forwarded_for, event::SourceStats& stats, std::string_view component);

  // Fills the arrival time, remote host and headers of `event`.
  void Take(const http::Request& request, event::Event* event);

 private:
  std::string RemoteHost(const http::Request& request);

  const bool use_x_forwarded_for_;
  event::SourceStats& stats_;
  base::Logger logger_;
  base::RateLimiter forwarded_for_log_limiter_;
};

}  // namespace divolte::sources
