#include "sources/json/json_body.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace divolte::sources {
namespace {

using event::JsonValue;

constexpr char kNotJson[] = "Request body is not valid JSON.";
constexpr char kNotObject[] = "Request body must be a JSON object.";
constexpr char kBadTimestamp[] =
    "Invalid client_timestamp_iso; expected an ISO-8601 date-time with offset.";

struct Member {
  std::string name;
  std::string json;  // the value as JSON text
};

std::vector<Member> Defaults() {
  return {
      {"session_id", R"("0:is8tiwk4:XLEU")"},
      {"event_id", R"("e1")"},
      {"is_new_party", "true"},
      {"is_new_session", "false"},
      {"client_timestamp_iso", R"("2016-08-24T13:29:39.412+02:00")"},
  };
}

std::string Render(const std::vector<Member>& members) {
  std::string json = "{";
  for (const Member& member : members) {
    if (json.size() > 1) json += ",";
    json += "\"" + member.name + "\":" + member.json;
  }
  return json + "}";
}

// The default body with `name` set to `json` (appended when not a default property).
std::string BodyWith(const std::string& name, const std::string& json) {
  std::vector<Member> members = Defaults();
  bool replaced = false;
  for (Member& member : members) {
    if (member.name == name) {
      member.json = json;
      replaced = true;
    }
  }
  if (!replaced) members.push_back({name, json});
  return Render(members);
}

std::string BodyWithout(const std::string& name) {
  std::vector<Member> members = Defaults();
  std::erase_if(members, [&](const Member& member) { return member.name == name; });
  return Render(members);
}

class JsonBodyTest : public ::testing::Test {
 protected:
  base::Result<JsonEventBody> Parse(std::string_view body) { return parser_.Parse(body); }

  // The failure message, or "ok".
  std::string Message(std::string_view body) {
    const auto result = parser_.Parse(body);
    return result.ok() ? "ok" : result.message();
  }

  JsonEventBody Ok(std::string_view body) {
    auto result = parser_.Parse(body);
    EXPECT_TRUE(result.ok()) << body << ": " << (result.ok() ? "" : result.message());
    return result.ok() ? std::move(result).value() : JsonEventBody{};
  }

  JsonBodyParser parser_;
};

TEST_F(JsonBodyTest, SpecExample) {
  const JsonEventBody body = Ok(R"({"session_id": "0:is8tiwk4:XLEUVj9hA6AXRUOp2zuIdUpaeFOC~7AU",
 "event_id": "AruZ~Em0WNlAnbyzVmwM~GR0cMb6Xl9r",
 "is_new_party": true, "is_new_session": true,
 "client_timestamp_iso": "2016-08-24T13:29:39.412+02:00",
 "event_type": "newUser", "parameters": {"channel": "google"}})");
  EXPECT_EQ(body.session_id, "0:is8tiwk4:XLEUVj9hA6AXRUOp2zuIdUpaeFOC~7AU");
  EXPECT_EQ(body.event_id, "AruZ~Em0WNlAnbyzVmwM~GR0cMb6Xl9r");
  EXPECT_TRUE(body.is_new_party);
  EXPECT_TRUE(body.is_new_session);
  EXPECT_EQ(body.client_timestamp_ms, 1472038179412);
  EXPECT_EQ(body.event_type, "newUser");
  ASSERT_TRUE(body.parameters.has_value());
  EXPECT_EQ(body.parameters->ToJson(), R"({"channel":"google"})");
}

TEST_F(JsonBodyTest, MinimalBody) {
  const JsonEventBody body = Ok(Render(Defaults()));
  EXPECT_EQ(body.session_id, "0:is8tiwk4:XLEU");
  EXPECT_EQ(body.event_id, "e1");
  EXPECT_TRUE(body.is_new_party);
  EXPECT_FALSE(body.is_new_session);
  EXPECT_EQ(body.event_type, std::nullopt);
  EXPECT_EQ(body.parameters, std::nullopt);
}

TEST_F(JsonBodyTest, EmptyBody) { EXPECT_EQ(Message(""), "Request body is empty."); }

