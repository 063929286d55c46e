#include "sources/test_page/test_page_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace divolte::sources {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string Handle(TestPageHandler& handler, http::Verb method,
                   std::vector<http::HeaderField> headers = {}) {
  http::Request request;
  request.method = method;
  request.path = "/";
  request.headers = headers;
  std::string out;
  http::Response response(&out, 11, true, method == http::Verb::head);
  handler.Handle(request, response);
  return out;
}

TEST(TestPageHandlerTest, PageLoadsTheTagAndSignalsFromAButton) {
  const std::string html = TestPageHtml("/t/divolte.js");
  EXPECT_THAT(html, HasSubstr("<title>Divolte</title>"));
  EXPECT_THAT(html, HasSubstr("<h1>"));
  EXPECT_THAT(html, HasSubstr("<script src=\"/t/divolte.js\" async defer></script>"));
  EXPECT_THAT(html, HasSubstr("<button id=\"signal\""));
  EXPECT_THAT(html, HasSubstr("divolte.signal('bannerClick', {text: this.textContent})"));
  EXPECT_THAT(html, Not(HasSubstr("http")));  // no external resources
  EXPECT_THAT(TestPageHtml("/a&\"<'>/x.js"),
              HasSubstr("<script src=\"/a&amp;&quot;&lt;&#39;&gt;/x.js\" async defer>"));
}

TEST(TestPageHandlerTest, ServesThePageWithItsEntityTag) {
  TestPageHandler handler("/divolte.js");
  const tag::ResourceVariant& page = handler.page().plain();
  EXPECT_EQ(handler.page().gzip(), nullptr);
  const std::string response = Handle(handler, http::Verb::get);
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(response, HasSubstr("\r\nContent-Type: text/html; charset=utf-8\r\n"
                                  "Cache-Control: no-cache\r\nETag: " +
                                  page.etag + "\r\nContent-Length: " +
                                  std::to_string(page.body.size()) + "\r\n"));
  EXPECT_THAT(response, EndsWith("\r\n\r\n" + page.body));
  EXPECT_THAT(Handle(handler, http::Verb::head), EndsWith("\r\n\r\n"));
}

TEST(TestPageHandlerTest, AnswersNotModified) {
  TestPageHandler handler("/divolte.js");
  const std::string etag = handler.page().plain().etag;
  const std::string response =
      Handle(handler, http::Verb::get, {{http::Field::if_none_match, "If-None-Match", etag}});
  EXPECT_EQ(response.substr(0, response.find("\r\n")), "HTTP/1.1 304 Not Modified");
  EXPECT_THAT(response, EndsWith("\r\nCache-Control: no-cache\r\nETag: " + etag + "\r\n\r\n"));
}

}  // namespace
}  // namespace divolte::sources
