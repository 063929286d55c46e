#include "sources/browser/event_handler.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "event/affinity.h"

namespace divolte::sources {
namespace {

// Keeps accepted events, or refuses them all as if the mapper queue were full.
class FakeHandoff final : public event::EventHandoff {
 public:
  explicit FakeHandoff(bool full) : full_(full) {}
  event::OfferResult Offer(std::unique_ptr<event::Event> event) override {
    if (full_) return event::OfferResult::kQueueFull;
    events.push_back(std::move(event));
    return event::OfferResult::kAccepted;
  }
  event::OfferResult OfferIfRoomDownstream(std::unique_ptr<event::Event> event) override {
    return Offer(std::move(event));
  }
  std::vector<std::unique_ptr<event::Event>> events;

 private:
  bool full_;
};

class BrowserEventHandlerTest : public testing::Test {
 protected:
  BrowserEventHandlerTest() {
    auto* address = reinterpret_cast<sockaddr_in*>(&peer_.storage);
    address->sin_family = AF_INET;
    inet_pton(AF_INET, "10.0.0.5", &address->sin_addr);
    peer_.length = sizeof(sockaddr_in);
  }

  // Runs the handler on a GET with `query` and `headers`; returns the raw response.
  std::string Handle(BrowserEventHandler& handler, std::string_view query,
                     std::vector<http::HeaderField> headers = {}) {
    headers_ = std::move(headers);
    http::Request request;
    request.method = http::Verb::get;
    request.method_text = "GET";
    request.path = "/csc-event";
    request.query = query;
    request.has_query = true;
    request.headers = headers_;
    request.peer = &peer_;
    std::string out;
    http::Response response(&out, 11, true);
    handler.Handle(request, response);
    return out;
  }

  config::BrowserSourceConfig config_;
  event::SourceStats stats_{"browser"};
  http::PeerAddress peer_;
  std::vector<http::HeaderField> headers_;
};

constexpr std::string_view kQuery = "p=0:I1T84HGY:party&s=0:i1t84hgy:s&v=v&e=e&c=1&n=f&f=f";

TEST_F(BrowserEventHandlerTest, AFullMapperQueueStillGetsTheGifAndCountsTheDrop) {
  FakeHandoff full(true);
  BrowserEventHandler handler(0, config_, false, full, stats_);
  const std::string response = Handle(handler, kQuery);
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_EQ(response.substr(response.size() - 37, 6), "GIF89a");
  EXPECT_EQ(stats_.dropped_for(event::DropReason::kQueueFull).Value(), 1u);
  EXPECT_EQ(stats_.received.Value(), 0u);
}

TEST_F(BrowserEventHandlerTest, SnapshotsEverythingTheMapperNeeds) {
  FakeHandoff handoff(false);
  BrowserEventHandler handler(3, config_, false, handoff, stats_);
  Handle(handler, kQuery,
         {{http::Field::host, "Host", "x"},
          {http::Field::user_agent, "User-Agent", "Agent/1"},
          {http::Field::user_agent, "User-Agent", "Agent/2"}});
  ASSERT_EQ(handoff.events.size(), 1u);
  const event::Event& event = *handoff.events[0];
  EXPECT_EQ(event.source_index, 3u);
  EXPECT_EQ(event.party_id, "0:i1t84hgy:party");
  EXPECT_EQ(event.affinity, event::AffinityHash("0:i1t84hgy:party"));
  EXPECT_EQ(event.remote_host, "10.0.0.5");
  EXPECT_GT(event.arrival_ms, 0);
  EXPECT_EQ(event.user_agent(), "Agent/1");  // the first line, verbatim
  ASSERT_EQ(event.header_count(), 3u);
  EXPECT_EQ(event.header_name(2), "User-Agent");
  EXPECT_EQ(event.header_value(2), "Agent/2");
  EXPECT_EQ(event.query.First("e"), "e");
  EXPECT_EQ(stats_.received.Value(), 1u);
}

TEST_F(BrowserEventHandlerTest, TakesTheAddressFromTheLastForwardedForLineWhenEnabled) {
  FakeHandoff handoff(false);
  BrowserEventHandler handler(0, config_, true, handoff, stats_);
  Handle(handler, kQuery,
         {{http::Field::unknown, "X-Forwarded-For", "1.1.1.1"},
          {http::Field::unknown, "x-forwarded-for", "10.200.13.28, 11.45.82.30"}});
  Handle(handler, kQuery, {{http::Field::unknown, "X-Forwarded-For", "proxy.example.com"}});
  ASSERT_EQ(handoff.events.size(), 2u);
  EXPECT_EQ(handoff.events[0]->remote_host, "11.45.82.30");
  EXPECT_EQ(handoff.events[1]->remote_host, "10.0.0.5");
  EXPECT_EQ(stats_.forwarded_for_invalid.Value(), 1u);
}

TEST_F(BrowserEventHandlerTest, RejectsMalformedQueriesAndInvalidPartiesWithTheirReasons) {
  FakeHandoff handoff(false);
  BrowserEventHandler handler(0, config_, false, handoff, stats_);
  EXPECT_EQ(Handle(handler, "p=0:1:a&x=%G1").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(Handle(handler, "p=1:1:a").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(Handle(handler, kQuery, {{http::Field::if_none_match, "If-None-Match", "*"}})
                .rfind("HTTP/1.1 304", 0),
            0u);
  EXPECT_TRUE(handoff.events.empty());
  EXPECT_EQ(stats_.rejected_for(event::RejectReason::kMalformedQuery).Value(), 1u);
  EXPECT_EQ(stats_.rejected_for(event::RejectReason::kInvalidPartyId).Value(), 1u);
  EXPECT_EQ(stats_.rejected_for(event::RejectReason::kNotModified).Value(), 1u);
}

}  // namespace
}  // namespace divolte::sources