TEST_F(JsonBodyTest, ByteOrderMarkAndWhitespace) {
  EXPECT_EQ(Message("\xEF\xBB\xBF" + Render(Defaults())), "ok");
  EXPECT_EQ(Message(" \r\n\t" + Render(Defaults()) + "\n \t\r"), "ok");
  EXPECT_EQ(Message("\xEF\xBB\xBF \n" + Render(Defaults()) + "\n"), "ok");
  // Only one mark is skipped, and only at the start.
  EXPECT_EQ(Message("\xEF\xBB\xBF\xEF\xBB\xBF" + Render(Defaults())), kNotJson);
  EXPECT_EQ(Message(" \xEF\xBB\xBF" + Render(Defaults())), kNotJson);
  EXPECT_EQ(Message("\xEF\xBB\xBF"), kNotJson);
}

TEST_F(JsonBodyTest, NotValidJson) {
  const std::string valid = Render(Defaults());
  for (const std::string& body : {
           std::string(" "),
           std::string("\n\t\r "),
           std::string("{"),
           std::string("}"),
           std::string("{\"session_id\""),
           valid.substr(0, valid.size() - 1),
           valid + " x",
           valid + "x",
           valid + "{}",
           valid + "}",
           valid + "]",
           valid + ",",
           valid + valid,
           std::string("{'session_id': 'x'}"),
           std::string("{session_id: \"x\"}"),
           std::string("{\"a\" 1}"),
           std::string("{\"a\":1,}"),
           std::string("{,\"a\":1}"),
           std::string("{\"a\":1 \"b\":2}"),
           std::string("// comment\n") + valid,
           std::string("{\"a\":1} // comment"),
       }) {
    EXPECT_EQ(Message(body), kNotJson) << body;
  }
}

// Malformed values anywhere, ignored properties included, are caught before any other check.
TEST_F(JsonBodyTest, MalformedValuesAnywhere) {
  for (const char* value : {
           "tru",        "nul",      "nullx",     "falsey",
           "01",         "1.",       "-",         ".5",
           "+1",         "1e",       "1e+",       "0x10",
           "1.5.2",      "NaN",      "Infinity",  "-Infinity",
           "12abc",      "[1,,2]",   "[1,]",      "[,1]",
           "[1 2]",      "{\"a\"}",  "{\"a\":}",  "{1:2}",
           "[1,{]}",     "\"\\x\"",  "\"\\u12\"", "\"\\ud800\"",
           "\"a\x01b\"", "\"\xff\"", "\"\xc3\"",  "\"\xed\xa0\x80\"",
           "undefined",  "'x'",      "[1]]",      "{\"a\":1}}",
       }) {
    for (const char* name : {"unknown", "parameters", "event_type", "session_id", "is_new_party",
                             "client_timestamp_iso"}) {
      EXPECT_EQ(Message(BodyWith(name, value)), kNotJson) << name << ": " << value;
    }
  }
  // Invalid UTF-8 or bad escapes in names.
  EXPECT_EQ(Message(BodyWith("\xff", "1")), kNotJson);
  EXPECT_EQ(Message(BodyWith("a\\qb", "1")), kNotJson);
}

TEST_F(JsonBodyTest, NotValidJsonComesBeforeOtherChecks) {
  EXPECT_EQ(Message(R"({"session_id": null, "x": [1,,2]})"), kNotJson);
  EXPECT_EQ(Message(R"({"x": [1,,2]})"), kNotJson);
  EXPECT_EQ(Message(R"([1, 2] x)"), kNotJson);
  EXPECT_EQ(Message(R"("text" x)"), kNotJson);
  EXPECT_EQ(Message(R"("text""x")"), kNotJson);
  EXPECT_EQ(Message("1 2"), kNotJson);
  EXPECT_EQ(Message("[1,]"), kNotJson);
  EXPECT_EQ(Message("\"\\x\""), kNotJson);
  EXPECT_EQ(Message("truex"), kNotJson);
  EXPECT_EQ(Message("tru"), kNotJson);
  EXPECT_EQ(Message("01"), kNotJson);
  EXPECT_EQ(Message("[[[]]"), kNotJson);
}

