#pragma once

// TestPageHandler: the static test page of protocol.md §12 at `/` and `/index.html` (GET and
// HEAD; the router answers 405 otherwise). A small HTML page that loads the tag of the first
// browser source and signals `bannerClick` from a button; no external resources. Built once at
// start-up; immutable afterwards; thread-safe.

#include <string>
#include <string_view>

#include "http/handler.h"
#include "tag/static_resource.h"

namespace divolte::sources {

class TestPageHandler final : public http::Handler {
 public:
  // `script_src`: where the page loads the tag from, `<prefix><javascript.name>`.
  explicit TestPageHandler(std::string_view script_src);

  void Handle(const http::Request& request, http::Response& response) override;

  const tag::StaticResource& page() const { return page_; }

 private:
  const tag::StaticResource page_;
};

// The page's HTML, loading the tag from `script_src` (HTML-escaped).
std::string TestPageHtml(std::string_view script_src);

}  // namespace divolte::sources
