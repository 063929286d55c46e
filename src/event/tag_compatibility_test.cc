// Compatibility with the original divolte.js (issue 3, point 6): requests built exactly as the
// spec describes the original tag's output are accepted as non-corrupt events with the values
// the tag meant, and the custom parameters our tag sends (js/test/browser.test.mjs) decode.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "event/event.h"
#include "event/event_values.h"
#include "event/json_value.h"

namespace divolte::event {
namespace {

// tag.md §8.2, first and second worked example.
constexpr std::string_view kFirstExample =
    "p=0%3Ai2m3pfsw%3APartyPartyPartyPartyPartyParty01&s=0%3Ai2m3pfsw%3ASessionSessionSession"
    "SessionSe01&v=0%3APageViewPageViewPageViewPageVi01&e=0%3APageViewPageViewPageViewPageVi010&"
    "c=i2m3pfsw&n=t&f=t&l=https%3A%2F%2Fwww.example.com%2Fproducts%2F42%3Futm_source%3Dnews%23top"
    "&r=https%3A%2F%2Fwww.google.com%2F&i=1hc&j=u0&k=2&w=zk&h=k0&t=pageView&x=-4so5uo";
constexpr std::string_view kSecondExample =
    "p=0%3Ai2m3pfsw%3APartyPartyPartyPartyPartyParty01&s=0%3Ai2m3pfsw%3ASessionSessionSession"
    "SessionSe01&v=0%3APageViewPageViewPageViewPageVi01&e=0%3APageViewPageViewPageViewPageVi011&"
    "c=i2m3pgyk&n=f&f=f&l=https%3A%2F%2Fwww.example.com%2Fproducts%2F42%3Futm_source%3Dnews%23top"
    "&r=https%3A%2F%2Fwww.google.com%2F&i=1hc&j=u0&k=1.i&w=zk&h=k0&t=addToCart&u=(sproductId!42!"
    "dquantity!2!)&x=-7si96u";
// protocol.md §6, vectors 2 and 3 (everything but the event type as in vector 1).
constexpr std::string_view kVector2Prefix =
    "p=0%3Ai1t84hgy%3Aparty&s=0%3Ai1t84hgy%3Asession&v=0%3ApageView&e=0%3AeventId&c=i1t8q2b6&"
    "n=f&f=f&l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w=uq&h=qd&t=";

struct Parsed {
  Event event;
  EventValues values;
};

// Parses like the mapper does; the Event must outlive the views in EventValues.
void Parse(std::string_view query, Parsed* out) {
  ASSERT_EQ(out->event.query.Decode(query), QueryStatus::kOk);
  out->event.arrival_ms = 1416245000100;
  out->event.remote_host = "192.0.2.1";
  ASSERT_FALSE(ParseBrowserEvent(out->event, &out->values).has_value());
}

TEST(TagCompatibilityTest, FirstWorkedExampleIsANewPartysFirstPageView) {
  Parsed parsed;
  Parse(kFirstExample, &parsed);
  const EventValues& values = parsed.values;
  EXPECT_FALSE(values.corrupt);
  EXPECT_TRUE(values.new_party);
  EXPECT_TRUE(values.first_in_session);
  EXPECT_EQ(values.session_id, "0:i2m3pfsw:SessionSessionSessionSessionSe01");
  EXPECT_EQ(values.page_view_id, "0:PageViewPageViewPageViewPageVi01");
  EXPECT_EQ(values.event_id, "0:PageViewPageViewPageViewPageVi010");
  EXPECT_EQ(values.client_timestamp, 1416245000000);
  EXPECT_EQ(values.location, "https://www.example.com/products/42?utm_source=news#top");
  EXPECT_EQ(values.referer, "https://www.google.com/");
  EXPECT_EQ(values.screen_width, 1920);
  EXPECT_EQ(values.screen_height, 1080);
  EXPECT_EQ(values.viewport_width, 1280);
  EXPECT_EQ(values.viewport_height, 720);
  EXPECT_EQ(values.device_pixel_ratio, 2);
  EXPECT_EQ(values.event_type, "pageView");
  EXPECT_FALSE(values.mincode_parameters.has_value());
}

TEST(TagCompatibilityTest, SecondWorkedExampleCarriesItsParameters) {
  Parsed parsed;
  Parse(kSecondExample, &parsed);
  EXPECT_FALSE(parsed.values.corrupt);
  EXPECT_FALSE(parsed.values.new_party);
  EXPECT_EQ(parsed.values.client_timestamp, 1416245001500);
  EXPECT_EQ(parsed.values.event_type, "addToCart");
  EXPECT_EQ(DecodeEventParameters(parsed.values),
            JsonValue::Object(
                {{"productId", JsonValue::String("42")}, {"quantity", JsonValue::Integer(2)}}));
}

TEST(TagCompatibilityTest, NonAsciiAndSentinelEventTypesAreNotCorrupt) {
  Parsed non_ascii;
  Parse(std::string(kVector2Prefix) +
            "%E1%BB%A5%C3%B1%E2%9A%95%C2%A9%C2%BA%E1%B8%8C%E2%84%A8&x=-ql2p2c",
        &non_ascii);
  EXPECT_FALSE(non_ascii.values.corrupt);
  EXPECT_EQ(non_ascii.values.event_type, "ụñ⚕©ºḌℨ");
  Parsed sentinel;
  Parse(std::string(kVector2Prefix) + "sentinelEvent&x=-y99lem", &sentinel);
  EXPECT_FALSE(sentinel.values.corrupt);
}

// The request our tag sends for signal('addToBasket', {sku: 'A-1', qty: 2, tags: ['x', 'y'],
// price: 9.95}) carries exactly this `u` (asserted by the browser test).
TEST(TagCompatibilityTest, BrowserTestParametersDecode) {
  Parsed parsed;
  Parse(
      "s=0%3A1%3Aa&v=v&e=e&c=1&n=f&f=f&t=addToBasket&u=(ssku!A-1!dqty!2!atags!sx!sy!.jprice!9.95!)",
      &parsed);
  EXPECT_EQ(DecodeEventParameters(parsed.values),
            JsonValue::Object(
                {{"sku", JsonValue::String("A-1")},
                 {"qty", JsonValue::Integer(2)},
                 {"tags", JsonValue::Array({JsonValue::String("x"), JsonValue::String("y")})},
                 {"price", JsonValue::Double(9.95)}}));
}

}  // namespace
}  // namespace divolte::event