TEST_F(JsonBodyTest, NotAnObject) {
  for (const char* body : {"[]", "[1, {\"a\": [true]}]", "\"x\"", "  \"x\"  ", "1", "-1.5e3", "0",
                           "true", "false", "null", " null\n", "\xEF\xBB\xBF[]"}) {
    EXPECT_EQ(Message(body), kNotObject) << body;
  }
}

TEST_F(JsonBodyTest, MissingRequiredPropertyInTableOrder) {
  EXPECT_EQ(Message("{}"), "Missing required property: session_id.");
  EXPECT_EQ(Message(R"({"x": 1})"), "Missing required property: session_id.");
  for (const char* name :
       {"session_id", "event_id", "is_new_party", "is_new_session", "client_timestamp_iso"}) {
    EXPECT_EQ(Message(BodyWithout(name)), std::string("Missing required property: ") + name + ".");
  }
  // The first missing one in table order, whatever the body's order.
  EXPECT_EQ(Message(R"({"client_timestamp_iso": "x", "is_new_party": 1})"),
            "Missing required property: session_id.");
  EXPECT_EQ(Message(R"({"session_id": "x", "is_new_session": 1})"),
            "Missing required property: event_id.");
  // Missing comes before invalid: a null session_id is present.
  EXPECT_EQ(Message(R"({"session_id": null, "event_id": "e"})"),
            "Missing required property: is_new_party.");
  // Names are compared after unescaping, and exactly.
  EXPECT_EQ(Message(BodyWithout("session_id") + R"( )"), "Missing required property: session_id.");
  std::string escaped = Render(Defaults());
  escaped.replace(escaped.find("session_id"), 10, "session\\u005fid");
  EXPECT_EQ(Message(escaped), "ok");
  EXPECT_EQ(Message(BodyWithout("session_id").insert(1, R"("Session_id": "0:1:a",)")),
            "Missing required property: session_id.");
}

TEST_F(JsonBodyTest, InvalidValues) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"session_id", {"null", "[]", "{}", R"(["0:1:a"])", R"({"a": "0:1:a"})"}},
      {"event_id", {"null", "[]", "{}", R"(["e"])"}},
      {"is_new_party",
       {"1.5", "1.0", "0.0", "1e0", "-0.0", R"("yes")", R"("True")", R"("TRUE")", R"("FALSE")",
        R"(" true")", R"("true ")", R"("")", R"("1")", R"("0")", R"("null")", "[]", "{}",
        "[true]"}},
      {"is_new_session", {"2.5", R"("False")", "[false]", "{}"}},
      {"client_timestamp_iso", {"null", "[]", "{}"}},
      {"event_type", {"[]", "{}", R"(["x"])", R"({"x": 1})"}},
  };
  for (const auto& [name, values] : cases) {
    for (const std::string& value : values) {
      EXPECT_EQ(Message(BodyWith(name, value)), "Invalid value for property: " + name + ".")
          << name << ": " << value;
    }
  }
}

TEST_F(JsonBodyTest, CheckOrderAfterValidJson) {
  // Check 11 in table order.
  EXPECT_EQ(Message(Render({{"session_id", "null"},
                            {"event_id", "[]"},
                            {"is_new_party", "\"x\""},
                            {"is_new_session", "{}"},
                            {"client_timestamp_iso", "[]"},
                            {"event_type", "[]"}})),
            "Invalid value for property: session_id.");
  EXPECT_EQ(Message(Render({{"event_type", "[]"},
                            {"is_new_session", "{}"},
                            {"session_id", "\"bad\""},
                            {"event_id", "1"},
                            {"is_new_party", "1"},
                            {"client_timestamp_iso", "\"bad\""}})),
            "Invalid value for property: is_new_session.");
  // Check 11 before 12 before 13.
  std::vector<Member> members = Defaults();
  members[0].json = R"("not an identifier")";
  members[4].json = R"("not a timestamp")";
  members.push_back({"event_type", "{}"});
  EXPECT_EQ(Message(Render(members)), "Invalid value for property: event_type.");
  members.pop_back();
  EXPECT_EQ(Message(Render(members)), "Invalid session identifier.");
  members[0].json = R"("0:1:a")";
  EXPECT_EQ(Message(Render(members)), kBadTimestamp);
}

