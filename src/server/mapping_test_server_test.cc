// The mapping test server over loopback sockets: every path, POST only, host names, port 0.
#include "server/mapping_test_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "avro/default_schema.h"
#include "mapping/default_mapping.h"

namespace divolte::server {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Sends `request` (which asks to close the connection) and returns everything received until
// the server closes, or what arrived within five seconds.
std::string Exchange(uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string received;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char chunk[65536];
    ssize_t n = 0;
    while ((n = ::recv(fd, chunk, sizeof chunk, 0)) > 0) {
      received.append(chunk, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return received;
}

std::string Request(std::string_view method, std::string_view path, std::string_view body) {
  return std::string(method) + " " + std::string(path) +
         " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

class MappingTestServerTest : public ::testing::Test {
 protected:
  avro::Schema schema_ =
      std::move(avro::Schema::Parse(avro::DefaultEventRecordSchemaJson(), "default")).value();
  mapping::DefaultMapping mapping_;
};

TEST_F(MappingTestServerTest, AnswersPostsOnEveryPathAndRefusesOtherMethods) {
  MappingTestServer server(schema_, mapping_, {.host = "localhost", .port = 0});
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.address(), "127.0.0.1");  // a name binds to its IPv4 address
  ASSERT_NE(server.port(), 0);
  for (const char* path : {"/", "/any/path?x=1", "/ping"}) {
    const std::string answer =
        Exchange(server.port(), Request("POST", path, R"({"location": "http://x/"})"));
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n")) << path;
    EXPECT_THAT(answer, HasSubstr("Content-Type: application/json\r\n"));
    EXPECT_THAT(answer, HasSubstr(R"("remoteHost":"127.0.0.1","referer":null,)"
                                  R"("location":"http://x/")"));
  }
  const std::string refused = Exchange(server.port(), Request("GET", "/", ""));
  EXPECT_THAT(refused, StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_THAT(refused, HasSubstr("\r\nAllow: POST\r\n"));
  EXPECT_THAT(Exchange(server.port(), Request("POST", "/", "nonsense")),
              StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  server.Stop();
}

TEST_F(MappingTestServerTest, StartFailsWithTheReason) {
  MappingTestServer unknown(schema_, mapping_, {.host = "no-such-host.invalid", .port = 0});
  const base::Status unresolved = unknown.Start();
  ASSERT_FALSE(unresolved.ok());
  EXPECT_THAT(unresolved.message(), StartsWith("Cannot resolve host 'no-such-host.invalid'"));

  MappingTestServer first(schema_, mapping_, {.host = "127.0.0.1", .port = 0});
  ASSERT_TRUE(first.Start().ok());
  MappingTestServer second(schema_, mapping_, {.host = "127.0.0.1", .port = first.port()});
  const base::Status in_use = second.Start();
  ASSERT_FALSE(in_use.ok());
  EXPECT_THAT(in_use.message(), HasSubstr("Cannot listen on 127.0.0.1:"));
}

}  // namespace
}  // namespace divolte::server
