#include "sources/json/json_body.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include "base/strings.h"
#include "event/identifier.h"
#include "sources/json/iso_timestamp.h"

namespace divolte::sources {
namespace {

namespace ondemand = simdjson::ondemand;
using event::JsonValue;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kEmptyBody = "Request body is empty.";
constexpr std::string_view kNotJson = "Request body is not valid JSON.";
constexpr std::string_view kNotObject = "Request body must be a JSON object.";
constexpr std::string_view kInvalidSession = "Invalid session identifier.";
constexpr std::string_view kInvalidTimestamp =
    "Invalid client_timestamp_iso; expected an ISO-8601 date-time with offset.";

// The properties of protocol.md §8.2 in table order, the order of checks 10 and 11.
enum Property : int {
  kSessionId,
  kEventId,
  kIsNewParty,
  kIsNewSession,
  kClientTimestampIso,
  kEventType,
  kParameters,
  kPropertyCount,
};
constexpr int kRequiredCount = kClientTimestampIso + 1;
constexpr std::array<std::string_view, kPropertyCount> kPropertyNames = {
    "session_id",           "event_id",   "is_new_party", "is_new_session",
    "client_timestamp_iso", "event_type", "parameters",
};

// What the last occurrence of a property held.
enum class Form : uint8_t { kMissing, kValue, kNull, kInvalid };

// The properties read from one body. Text views point into the padded body or the parser's
// string buffer: valid until the next iterate().
struct Properties {
  std::array<Form, kPropertyCount> form{};
  std::array<std::string_view, kPropertyCount> text{};
  std::array<bool, kPropertyCount> flag{};
  JsonValue parameters;
};

std::string_view TrimTrailingJsonWhitespace(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True if `token` is exactly a JSON number (RFC 8259 §6); *is_integer when it has neither
// fraction nor exponent.
bool IsJsonNumber(std::string_view token, bool* is_integer) {
  size_t i = token.starts_with('-') ? 1 : 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < token.size() && IsDigit(token[i])) ++i;
    return i > start;
  };
  if (i < token.size() && token[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  *is_integer = true;
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (!digits()) return false;
    *is_integer = false;
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return false;
    *is_integer = false;
  }
  return i == token.size();
}

// The source text of the number `value` (not consumed), or false if it is not a JSON number.
bool NumberToken(ondemand::value& value, std::string_view* token, bool* is_integer) {
  *token = TrimTrailingJsonWhitespace(value.raw_json_token());
  return IsJsonNumber(*token, is_integer);
}

bool Walk(ondemand::value& value, int depth, JsonValue* out);

// Walks the elements of an array whose nesting level is `level`.
bool WalkArray(ondemand::array& array, int level, JsonValue* out) {
  if (level > kMaxJsonBodyDepth) return false;
  event::JsonArray elements;
  for (auto element_result : array) {
    ondemand::value element;
    if (element_result.get(element) != simdjson::SUCCESS) return false;
    JsonValue child;
    if (!Walk(element, level, out != nullptr ? &child : nullptr)) return false;
    if (out != nullptr) elements.push_back(std::move(child));
  }
  if (out != nullptr) *out = JsonValue::Array(std::move(elements));
  return true;
}

bool WalkObject(ondemand::object& object, int level, JsonValue* out) {
  if (level > kMaxJsonBodyDepth) return false;
  event::JsonObject members;
  for (auto field_result : object) {
    ondemand::field field;
    std::string_view name;
    if (std::move(field_result).get(field) != simdjson::SUCCESS ||
        field.unescaped_key().get(name) != simdjson::SUCCESS) {
      return false;
    }
    JsonValue child;
    if (!Walk(field.value(), level, out != nullptr ? &child : nullptr)) return false;
    if (out != nullptr) members.push_back({std::string(name), std::move(child)});
  }
  if (out != nullptr) *out = JsonValue::Object(std::move(members));
  return true;
}

bool WalkNumber(ondemand::value& value, JsonValue* out) {
  std::string_view token;
  bool is_integer = false;
  if (!NumberToken(value, &token, &is_integer)) return false;
  if (out == nullptr) return true;
  if (is_integer) {
    int64_t integer = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), integer);
    // The JSON grammar forbids leading zeros, so an out-of-range token is canonical decimal.
    *out = error == std::errc() ? JsonValue::Integer(integer)
                                : JsonValue::BigInteger(std::string(token));
    return true;
  }
  double number = 0;
  if (value.get_double().get(number) != simdjson::SUCCESS) {
    // simdjson rejects only magnitudes beyond the double range here (the token is a valid
    // number); Java's Double.parseDouble, behind Divolte's Jackson, yields infinity.
    number = token.starts_with('-') ? -std::numeric_limits<double>::infinity()
                                    : std::numeric_limits<double>::infinity();
  }
  *out = JsonValue::Double(number);
  return true;
}