TEST_F(JsonBodyTest, SessionIdentifier) {
  EXPECT_EQ(Ok(BodyWith("session_id", R"("0:I1T84HGY:abc")")).session_id, "0:i1t84hgy:abc");
  EXPECT_EQ(Ok(BodyWith("session_id", R"("0:+00i1t84hgy:")")).session_id, "0:i1t84hgy:");
  EXPECT_EQ(Ok(BodyWith("session_id", R"("0:-5:x\u0041")")).session_id, "0:-5:xA");
  for (const char* value : {R"("")", R"("1:i1t84hgy:abc")", R"("0:i1t84hgy:a:b")", R"("0::abc")",
                            R"("0:zzzzzzzzzzzzzzz:abc")", "1", "true", "1.5"}) {
    EXPECT_EQ(Message(BodyWith("session_id", value)), "Invalid session identifier.") << value;
  }
}

TEST_F(JsonBodyTest, RequiredStringForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("e1")", "e1"},
      {R"("")", ""},
      {R"("a\"b\\c\/d\u00e9\n\ud83d\ude00")", "a\"b\\c/d\xc3\xa9\n\xf0\x9f\x98\x80"},
      {"\"\xc3\xa9\"", "\xc3\xa9"},
      // Numbers keep their source text (Jackson's getText()), whitespace after them excluded.
      {"42", "42"},
      {"1.50", "1.50"},
      {"1.50 \n", "1.50"},
      {"-0", "-0"},
      {"1E+2", "1E+2"},
      {"-1.5e-300", "-1.5e-300"},
      {"123456789012345678901234567890", "123456789012345678901234567890"},
      {"1e400", "1e400"},
      {"true", "true"},
      {"false", "false"},
  };
  for (const auto& [json, text] : cases) {
    EXPECT_EQ(Ok(BodyWith("event_id", json)).event_id, text) << json;
    EXPECT_EQ(Ok(BodyWith("event_type", json)).event_type, text) << json;
  }
}

TEST_F(JsonBodyTest, BooleanForms) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"true", true},
      {"false", false},
      {R"("true")", true},
      {R"("false")", false},
      {"0", false},
      {"-0", false},
      {"1", true},
      {"-3", true},
      {"100", true},
      {"null", false},
      {"123456789012345678901234567890", true},
      {"-9223372036854775809", true},
  };
  for (const auto& [json, flag] : cases) {
    EXPECT_EQ(Ok(BodyWith("is_new_party", json)).is_new_party, flag) << json;
    EXPECT_EQ(Ok(BodyWith("is_new_session", json)).is_new_session, flag) << json;
  }
}

TEST_F(JsonBodyTest, TimestampForms) {
  EXPECT_EQ(
      Ok(BodyWith("client_timestamp_iso", R"("1969-12-31t23:59:59.9995z")")).client_timestamp_ms,
      -1);
  EXPECT_EQ(Ok(BodyWith("client_timestamp_iso", R"("2016-08-24T13:29:39.412\u002B02:00")"))
                .client_timestamp_ms,
            1472038179412);
  for (const char* value : {R"("")", R"("2016-08-24T13:29:39")", R"("2016-02-30T00:00:00Z")",
                            "1472038179412", "true", "1.5"}) {
    EXPECT_EQ(Message(BodyWith("client_timestamp_iso", value)), kBadTimestamp) << value;
  }
}

