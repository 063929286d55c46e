#pragma once

// RouteStats: responses sent per status code for one route label and source, and how long they
// took: the data behind divolte_http_requests_total{route,source,status} and
// divolte_http_request_duration_seconds{route} (operations.md §5). Resolved at start-up and
// updated on I/O threads without contention. Thread-safe.

#include <array>
#include <cstdint>
#include <string>

#include "base/counter.h"
#include "base/histogram.h"

namespace divolte::http {

class RouteStats {
 public:
  RouteStats(std::string route, std::string source)
      : route_(std::move(route)), source_(std::move(source)) {}

  void Count(int status) { counts_[SlotOf(status)].Increment(); }

  // Seconds from a complete request head to its response written to the socket
  // (divolte_http_request_duration_seconds, labelled by route only: the sources are summed).
  base::Histogram& duration() { return duration_; }
  const base::Histogram& duration() const { return duration_; }

  const std::string& route() const { return route_; }
  const std::string& source() const { return source_; }

  // Calls visit(status, count) for every status counted at least once.
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (size_t slot = 0; slot < kStatuses.size(); ++slot) {
      const uint64_t count = counts_[slot].Value();
      if (count > 0) visit(kStatuses[slot], count);
    }
  }

 private:
  // Every status the collector sends; anything else is counted as 500 (it never happens).
  static constexpr std::array<int, 14> kStatuses = {100, 200, 204, 304, 400, 404, 405,
                                                    408, 413, 414, 415, 431, 500, 503};
  static size_t SlotOf(int status) {
    size_t internal_error = 0;
    for (size_t slot = 0; slot < kStatuses.size(); ++slot) {
      if (kStatuses[slot] == status) return slot;
      if (kStatuses[slot] == 500) internal_error = slot;
    }
    return internal_error;
  }

  std::string route_;
  std::string source_;
  std::array<base::Counter, kStatuses.size()> counts_;
  base::Histogram duration_{base::Histogram::SecondsBounds()};
};

// Per-server statistics for requests that reach no route.
struct ServerStats {
  RouteStats invalid{"invalid", ""};      // rejected before routing (protocol.md §1.1 limits)
  RouteStats not_found{"not_found", ""};  // 404, and 503s during shutdown for unknown paths
};

}  // namespace divolte::http