// Validates `value` and everything inside it; converts it into *out unless `out` is null.
// `depth` is the number of arrays/objects enclosing `value` below the top-level object.
bool Walk(ondemand::value& value, int depth, JsonValue* out) {
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      return value.get_object().get(object) == simdjson::SUCCESS &&
             WalkObject(object, depth + 1, out);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      return value.get_array().get(array) == simdjson::SUCCESS && WalkArray(array, depth + 1, out);
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) return false;
      if (out != nullptr) *out = JsonValue::String(std::string(text));
      return true;
    }
    case ondemand::json_type::number:
      return WalkNumber(value, out);
    case ondemand::json_type::boolean: {
      bool flag = false;
      if (value.get_bool().get(flag) != simdjson::SUCCESS) return false;
      if (out != nullptr) *out = JsonValue::Bool(flag);
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) return false;
      if (out != nullptr) *out = JsonValue::Null();
      return true;
    }
  }
  return false;
}

// A string property (required strings and event_type): a string, or a number or boolean as text.
bool ReadText(ondemand::value& value, Form* form, std::string_view* text) {
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  bool flag = false;
  bool is_integer = false;
  switch (type) {
    case ondemand::json_type::string:
      *form = Form::kValue;
      return value.get_string().get(*text) == simdjson::SUCCESS;
    case ondemand::json_type::number:
      *form = Form::kValue;
      return NumberToken(value, text, &is_integer);
    case ondemand::json_type::boolean:
      *form = Form::kValue;
      if (value.get_bool().get(flag) != simdjson::SUCCESS) return false;
      *text = flag ? "true" : "false";
      return true;
    case ondemand::json_type::null:
      *form = Form::kNull;
      return Walk(value, 0, nullptr);
    default:
      *form = Form::kInvalid;
      return Walk(value, 0, nullptr);
  }
}

// A boolean property: true/false, "true"/"false" (exact, as Jackson), integers (0 is false),
// null (false).
bool ReadBool(ondemand::value& value, Form* form, bool* flag) {
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  *form = Form::kValue;
  *flag = false;
  std::string_view text;
  bool is_integer = false;
  switch (type) {
    case ondemand::json_type::boolean:
      return value.get_bool().get(*flag) == simdjson::SUCCESS;
    case ondemand::json_type::string:
      if (value.get_string().get(text) != simdjson::SUCCESS) return false;
      *flag = text == "true";
      if (!*flag && text != "false") *form = Form::kInvalid;
      return true;
    case ondemand::json_type::number:
      if (!NumberToken(value, &text, &is_integer)) return false;
      // Any non-zero digit makes a non-zero integer (also beyond int64, and "-0" is zero).
      *flag = text.find_first_of("123456789") != std::string_view::npos;
      if (!is_integer) *form = Form::kInvalid;
      return true;
    case ondemand::json_type::null:
      return Walk(value, 0, nullptr);
    default:
      *form = Form::kInvalid;
      return Walk(value, 0, nullptr);
  }
}

bool ReadParameters(ondemand::value& value, Form* form, JsonValue* parameters) {
  if (!Walk(value, 0, parameters)) return false;
  *form = parameters->is_null() ? Form::kNull : Form::kValue;
  return true;
}

bool ReadProperty(int property, ondemand::value& value, Properties* properties) {
  Form* form = &properties->form[property];
  switch (property) {
    case kIsNewParty:
    case kIsNewSession:
      return ReadBool(value, form, &properties->flag[property]);
    case kParameters:
      return ReadParameters(value, form, &properties->parameters);
    default:
      return ReadText(value, form, &properties->text[property]);
  }
}

int FindProperty(std::string_view name) {
  for (int property = 0; property < kPropertyCount; ++property) {
    if (kPropertyNames[property] == name) return property;
  }
  return -1;
}