TEST_F(JsonBodyTest, OptionalProperties) {
  EXPECT_EQ(Ok(BodyWith("event_type", "null")).event_type, std::nullopt);
  EXPECT_EQ(Ok(BodyWith("event_type", R"("")")).event_type, "");
  EXPECT_EQ(Ok(BodyWith("parameters", "null")).parameters, std::nullopt);
  EXPECT_EQ(Ok(BodyWith("parameters", R"("x")")).parameters, JsonValue::String("x"));
  EXPECT_EQ(Ok(BodyWith("parameters", "12")).parameters, JsonValue::Integer(12));
  EXPECT_EQ(Ok(BodyWith("parameters", "false")).parameters, JsonValue::Bool(false));
  EXPECT_EQ(Ok(BodyWith("parameters", "[]")).parameters, JsonValue::Array());
  EXPECT_EQ(Ok(BodyWith("parameters", "{}")).parameters, JsonValue::Object());
}

TEST_F(JsonBodyTest, ParameterValues) {
  const JsonEventBody body = Ok(BodyWith("parameters", R"({
      "s": "t\u00e9xt", "i": -42, "b": true, "n": null, "d": 1.5, "e": 1e2, "z": -0,
      "a": [1, "two", [3, {"four": 4}], {}, []],
      "o": {"x": 1, "y": {"z": [null]}}})"));
  ASSERT_TRUE(body.parameters.has_value());
  const JsonValue& p = *body.parameters;
  EXPECT_EQ(p.ToJson(), R"({"s":"t)"
                        "\xc3\xa9"
                        R"(xt","i":-42,"b":true,"n":null,"d":1.5,"e":100,"z":0,)"
                        R"("a":[1,"two",[3,{"four":4}],{},[]],"o":{"x":1,"y":{"z":[null]}}})");
  EXPECT_TRUE(p.Find("d")->is_double());
  EXPECT_TRUE(p.Find("e")->is_double());
  EXPECT_EQ(p.Find("e")->AsDouble(), 100.0);
  EXPECT_TRUE(p.Find("z")->is_integer());
  EXPECT_TRUE(p.Find("n")->is_null());
}

TEST_F(JsonBodyTest, BigIntegersAreExact) {
  const JsonEventBody body = Ok(BodyWith("parameters", R"([
      9223372036854775807, -9223372036854775808, 9223372036854775808, -9223372036854775809,
      123456789012345678901234567890123456789, 1e400, -1e400, 1e-400, 1.7976931348623157e308])"));
  ASSERT_TRUE(body.parameters.has_value());
  const event::JsonArray& values = body.parameters->AsArray();
  ASSERT_EQ(values.size(), 9u);
  EXPECT_EQ(values[0], JsonValue::Integer(INT64_MAX));
  EXPECT_EQ(values[1], JsonValue::Integer(INT64_MIN));
  EXPECT_EQ(values[2], JsonValue::BigInteger("9223372036854775808"));
  EXPECT_EQ(values[3], JsonValue::BigInteger("-9223372036854775809"));
  EXPECT_EQ(values[4], JsonValue::BigInteger("123456789012345678901234567890123456789"));
  EXPECT_EQ(values[5].AsDouble(), INFINITY);
  EXPECT_EQ(values[6].AsDouble(), -INFINITY);
  EXPECT_EQ(values[7].AsDouble(), 0.0);
  EXPECT_EQ(values[8].AsDouble(), 1.7976931348623157e308);
}

