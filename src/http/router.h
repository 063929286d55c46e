#pragma once

// Router: the exact-path route table of protocol.md §1.3, built once at start-up and read-only
// afterwards (thread-safe). Lookups compare lengths first; there are only a handful of routes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/handler.h"
#include "http/request.h"
#include "http/route_stats.h"

namespace divolte::http {

struct Route {
  std::string path;             // canonical, exact
  std::string owner;            // named in errors: a source name, "/ping", "/metrics"
  std::vector<Verb> methods;    // empty: any method
  std::string allow;            // the Allow header of 405 answers, e.g. "GET, HEAD"
  Handler* handler = nullptr;   // not owned; outlives the server
  RouteStats* stats = nullptr;  // not owned
  size_t max_body_bytes = 0;    // 0: the body is read and discarded; else larger bodies get 413
};

class Router {
 public:
  // Fails when another route already owns the path, naming both owners.
  base::Status Add(Route route);

  // The route of every path that no exact route owns (a catch-all, e.g. the mapping test tool,
  // mapping.md §16). Without one, such paths have no route (404).
  void SetFallback(Route route) { fallback_ = std::move(route); }

  // The route of a canonical path, else the fallback route, else nullptr.
  const Route* Find(std::string_view path) const;

  // Methods are case-sensitive: Beast maps only exact spellings to verbs.
  static bool Allows(const Route& route, Verb method);

 private:
  const Route* FindExact(std::string_view path) const;

  std::vector<Route> routes_;
  std::optional<Route> fallback_;
};

}  // namespace divolte::http
