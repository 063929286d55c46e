#include "sources/test_page/test_page_handler.h"

#include "http/entity_tag.h"

namespace divolte::sources {
namespace {

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Divolte</title>
<script src=")";

// Follows the HTML-escaped script src.
constexpr std::string_view kRest = R"(" async defer></script>
</head>
<body>
<h1>Divolte</h1>
<p>Loading this page signals a <code>pageView</code> event; each click on the button signals a
<code>bannerClick</code> event.</p>
<button id="signal" type="button">Signal a bannerClick event</button>
<script>
document.getElementById('signal').addEventListener('click', function () {
  divolte.signal('bannerClick', {text: this.textContent});
});
</script>
</body>
</html>
)";

std::string HtmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string TestPageHtml(std::string_view script_src) {
  return std::string(kHead) + HtmlEscape(script_src) + std::string(kRest);
}

TestPageHandler::TestPageHandler(std::string_view script_src)
    : page_(TestPageHtml(script_src), tag::StaticResource::Gzip::kNotOffered) {}

void TestPageHandler::Handle(const http::Request& request, http::Response& response) {
  const tag::ResourceVariant& page = page_.plain();
  const bool not_modified = http::IfNoneMatchMatches(request.headers, page.opaque_tag());
  response.Start(not_modified ? 304 : 200);
  if (!not_modified) response.Header("Content-Type", "text/html; charset=utf-8");
  response.Header("Cache-Control", "no-cache");
  response.Header("ETag", page.etag);
  // Response leaves the body out for HEAD.
  response.Finish(not_modified ? std::string_view() : std::string_view(page.body));
}

}  // namespace divolte::sources
