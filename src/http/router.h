#pragma once

// Router: the exact-path route table of protocol.md §1.3, built once at start-up and read-only
// afterwards (thread-safe). Lookups compare lengths first; there are only a handful of routes.

#include <cstddef>
#include <string>
#include <string_view>
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

  // The route of a canonical path, or nullptr.
  const Route* Find(std::string_view path) const;

  // Methods are case-sensitive: Beast maps only exact spellings to verbs.
  static bool Allows(const Route& route, Verb method);

 private:
  std::vector<Route> routes_;
};

}  // namespace divolte::http
