#include <gtest/gtest.h>

#include "event/event.h"
#include "event/event_values.h"

namespace divolte::event {
namespace {

constexpr std::string_view kVector1Query =
    "p=0%3Ai1t84hgy%3A5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG&s=0%3Ai1t84hgy%3A95CbiPCYln_"
    "1e0a6rFvuRkDkeNnc6KC8&v=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF&e=0%3A1fF6GFGjDOQiEx_"
    "OxnTm_tl4BH91eGLF0&c=i1t8q2b6&n=f&f=f&l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w="
    "uq&h=qd&t=pageView&x=si9804";

Event BrowserEvent(std::string_view query) {
  Event event;
  EXPECT_EQ(event.query.Decode(query), QueryStatus::kOk);
  event.arrival_ms = 1416245000000;
  event.remote_host = "127.0.0.1";
  event.party_id = "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG";
  return event;
}

TEST(BrowserEventTest, ParsesEveryParameterOfTheChecksumVector) {
  Event event = BrowserEvent(kVector1Query);
  event.AddHeader("User-Agent", "Agent/1");
  event.SetUserAgentLine(0);
  EventValues values;
  ASSERT_FALSE(ParseBrowserEvent(event, &values).has_value());
  EXPECT_FALSE(values.corrupt);
  EXPECT_EQ(values.timestamp, 1416245000000);
  EXPECT_EQ(values.client_timestamp, 1414499908146);
  EXPECT_EQ(values.session_id, "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8");
  EXPECT_EQ(values.page_view_id, "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF");
  EXPECT_EQ(values.event_id, "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0");
  EXPECT_EQ(values.location, "http://localhost:8290/");
  EXPECT_FALSE(values.referer.has_value());
  EXPECT_EQ(values.screen_width, 1676);
  EXPECT_EQ(values.screen_height, 1027);
  EXPECT_EQ(values.viewport_width, 1106);
  EXPECT_EQ(values.viewport_height, 949);
  EXPECT_EQ(values.device_pixel_ratio, 2);
  EXPECT_EQ(values.event_type, "pageView");
  EXPECT_EQ(values.user_agent, "Agent/1");
  EXPECT_FALSE(values.first_in_session);
  EXPECT_FALSE(values.new_party);
}

TEST(BrowserEventTest, FlagsAMismatchingChecksumAsCorrupt) {
  std::string query(kVector1Query);
  query.replace(query.find("x=si9804"), 8, "x=si9805");
  Event event = BrowserEvent(query);
  EventValues values;
  ASSERT_FALSE(ParseBrowserEvent(event, &values).has_value());
  EXPECT_TRUE(values.corrupt);
}

TEST(BrowserEventTest, OptionalValuesAreAbsentWhenUnparseableAndFractionsRound) {
  Event event = BrowserEvent("s=0:1:s&v=v&e=e&c=1&n=t&f=t&i=1.5&j=zzzzzzzzzz&k=1.i&w=&u=");
  EventValues values;
  ASSERT_FALSE(ParseBrowserEvent(event, &values).has_value());
  EXPECT_FALSE(values.screen_width.has_value());   // fractions only for k
  EXPECT_FALSE(values.screen_height.has_value());  // overflows 32 bits
  EXPECT_EQ(values.device_pixel_ratio, 2);         // 1.5 rounds away from zero
  EXPECT_FALSE(values.viewport_width.has_value());
  EXPECT_FALSE(values.mincode_parameters.has_value());  // empty u: no parameters
  EXPECT_TRUE(values.first_in_session);
  EXPECT_TRUE(values.new_party);
  EXPECT_TRUE(values.corrupt);  // no checksum
}

TEST(BrowserEventTest, ReportsTheFirstMissingRequiredParameter) {
  const std::pair<std::string_view, DropReason> cases[] = {
      {"v=v&e=e&c=1&n=f&f=f", DropReason::kInvalidSessionId},
      {"s=1:1:a&v=v&e=e&c=1&n=f&f=f", DropReason::kInvalidSessionId},
      {"s=0:1:a&e=e&c=1&n=f&f=f", DropReason::kMissingPageViewId},
      {"s=0:1:a&v=v&c=1&n=f&f=f", DropReason::kMissingEventId},
      {"s=0:1:a&v=v&e=e&c=1.5&n=f&f=f", DropReason::kInvalidClientTimestamp},
      {"s=0:1:a&v=v&e=e&c=1&f=f", DropReason::kMissingNewPartyFlag},
      {"s=0:1:a&v=v&e=e&c=1&n=f", DropReason::kMissingFirstInSessionFlag},
  };
  for (const auto& [query, reason] : cases) {
    Event event = BrowserEvent(query);
    EventValues values;
    EXPECT_EQ(ParseBrowserEvent(event, &values), reason) << query;
  }
}

TEST(BrowserEventTest, DecodesTheCustomParametersOnDemand) {
  // {foo: 'hello', bar: 42} of protocol.md §7.3, percent-encoded as the tag sends it.
  Event event = BrowserEvent("s=0:1:s&v=v&e=e&c=1&n=t&f=t&u=(sfoo!hello!dbar!16!)");
  EventValues values;
  ASSERT_FALSE(ParseBrowserEvent(event, &values).has_value());
  const auto parameters = DecodeEventParameters(values);
  ASSERT_TRUE(parameters.has_value());
  ASSERT_TRUE(parameters->is_object());
  const JsonValue* foo = parameters->Find("foo");
  const JsonValue* bar = parameters->Find("bar");
  ASSERT_TRUE(foo != nullptr && bar != nullptr);
  EXPECT_EQ(foo->AsString(), "hello");
  EXPECT_EQ(bar->AsInteger(), 42);

  Event broken = BrowserEvent("s=0:1:s&v=v&e=e&c=1&n=t&f=t&u=(sfoo!unterminated");
  ASSERT_FALSE(ParseBrowserEvent(broken, &values).has_value());
  EXPECT_FALSE(DecodeEventParameters(values).has_value());  // absent, the event still counts
}

TEST(BrowserEventTest, AlreadyDecodedParametersTakePrecedenceOverMincode) {
  Event event = BrowserEvent("s=0:1:s&v=v&e=e&c=1&n=t&f=t&u=(sfoo!hello!)");
  EventValues values;
  ASSERT_FALSE(ParseBrowserEvent(event, &values).has_value());
  const JsonValue decoded = JsonValue::Object({{"json", JsonValue::Integer(1)}});
  values.json_parameters = &decoded;
  EXPECT_EQ(DecodeEventParameters(values), decoded);

  // Without any mincode (JSON events, the mapping test tool), and for a JSON null too.
  EventValues json_only;
  const JsonValue null_value;
  json_only.json_parameters = &null_value;
  EXPECT_EQ(DecodeEventParameters(json_only), JsonValue::Null());
}

}  // namespace
}  // namespace divolte::event
