#pragma once

// TagHandler: the browser tag `GET <prefix><javascript.name>` (protocol.md §11). Serves the tag
// rendered at start-up, gzip-compressed when the request accepts it and a gzip variant exists,
// with 304 for a matching If-None-Match. Only GET is routed here (the router answers 405).
// Immutable after construction; thread-safe.

#include "http/handler.h"
#include "tag/static_resource.h"

namespace divolte::sources {

class TagHandler final : public http::Handler {
 public:
  explicit TagHandler(tag::StaticResource script) : script_(std::move(script)) {}

  void Handle(const http::Request& request, http::Response& response) override;

  const tag::StaticResource& script() const { return script_; }

 private:
  const tag::StaticResource script_;
};

}  // namespace divolte::sources
