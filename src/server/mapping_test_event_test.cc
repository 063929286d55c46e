// Test events of the mapping test tool built from POSTed JSON (mapping.md §16): defaults, every
// key, remote_host, request headers, and the errors of bodies and keys.
#include "server/mapping_test_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "event/base36.h"
#include "event/identifier.h"

namespace divolte::server {
namespace {

using event::JsonValue;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kNow = 1416245000000;

JsonValue Body(std::string_view json) {
  base::Result<JsonValue> body = ParseTestBody(json);
  EXPECT_TRUE(body.ok()) << body.message();
  return body.ok() ? *body : JsonValue::Object();
}

base::Result<std::unique_ptr<MappingTestEvent>> Build(std::string_view json,
                                                      std::vector<http::HeaderField> headers = {}) {
  static std::vector<http::HeaderField> kept;  // the headers outlive the span of the context
  kept = std::move(headers);
  return MappingTestEvent::Build(Body(json),
                                 {.headers = kept, .peer_host = "10.0.0.7", .now_ms = kNow});
}

// The failure reason of building `json`, or "" when it builds.
std::string BuildError(std::string_view json) {
  auto built = Build(json);
  return built.ok() ? "" : built.message();
}

TEST(ParseTestBodyTest, AcceptsOnlyAJsonObject) {
  EXPECT_TRUE(ParseTestBody(R"({"location": "http://example.com/"})").ok());
  EXPECT_TRUE(ParseTestBody("  {}\n").ok());
  const auto invalid = ParseTestBody(R"({"location": )");
  ASSERT_FALSE(invalid.ok());
  EXPECT_THAT(invalid.message(), StartsWith("Invalid JSON: "));
  EXPECT_THAT(invalid.message(), HasSubstr("column"));  // where the problem is
  EXPECT_FALSE(ParseTestBody("").ok());
  EXPECT_FALSE(ParseTestBody("{} {}").ok());
  EXPECT_FALSE(ParseTestBody("{\"a\": \"\xff\"}").ok());  // not UTF-8
  for (const char* not_object : {"[]", "null", "42", "\"text\""}) {
    const auto parsed = ParseTestBody(not_object);
    ASSERT_FALSE(parsed.ok()) << not_object;
    EXPECT_EQ(parsed.message(), "The body must be a JSON object.");
  }
}

// As the tag's mincode decoder would give them: exact integers of any size, every duplicate.
TEST(ParseTestBodyTest, KeepsNumbersExactAndDuplicateMembers) {
  const JsonValue body = Body(R"({"big": 123456789012345678901234567890,
    "negative": -98765432109876543210, "unsigned": 18446744073709551615,
    "max": 9223372036854775807, "min": -9223372036854775808,
    "nested": {"a": [1, {"b": null}], "a": true}, "x": "\u00e9\ud83d\ude00"})");
  EXPECT_EQ(body.ToJson(),
            R"({"big":123456789012345678901234567890,"negative":-98765432109876543210,)"
            R"("unsigned":18446744073709551615,"max":9223372036854775807,)"
            R"("min":-9223372036854775808,"nested":{"a":[1,{"b":null}],)"
            "\"a\":true},\"x\":\"\xc3\xa9\xf0\x9f\x98\x80\"}");
  EXPECT_TRUE(body.Find("big")->is_big_integer());
  EXPECT_EQ(Body(R"({"d": 1.5e3})").Find("d")->AsDouble(), 1500.0);
  EXPECT_EQ(Body(R"({"d": 1e-2})").Find("d")->AsDouble(), 0.01);
  EXPECT_TRUE(body.Find("max")->is_integer());
  EXPECT_TRUE(body.Find("nested")->Find("a")->is_bool());  // the last duplicate
}

TEST(ParseTestBodyTest, RefusesNestingBeyondTheLimitWithoutRecursing) {
  auto nested = [](int depth) {
    return "{\"parameters\":" + std::string(static_cast<size_t>(depth - 1), '[') +
           std::string(static_cast<size_t>(depth - 1), ']') + "}";
  };
  EXPECT_TRUE(ParseTestBody(nested(kMaxTestBodyDepth)).ok());
  EXPECT_THAT(ParseTestBody(nested(kMaxTestBodyDepth + 1)).message(), HasSubstr("nested"));
  EXPECT_FALSE(ParseTestBody(std::string(1000000, '[')).ok());
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseTestBody("{\"a\": \"" + std::string(1000, '[') + "\\\"\"}").ok());
}

TEST(MappingTestEventTest, MissingKeysGetGeneratedIdentifiersNowAndFalse) {
  auto built = Build("{}");
  ASSERT_TRUE(built.ok()) << built.message();
  const event::EventValues& values = (*built)->values();
  const std::string timestamp = "0:" + event::FormatBase36(kNow) + ":";
  EXPECT_THAT(std::string(values.party_id), StartsWith(timestamp));
  EXPECT_THAT(std::string(values.session_id), StartsWith(timestamp));
  EXPECT_TRUE(event::IsValidIdentifier(values.party_id));
  EXPECT_TRUE(event::IsValidIdentifier(values.session_id));
  ASSERT_TRUE(values.page_view_id.has_value());
  EXPECT_TRUE(event::IsValidIdentifier(*values.page_view_id));
  EXPECT_NE(values.party_id, values.session_id);
  EXPECT_EQ(values.event_id, std::string(*values.page_view_id) + "0");
  EXPECT_EQ(values.timestamp, kNow);
  EXPECT_EQ(values.client_timestamp, kNow);
  EXPECT_FALSE(values.corrupt || values.duplicate || values.new_party || values.first_in_session);
  EXPECT_EQ(values.remote_host, "10.0.0.7");
  EXPECT_FALSE(values.location || values.referer || values.event_type || values.user_agent);
  EXPECT_FALSE(values.viewport_width || values.screen_height || values.device_pixel_ratio);
  EXPECT_EQ(values.json_parameters, nullptr);
  EXPECT_FALSE(event::DecodeEventParameters(values).has_value());
  ASSERT_NE(values.request, nullptr);
  EXPECT_EQ(values.request->arrival_ms, kNow);
}

TEST(MappingTestEventTest, EveryKeyIsRead) {
  auto built = Build(R"({
    "party_id": "0:I1T84HGY:party", "session_id": "0:+00i1t84hgy:session",
    "page_view_id": "pv", "event_id": "ev", "location": "https://example.com/a?b=c",
    "referer": "https://example.org/", "viewport_pixel_width": 800, "viewport_pixel_height": 600,
    "screen_pixel_width": 1920, "screen_pixel_height": -1080, "device_pixel_ratio": 2,
    "corrupt": true, "duplicate": true, "new_party_id": true, "first_in_session": true,
    "event_type": "click", "parameters": {"a": [1, 2.5, null], "b": {"c": "d"}},
    "remote_host": "192.168.1.10", "unknown_key": [1, 2]})");
  ASSERT_TRUE(built.ok()) << built.message();
  const event::EventValues& values = (*built)->values();
  EXPECT_EQ(values.party_id, "0:i1t84hgy:party");  // normalised
  EXPECT_EQ(values.session_id, "0:i1t84hgy:session");
  EXPECT_EQ(values.page_view_id, "pv");
  EXPECT_EQ(values.event_id, "ev");
  EXPECT_EQ(values.location, "https://example.com/a?b=c");
  EXPECT_EQ(values.referer, "https://example.org/");
  EXPECT_EQ(values.viewport_width, 800);
  EXPECT_EQ(values.viewport_height, 600);
  EXPECT_EQ(values.screen_width, 1920);
  EXPECT_EQ(values.screen_height, -1080);
  EXPECT_EQ(values.device_pixel_ratio, 2);
  EXPECT_TRUE(values.corrupt && values.duplicate && values.new_party && values.first_in_session);
  EXPECT_EQ(values.event_type, "click");
  EXPECT_EQ(values.remote_host, "192.168.1.10");
  EXPECT_EQ(values.request->party_id, "0:i1t84hgy:party");
  const auto parameters = event::DecodeEventParameters(values);
  ASSERT_TRUE(parameters.has_value());
  EXPECT_EQ(parameters->ToJson(), R"({"a":[1,2.5,null],"b":{"c":"d"}})");
}

TEST(MappingTestEventTest, NullCountsAsMissing) {
  auto built = Build(R"({"location": null, "corrupt": null, "parameters": null})");
  ASSERT_TRUE(built.ok()) << built.message();
  EXPECT_FALSE((*built)->values().location.has_value());
  EXPECT_FALSE((*built)->values().corrupt);
  EXPECT_EQ((*built)->values().json_parameters, nullptr);
}

TEST(MappingTestEventTest, ParametersMayBeAnyJsonValue) {
  auto built = Build(R"({"parameters": [1, "two"]})");
  ASSERT_TRUE(built.ok()) << built.message();
  EXPECT_EQ(event::DecodeEventParameters((*built)->values())->ToJson(), R"([1,"two"])");
}

// Only IP literals replace the peer, rendered as remoteHost() renders addresses.
TEST(MappingTestEventTest, RemoteHostMustBeAnIpLiteral) {
  auto remote_host = [](std::string_view json) {
    auto built = Build(json);
    return built.ok() ? std::string((*built)->values().remote_host) : built.message();
  };
  EXPECT_EQ(remote_host(R"({"remote_host": "8.8.4.4"})"), "8.8.4.4");
  EXPECT_EQ(remote_host(R"({"remote_host": "::1"})"), "0:0:0:0:0:0:0:1");
  EXPECT_EQ(remote_host(R"({"remote_host": "::ffff:1.2.3.4"})"), "1.2.3.4");
  EXPECT_EQ(remote_host(R"({"remote_host": "example.com"})"), "10.0.0.7");
  EXPECT_EQ(remote_host(R"({"remote_host": "1.2.3.4, 5.6.7.8"})"), "10.0.0.7");
  EXPECT_EQ(remote_host(R"({"remote_host": ""})"), "10.0.0.7");
  EXPECT_EQ(remote_host(R"({"remote_host": 1234})"), "'remote_host' must be a string.");
}

TEST(MappingTestEventTest, RequestHeadersServeHeaderCookieAndUserAgent) {
  auto built = Build("{}", {{http::Field::host, "Host", "localhost"},
                            {http::Field::user_agent, "User-Agent", "Agent/1"},
                            {http::Field::cookie, "Cookie", "a=b; c=d"},
                            {http::Field::user_agent, "User-Agent", "Agent/2"},
                            {http::Field::unknown, "X-Custom", "caf\xe9"}});
  ASSERT_TRUE(built.ok()) << built.message();
  const event::EventValues& values = (*built)->values();
  EXPECT_EQ(values.user_agent, "Agent/1");
  const event::Event& request = *values.request;
  ASSERT_EQ(request.header_count(), 5U);
  EXPECT_EQ(request.header_name(2), "Cookie");
  EXPECT_EQ(request.header_value(2), "a=b; c=d");
  EXPECT_EQ(request.header_value(4), "caf\xc3\xa9");  // ISO-8859-1 bytes as UTF-8
  EXPECT_EQ(request.user_agent(), "Agent/1");
}

TEST(MappingTestEventTest, KeysOfTheWrongTypeAreNamed) {
  EXPECT_EQ(BuildError(R"({"location": 1})"), "'location' must be a string.");
  EXPECT_EQ(BuildError(R"({"event_id": ["x"]})"), "'event_id' must be a string.");
  EXPECT_EQ(BuildError(R"({"viewport_pixel_width": 1.5})"),
            "'viewport_pixel_width' must be a 32-bit integer.");
  EXPECT_EQ(BuildError(R"({"screen_pixel_height": 2147483648})"),
            "'screen_pixel_height' must be a 32-bit integer.");
  EXPECT_EQ(BuildError(R"({"device_pixel_ratio": "2"})"),
            "'device_pixel_ratio' must be a 32-bit integer.");
  EXPECT_EQ(BuildError(R"({"corrupt": "yes"})"), "'corrupt' must be true or false.");
  EXPECT_EQ(BuildError(R"({"first_in_session": 1})"), "'first_in_session' must be true or false.");
  EXPECT_THAT(BuildError(R"({"party_id": "party"})"),
              StartsWith("'party_id' must be a valid identifier"));
  EXPECT_THAT(BuildError(R"({"session_id": "1:abc:def"})"),
              StartsWith("'session_id' must be a valid identifier"));
  // The first problem in the order the keys are read.
  EXPECT_EQ(BuildError(R"({"corrupt": 0, "location": 0})"), "'location' must be a string.");
  EXPECT_EQ(BuildError(R"({"screen_pixel_width": 2147483647, "event_type": "t"})"), "");
}

TEST(GenerateIdentifierTest, ValidAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = GenerateIdentifier(kNow);
    ASSERT_TRUE(event::IsValidIdentifier(id)) << id;
    ASSERT_EQ(id.size(), 2 + event::FormatBase36(kNow).size() + 1 + 32);
    EXPECT_EQ(
        id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~_",
                             id.rfind(':') + 1),
        std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100U);
}

}  // namespace
}  // namespace divolte::server