// Reads every member of the top-level object (the last occurrence of a property wins) and checks
// that nothing follows it. False if the body is not valid JSON.
bool ReadProperties(ondemand::document& document, Properties* properties) {
  ondemand::object object;
  if (document.get_object().get(object) != simdjson::SUCCESS) return false;
  for (auto field_result : object) {
    ondemand::field field;
    std::string_view name;
    if (std::move(field_result).get(field) != simdjson::SUCCESS ||
        field.unescaped_key().get(name) != simdjson::SUCCESS) {
      return false;
    }
    const int property = FindProperty(name);
    const bool valid = property < 0 ? Walk(field.value(), 0, nullptr)
                                    : ReadProperty(property, field.value(), properties);
    if (!valid) return false;
  }
  // current_location() fails with OUT_OF_BOUNDS exactly when no token follows.
  return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

// Whether a document that is not an object is valid JSON (check 8 before check 9).
bool IsValidNonObject(ondemand::document& document, ondemand::json_type type,
                      const char* body_end) {
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    return document.get_array().get(array) == simdjson::SUCCESS && WalkArray(array, 1, nullptr) &&
           document.current_location().error() == simdjson::OUT_OF_BOUNDS;
  }
  // A scalar document is valid if it is the only token and well-formed. Its raw token runs up to
  // the next token or the end of the body.
  std::string_view raw;
  if (document.raw_json_token().get(raw) != simdjson::SUCCESS ||
      raw.data() + raw.size() != body_end) {
    return false;
  }
  const std::string_view token = TrimTrailingJsonWhitespace(raw);
  std::string_view text;
  bool is_integer = false;
  switch (type) {
    case ondemand::json_type::string:
      return document.get_string().get(text) == simdjson::SUCCESS;
    case ondemand::json_type::number:
      return IsJsonNumber(token, &is_integer);
    case ondemand::json_type::boolean:
      return token == "true" || token == "false";
    case ondemand::json_type::null:
      return token == "null";
    default:
      return false;
  }
}

base::Result<JsonEventBody> Fail(std::string_view message) {
  return base::Result<JsonEventBody>::Error(std::string(message));
}

base::Result<JsonEventBody> Fail(std::string_view prefix, int property) {
  std::string message(prefix);
  message.append(kPropertyNames[property]).push_back('.');
  return base::Result<JsonEventBody>::Error(std::move(message));
}

// Checks 10-13 over the properties of a syntactically valid object.
base::Result<JsonEventBody> Validate(Properties& properties) {
  for (int property = 0; property < kRequiredCount; ++property) {
    if (properties.form[property] == Form::kMissing) {
      return Fail("Missing required property: ", property);
    }
  }
  for (int property = 0; property < kPropertyCount; ++property) {
    const Form form = properties.form[property];
    if (form == Form::kInvalid || (form == Form::kNull && property < kRequiredCount)) {
      return Fail("Invalid value for property: ", property);
    }
  }
  JsonEventBody body;
  if (!event::AppendNormalisedIdentifier(properties.text[kSessionId], &body.session_id)) {
    return Fail(kInvalidSession);
  }
  const std::optional<int64_t> timestamp = ParseIsoTimestamp(properties.text[kClientTimestampIso]);
  if (!timestamp) return Fail(kInvalidTimestamp);
  body.client_timestamp_ms = *timestamp;
  body.event_id = properties.text[kEventId];
  body.is_new_party = properties.flag[kIsNewParty];
  body.is_new_session = properties.flag[kIsNewSession];
  if (properties.form[kEventType] == Form::kValue) body.event_type = properties.text[kEventType];
  if (properties.form[kParameters] == Form::kValue) {
    body.parameters = std::move(properties.parameters);
  }
  return body;
}

}  // namespace

struct JsonBodyParser::Impl {
  // Copies `body` into the reusable buffer followed by SIMDJSON_PADDING zero bytes.
  const char* Pad(std::string_view body) {
    const size_t needed = body.size() + simdjson::SIMDJSON_PADDING;
    if (capacity < needed) {
      buffer = std::make_unique_for_overwrite<char[]>(needed);
      capacity = needed;
    }
    std::memcpy(buffer.get(), body.data(), body.size());
    std::memset(buffer.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
    return buffer.get();
  }

  ondemand::parser parser;
  std::unique_ptr<char[]> buffer;
  size_t capacity = 0;
};

JsonBodyParser::JsonBodyParser() : impl_(std::make_unique<Impl>()) {}
JsonBodyParser::~JsonBodyParser() = default;

base::Result<JsonEventBody> JsonBodyParser::Parse(std::string_view body) {
  if (body.empty()) return Fail(kEmptyBody);
  if (body.starts_with(kByteOrderMark)) body.remove_prefix(kByteOrderMark.size());
  const char* padded = impl_->Pad(body);
  // iterate() validates UTF-8 and string termination over the whole body; the walk below
  // validates every value, so no malformed part goes unnoticed.
  ondemand::document document;
  ondemand::json_type type;
  if (impl_->parser.iterate(padded, body.size(), impl_->capacity).get(document) !=
          simdjson::SUCCESS ||
      document.type().get(type) != simdjson::SUCCESS) {
    return Fail(kNotJson);
  }
  if (type != ondemand::json_type::object) {
    return Fail(IsValidNonObject(document, type, padded + body.size()) ? kNotObject : kNotJson);
  }
  Properties properties;
  if (!ReadProperties(document, &properties)) return Fail(kNotJson);
  return Validate(properties);
}

}  // namespace divolte::sources
