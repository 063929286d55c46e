#include "sources/browser/tag_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace divolte::sources {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string Script() {
  std::string script;
  for (int i = 0; i < 100; ++i) script += "window.x" + std::to_string(i) + " = 'divolte';\n";
  return script;
}

class TagHandlerTest : public testing::Test {
 protected:
  // Runs the handler on a GET with `headers`; returns the raw response.
  std::string Get(TagHandler& handler, std::vector<http::HeaderField> headers = {}) {
    headers_ = std::move(headers);
    http::Request request;
    request.method = http::Verb::get;
    request.method_text = "GET";
    request.path = "/divolte.js";
    request.headers = headers_;
    std::string out;
    http::Response response(&out, 11, true);
    handler.Handle(request, response);
    return out;
  }

  TagHandler handler_{tag::StaticResource(Script(), tag::StaticResource::Gzip::kOfferedIfSmaller)};
  std::vector<http::HeaderField> headers_;
};

http::HeaderField AcceptEncoding(std::string_view value) {
  return {http::Field::accept_encoding, "Accept-Encoding", value};
}

http::HeaderField IfNoneMatch(std::string_view value) {
  return {http::Field::if_none_match, "If-None-Match", value};
}

TEST_F(TagHandlerTest, ServesThePlainScriptWithoutAcceptEncoding) {
  const std::string response = Get(handler_);
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(response,
              HasSubstr("\r\nContent-Type: application/javascript\r\n"
                        "Cache-Control: public, max-age=3600\r\n"
                        "ETag: " +
                        handler_.script().plain().etag + "\r\nVary: Accept-Encoding\r\n"));
  EXPECT_THAT(response, Not(HasSubstr("Content-Encoding")));
  EXPECT_THAT(response, HasSubstr("\r\n\r\n" + Script()));
}

TEST_F(TagHandlerTest, ServesTheGzipVariantWhenAccepted) {
  ASSERT_NE(handler_.script().gzip(), nullptr);
  const std::string response = Get(handler_, {AcceptEncoding("br, gzip;q=0.5")});
  EXPECT_THAT(response, HasSubstr("\r\nETag: " + handler_.script().gzip()->etag + "\r\n"));
  EXPECT_THAT(response, HasSubstr("\r\nVary: Accept-Encoding\r\nContent-Encoding: gzip\r\n"));
  EXPECT_THAT(response, HasSubstr("\r\n\r\n" + handler_.script().gzip()->body));
  EXPECT_THAT(Get(handler_, {AcceptEncoding("gzip;q=0")}), Not(HasSubstr("Content-Encoding")));
}

TEST_F(TagHandlerTest, AnswersNotModifiedForTheChosenVariant) {
  const std::string plain_tag = handler_.script().plain().etag;
  const std::string response = Get(handler_, {IfNoneMatch("W/" + plain_tag)});
  EXPECT_EQ(response.substr(response.find("\r\nCache-Control")),
            "\r\nCache-Control: public, max-age=3600\r\nETag: " + plain_tag +
                "\r\nVary: Accept-Encoding\r\n\r\n");
  EXPECT_THAT(response, StartsWith("HTTP/1.1 304 Not Modified\r\n"));
  // The plain tag does not match the gzip variant.
  EXPECT_THAT(Get(handler_, {AcceptEncoding("gzip"), IfNoneMatch(plain_tag)}),
              StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(Get(handler_, {AcceptEncoding("gzip"), IfNoneMatch("\"x\""), IfNoneMatch("*")}),
              StartsWith("HTTP/1.1 304 Not Modified\r\n"));
}

TEST_F(TagHandlerTest, NoVaryWithoutAGzipVariant) {
  TagHandler small(tag::StaticResource("x()", tag::StaticResource::Gzip::kOfferedIfSmaller));
  const std::string response = Get(small, {AcceptEncoding("gzip")});
  EXPECT_THAT(response, Not(HasSubstr("Vary")));
  EXPECT_THAT(response, Not(HasSubstr("Content-Encoding")));
  EXPECT_THAT(response, HasSubstr("\r\n\r\nx()"));
}

}  // namespace
}  // namespace divolte::sources