TEST_F(JsonBodyTest, DuplicatePropertiesLastWins) {
  std::vector<Member> members = Defaults();
  members.insert(members.begin(), {"session_id", R"("0:1:first")"});
  members.push_back({"session_id", R"("0:2:last")"});
  members.push_back({"event_id", R"("e2")"});
  members.push_back({"event_type", R"("a")"});
  members.push_back({"event_type", R"("b")"});
  members.push_back({"is_new_session", "true"});
  members.push_back({"parameters", R"({"a": 1})"});
  members.push_back({"parameters", R"({"b": 2, "b": 3})"});
  const JsonEventBody body = Ok(Render(members));
  EXPECT_EQ(body.session_id, "0:2:last");
  EXPECT_EQ(body.event_id, "e2");
  EXPECT_EQ(body.event_type, "b");
  EXPECT_TRUE(body.is_new_session);
  ASSERT_TRUE(body.parameters.has_value());
  // Nested duplicates are kept in order; lookups see the last.
  EXPECT_EQ(body.parameters->ToJson(), R"({"b":2,"b":3})");
  EXPECT_EQ(*body.parameters->Find("b"), JsonValue::Integer(3));

  // A later valid occurrence hides an earlier invalid one, and the other way round.
  EXPECT_EQ(Message(BodyWith("x", "1").insert(1, R"("is_new_party": "bad",)")), "ok");
  EXPECT_EQ(Message(BodyWith("is_new_party", R"("bad")").insert(1, R"("is_new_party": true,)")),
            "Invalid value for property: is_new_party.");
  EXPECT_EQ(Message(Render(Defaults()).insert(1, R"("session_id": "bad",)")), "ok");
  // A later null makes optional properties absent.
  members.push_back({"event_type", "null"});
  members.push_back({"parameters", "null"});
  const JsonEventBody nulled = Ok(Render(members));
  EXPECT_EQ(nulled.event_type, std::nullopt);
  EXPECT_EQ(nulled.parameters, std::nullopt);
}

TEST_F(JsonBodyTest, UnknownPropertiesIgnored) {
  const JsonEventBody body = Ok(BodyWith("extra", R"({"session_id": "bad", "a": [1, {"b": null}],
      "is_new_party": "bad"})") +
                                " ");
  EXPECT_EQ(body.session_id, "0:is8tiwk4:XLEU");
  EXPECT_TRUE(body.is_new_party);
  EXPECT_EQ(Message(BodyWith("", "1")), "ok");
  EXPECT_EQ(Message(BodyWith("Parameters", "[1")), kNotJson);
}

std::string Nested(int levels, const std::string& innermost) {
  std::string json;
  for (int i = 0; i < levels; ++i) json += i % 2 == 0 ? "[" : "{\"k\":";
  json += innermost;
  for (int i = levels - 1; i >= 0; --i) json += i % 2 == 0 ? "]" : "}";
  return json;
}

TEST_F(JsonBodyTest, NestingDepthIsBounded) {
  const JsonEventBody body = Ok(BodyWith("parameters", Nested(kMaxJsonBodyDepth, "1")));
  ASSERT_TRUE(body.parameters.has_value());
  EXPECT_EQ(body.parameters->ToJson(), Nested(kMaxJsonBodyDepth, "1"));
  EXPECT_EQ(Message(BodyWith("x", Nested(kMaxJsonBodyDepth, "1"))), "ok");
  EXPECT_EQ(Message(BodyWith("event_type", Nested(kMaxJsonBodyDepth, "1"))),
            "Invalid value for property: event_type.");
  for (const char* name : {"parameters", "x", "event_type", "is_new_party"}) {
    EXPECT_EQ(Message(BodyWith(name, Nested(kMaxJsonBodyDepth + 1, "1"))), kNotJson) << name;
    EXPECT_EQ(Message(BodyWith(name, Nested(100000, "1"))), kNotJson) << name;
  }
  EXPECT_EQ(Message(Nested(100000, "1")), kNotJson);
}

TEST_F(JsonBodyTest, ParserIsReusable) {
  std::string large_parameters = "[";
  for (int i = 0; i < 20000; ++i) large_parameters += (i ? "," : "") + std::to_string(i);
  large_parameters += "]";
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(Message(""), "Request body is empty.");
    const JsonEventBody large = Ok(BodyWith("parameters", large_parameters));
    ASSERT_TRUE(large.parameters.has_value());
    EXPECT_EQ(large.parameters->AsArray().size(), 20000u);
    EXPECT_EQ(Message("[1,"), kNotJson);
    EXPECT_EQ(Ok(BodyWith("event_id", "\"short\"")).event_id, "short");
    EXPECT_EQ(Message(BodyWithout("event_id")), "Missing required property: event_id.");
  }
}

}  // namespace
}  // namespace divolte::sources
