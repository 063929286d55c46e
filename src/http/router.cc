#include "http/router.h"

#include <fmt/format.h>

#include <algorithm>

namespace divolte::http {

base::Status Router::Add(Route route) {
  if (const Route* existing = FindExact(route.path)) {
    return base::Status::Error(fmt::format("Routes with the same path '{}': [{}, {}]", route.path,
                                           existing->owner, route.owner));
  }
  routes_.push_back(std::move(route));
  return {};
}

const Route* Router::FindExact(std::string_view path) const {
  for (const Route& route : routes_) {
    if (route.path.size() == path.size() && route.path == path) return &route;
  }
  return nullptr;
}

const Route* Router::Find(std::string_view path) const {
  if (const Route* route = FindExact(path)) return route;
  return fallback_ ? &*fallback_ : nullptr;
}

bool Router::Allows(const Route& route, Verb method) {
  if (route.methods.empty()) return true;
  if (method == Verb::unknown) return false;
  return std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end();
}

}  // namespace divolte::http
