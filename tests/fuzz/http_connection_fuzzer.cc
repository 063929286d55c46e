// A whole HTTP connection (protocol.md §1): the bytes a client sends, arriving in pieces, through
// http::Connection (head detection, limits, pipelining, bodies, keep-alive, lingering close) to
// the real endpoints: the browser beacon, the JSON source and /ping. Accepted events go through
// what a mapper thread parses (ParseBrowserEvent / ReadJsonEvent, the parameters).
//
// Input: one option byte, then the client's bytes. Option bits: 0-3 seed the sizes of the
// pieces the bytes arrive in (0: all at once), 4 uses X-Forwarded-For, 5 makes the mapper queue
// full, 6 starts the connection while the server drains.
//
// The connection is served over a socketpair on an io_context run by this thread. Invariants:
// the bytes written back are a sequence of complete HTTP/1.x responses (status line, headers,
// Content-Length matching the body), nothing follows a `Connection: close` response, and the
// connection always ends once the client has closed its side.

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "base/check.h"
#include "base/log.h"
#include "base/strings.h"
#include "config/config.h"
#include "event/event.h"
#include "event/event_values.h"
#include "event/handoff.h"
#include "event/source_stats.h"
#include "http/connection.h"
#include "http/route_stats.h"
#include "http/router.h"
#include "sources/browser/event_handler.h"
#include "sources/json/json_event_handler.h"
#include "sources/ping/ping_handler.h"

namespace {

namespace asio = boost::asio;
namespace event = divolte::event;
namespace http = divolte::http;
namespace sources = divolte::sources;

// The mapper side of the hand-off, run inline: what ParseBrowserEvent and the mappings read.
class InlineHandoff final : public event::EventHandoff {
 public:
  bool full = false;

  event::OfferResult Offer(std::unique_ptr<event::Event> event) override {
    if (full) return event::OfferResult::kQueueFull;
    event::EventValues values;
    if (event->kind == event::SourceKind::kBrowser) {
      if (event::ParseBrowserEvent(*event, &values)) return event::OfferResult::kAccepted;
    } else {
      event::ReadJsonEvent(*event, &values);
    }
    if (const auto parameters = event::DecodeEventParameters(values)) (void)parameters->ToJson();
    return event::OfferResult::kAccepted;
  }
  event::OfferResult OfferIfRoomDownstream(std::unique_ptr<event::Event> event) override {
    return Offer(std::move(event));
  }
};

struct Endpoints {
  explicit Endpoints(bool use_x_forwarded_for)
      : browser(0, divolte::config::BrowserSourceConfig{}, use_x_forwarded_for, handoff,
                browser_stats),
        json(1, divolte::config::JsonSourceConfig{.event_path = "/json"},
             ServerConfig(use_x_forwarded_for), handoff, json_stats),
        ping(shutting_down) {
    CHECK(router
              .Add({.path = "/csc-event",
                    .owner = "browser",
                    .methods = {http::Verb::get},
                    .allow = "GET",
                    .handler = &browser,
                    .stats = &browser_route})
              .ok());
    CHECK(router
              .Add({.path = "/json",
                    .owner = "json",
                    .methods = {http::Verb::post},
                    .allow = "POST",
                    .handler = &json,
                    .stats = &json_route,
                    .max_body_bytes = sources::JsonBodyLimit(4096)})
              .ok());
    CHECK(router.Add({.path = "/ping", .owner = "/ping", .handler = &ping, .stats = &ping_route})
              .ok());
  }

  static divolte::config::ServerConfig ServerConfig(bool use_x_forwarded_for) {
    divolte::config::ServerConfig config;
    config.use_x_forwarded_for = use_x_forwarded_for;
    return config;
  }

  InlineHandoff handoff;
  event::SourceStats browser_stats{"browser"};
  event::SourceStats json_stats{"json"};
  std::atomic<bool> shutting_down{false};
  sources::BrowserEventHandler browser;
  sources::JsonEventHandler json;
  sources::PingHandler ping;
  http::RouteStats browser_route{"browser", "browser"};
  http::RouteStats json_route{"json", "json"};
  http::RouteStats ping_route{"ping", ""};
  http::Router router;
};

// Checks that `out` is a sequence of complete responses; returns how many.
size_t CheckResponses(std::string_view out) {
  size_t count = 0;
  while (!out.empty()) {
    CHECK(out.starts_with("HTTP/1.1 ") || out.starts_with("HTTP/1.0 "));
    const size_t head_end = out.find("\r\n\r\n");
    CHECK(head_end != std::string_view::npos);
    const std::string_view head = out.substr(0, head_end + 2);
    const int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
    CHECK(status >= 100 && status <= 599);
    size_t length = 0;
    bool has_length = false;
    bool close = false;
    for (size_t line = head.find("\r\n") + 2; line < head.size();) {
      const size_t end = head.find("\r\n", line);
      const std::string_view field = head.substr(line, end - line);
      const size_t colon = field.find(": ");
      CHECK(colon != std::string_view::npos);
      const std::string_view name = field.substr(0, colon);
      const std::string_view value = field.substr(colon + 2);
      if (divolte::base::EqualsIgnoreCase(name, "Content-Length")) {
        CHECK(!has_length);
        has_length = true;
        for (const char c : value) {
          CHECK(c >= '0' && c <= '9');
          length = length * 10 + static_cast<size_t>(c - '0');
        }
      }
      if (divolte::base::EqualsIgnoreCase(name, "Connection") && value == "close") close = true;
      line = end + 2;
    }
    out.remove_prefix(head_end + 4);
    if (status >= 200 && status != 204 && status != 304) {
      CHECK(has_length);
      // An answer to HEAD has the length of a body it does not send (and may be the last one);
      // no body of these endpoints starts like a status line.
      if (!out.empty() && !out.starts_with("HTTP/1.")) {
        CHECK(length <= out.size());
        out.remove_prefix(length);
      }
    }
    ++count;
    if (close) CHECK(out.empty());
  }
  return count;
}

class Harness {
 public:
  Harness() {
    divolte::base::SetLogLevel(divolte::base::LogLevel::kError);
    context_.router = &endpoints_[0].router;
    context_.stats = &stats_;
    context_.draining = &draining_;
    context_.timeouts = {std::chrono::seconds(60), std::chrono::seconds(30),
                         std::chrono::seconds(60)};
    context_.registry = &registry_;
    context_.live_connections = &live_;
    context_.logger = &logger_;
  }

  void Run(uint8_t options, std::string_view input) {
    Endpoints& endpoints = endpoints_[(options >> 4) & 1];
    endpoints.handoff.full = (options >> 5) & 1;
    draining_ = (options >> 6) & 1;
    context_.router = &endpoints.router;

    int fds[2];
    CHECK(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    const int client = fds[1];
    CHECK(::fcntl(client, F_SETFL, O_NONBLOCK) == 0);
    asio::ip::tcp::socket socket(io_);
    boost::system::error_code error;
    socket.assign(asio::ip::tcp::v4(), fds[0], error);
    CHECK(!error);
    live_.fetch_add(1);
    auto connection = std::make_shared<http::Connection>(std::move(socket), context_);

    // The first piece is waiting when the connection starts (a drain then serves it).
    std::string received;
    uint32_t seed = options & 15;
    size_t sent = 0;
    while (sent < input.size()) {
      size_t piece = input.size() - sent;
      if (seed != 0) {
        seed = seed * 1103515245 + 12345;
        piece = std::min(piece, size_t{1} + (seed >> 16) % 97);
      }
      const ssize_t written = ::send(client, input.data() + sent, piece, MSG_NOSIGNAL);
      if (written <= 0) break;  // the server closed its side (or its buffer is full)
      sent += static_cast<size_t>(written);
      if (connection) {
        connection->Start();
        connection.reset();  // owned by its pending operation from now on
      }
      Pump(client, &received);
    }
    if (connection) {
      connection->Start();
      connection.reset();
    }
    ::shutdown(client, SHUT_WR);
    Pump(client, &received);
    ::close(client);  // ends a lingering close
    for (int round = 0; !registry_.empty(); ++round) {
      CHECK(round < 1000);  // the connection must end once the client is gone
      io_.poll();
      io_.restart();
    }
    CHECK(live_.load() == 0);
    CheckResponses(received);
  }

 private:
  // Runs the server until it waits for the client, collecting what it wrote.
  void Pump(int client, std::string* received) {
    for (int idle = 0; idle < 3;) {
      const size_t handlers = io_.poll();
      io_.restart();
      char buffer[16384];
      ssize_t n;
      size_t got = 0;
      while ((n = ::recv(client, buffer, sizeof buffer, 0)) > 0) {
        received->append(buffer, static_cast<size_t>(n));
        got += static_cast<size_t>(n);
      }
      idle = handlers == 0 && got == 0 ? idle + 1 : 0;
    }
  }

  asio::io_context io_;
  Endpoints endpoints_[2] = {Endpoints(false), Endpoints(true)};
  http::ServerStats stats_;
  std::atomic<bool> draining_{false};
  std::unordered_set<http::Connection*> registry_;
  std::atomic<int> live_{0};
  divolte::base::Logger logger_{"Fuzz"};
  http::ConnectionContext context_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Harness* harness = new Harness();
  if (size == 0) return 0;
  harness->Run(data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
