#include "server/mapping_test_event.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>
#include <vector>

#include "event/base36.h"
#include "event/identifier.h"
#include "event/ip_address.h"

namespace divolte::server {
namespace {

using event::JsonValue;
using Json = nlohmann::json;

// Builds a JsonValue from the events of nlohmann's SAX parser: iteratively (an explicit stack of
// open containers), bounded in depth, and keeping the exact text of integers beyond 64 bits,
// which nlohmann's own tree would turn into doubles. Member names and values are taken as the
// parser produced them (valid UTF-8); duplicate members are kept, in order.
class JsonValueBuilder {
 public:
  // The parsed value. REQUIRES: the parse succeeded.
  JsonValue TakeRoot() { return std::move(*root_); }
  const std::string& error() const { return error_; }

  // The SAX interface (nlohmann's names). Returning false stops the parse.
  bool null() { return Add(JsonValue::Null()); }
  bool boolean(bool value) { return Add(JsonValue::Bool(value)); }
  bool number_integer(Json::number_integer_t value) { return Add(JsonValue::Integer(value)); }
  bool number_unsigned(Json::number_unsigned_t value) {
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Add(JsonValue::BigInteger(std::to_string(value)));
    }
    return Add(JsonValue::Integer(static_cast<int64_t>(value)));
  }
  bool number_float(Json::number_float_t value, const Json::string_t& text) {
    // An integer beyond 64 bits arrives here; JSON's grammar makes its text canonical.
    const bool integer = text.find_first_of(".eE") == std::string::npos;
    return Add(integer ? JsonValue::BigInteger(text) : JsonValue::Double(value));
  }
  bool string(Json::string_t& value) { return Add(JsonValue::String(std::move(value))); }
  bool binary(Json::binary_t& /*value*/) { return false; }  // never produced from JSON text
  bool start_object(std::size_t /*size*/) { return Open(JsonValue::Object()); }
  bool key(Json::string_t& name) {
    key_ = std::move(name);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) { return Open(JsonValue::Array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const Json::exception& error) {
    error_ = std::string("Invalid JSON: ") + error.what();
    return false;
  }

 private:
  struct OpenContainer {
    JsonValue container;
    std::string key;  // its name in the enclosing object
  };

  // Adds `value` to the innermost open container, or makes it the root.
  bool Add(JsonValue value) {
    if (open_.empty()) {
      root_ = std::move(value);
    } else if (open_.back().container.is_array()) {
      open_.back().container.MutableArray().push_back(std::move(value));
    } else {
      open_.back().container.MutableObject().push_back({std::move(key_), std::move(value)});
    }
    return true;
  }
  bool Open(JsonValue container) {
    if (open_.size() >= static_cast<size_t>(kMaxTestBodyDepth)) {
      error_ =
          "Invalid JSON: nested more than " + std::to_string(kMaxTestBodyDepth) + " levels deep.";
      return false;
    }
    open_.push_back({std::move(container), std::move(key_)});
    return true;
  }
  bool Close() {
    OpenContainer closed = std::move(open_.back());
    open_.pop_back();
    key_ = std::move(closed.key);
    return Add(std::move(closed.container));
  }

  std::vector<OpenContainer> open_;
  std::string key_;  // the name of the next member
  std::optional<JsonValue> root_;
  std::string error_;
};

}  // namespace

base::Result<JsonValue> ParseTestBody(std::string_view body) {
  JsonValueBuilder builder;
  if (!Json::sax_parse(body, &builder)) return base::Status::Error(builder.error());
  JsonValue root = builder.TakeRoot();
  if (!root.is_object()) return base::Status::Error("The body must be a JSON object.");
  return root;
}

// Reads the known keys of the body by type, keeping the first type error.
class MappingTestEvent::BodyReader {
 public:
  explicit BodyReader(const JsonValue& body) : body_(body) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // The value of `key`, nullptr when it is missing or null.
  const JsonValue* Find(std::string_view key) const {
    const JsonValue* value = body_.Find(key);
    return value != nullptr && !value->is_null() ? value : nullptr;
  }

  void String(std::string_view key, std::optional<std::string>* out) {
    const JsonValue* value = Find(key);
    if (value == nullptr) return;
    if (!value->is_string()) return Fail(key, "a string");
    *out = value->AsString();
  }

  // A party or session identifier, normalised (protocol.md §4.1).
  void Identifier(std::string_view key, std::optional<std::string>* out) {
    String(key, out);
    if (!*out) return;
    *out = event::NormaliseIdentifier(**out);
    if (!*out) Fail(key, "a valid identifier (0:<base-36 timestamp>:<unique part>)");
  }

  void Int32(std::string_view key, std::optional<int32_t>* out) {
    const JsonValue* value = Find(key);
    if (value == nullptr) return;
    if (!value->is_integer() || value->AsInteger() < std::numeric_limits<int32_t>::min() ||
        value->AsInteger() > std::numeric_limits<int32_t>::max()) {
      return Fail(key, "a 32-bit integer");
    }
    *out = static_cast<int32_t>(value->AsInteger());
  }

  void Bool(std::string_view key, bool* out) {
    const JsonValue* value = Find(key);
    if (value == nullptr) return;
    if (!value->is_bool()) return Fail(key, "true or false");
    *out = value->AsBool();
  }

 private:
  void Fail(std::string_view key, std::string_view expected) {
    if (error_.empty())
      error_ = "'" + std::string(key) + "' must be " + std::string(expected) + ".";
  }

  const JsonValue& body_;
  std::string error_;
};

base::Result<std::unique_ptr<MappingTestEvent>> MappingTestEvent::Build(
    const JsonValue& body, const TestRequestContext& context) {
  std::unique_ptr<MappingTestEvent> built(new MappingTestEvent());
  BodyReader reader(body);
  built->ReadIdentifiers(reader, context.now_ms);
  built->ReadPageValues(reader);
  built->ReadFlags(reader);
  std::optional<std::string> remote_host;
  reader.String("remote_host", &remote_host);
  if (!reader.ok()) return base::Status::Error(reader.error());
  built->CopyRequest(context, remote_host);
  built->LinkValues(context.now_ms);
  return built;
}

void MappingTestEvent::ReadIdentifiers(BodyReader& reader, int64_t now_ms) {
  std::optional<std::string> party;
  std::optional<std::string> session;
  std::optional<std::string> page_view;
  std::optional<std::string> event_id;
  reader.Identifier("party_id", &party);
  reader.Identifier("session_id", &session);
  reader.String("page_view_id", &page_view);
  reader.String("event_id", &event_id);
  event_.party_id = party ? *party : GenerateIdentifier(now_ms);
  event_.session_id = session ? *session : GenerateIdentifier(now_ms);
  page_view_id_ = page_view ? *page_view : GenerateIdentifier(now_ms);
  // As the tag numbers the events of a page view (tag.md §4): the first one ends in 0.
  event_id_ = event_id ? *event_id : page_view_id_ + "0";
}

void MappingTestEvent::ReadPageValues(BodyReader& reader) {
  reader.String("location", &location_);
  reader.String("referer", &referer_);
  reader.String("event_type", &event_type_);
  reader.Int32("viewport_pixel_width", &values_.viewport_width);
  reader.Int32("viewport_pixel_height", &values_.viewport_height);
  reader.Int32("screen_pixel_width", &values_.screen_width);
  reader.Int32("screen_pixel_height", &values_.screen_height);
  reader.Int32("device_pixel_ratio", &values_.device_pixel_ratio);
  // Any JSON value: what eventParameters() reads (no mincode involved).
  if (const JsonValue* parameters = reader.Find("parameters")) parameters_ = *parameters;
}

void MappingTestEvent::ReadFlags(BodyReader& reader) {
  reader.Bool("corrupt", &values_.corrupt);
  reader.Bool("duplicate", &values_.duplicate);
  reader.Bool("new_party_id", &values_.new_party);
  reader.Bool("first_in_session", &values_.first_in_session);
}

void MappingTestEvent::CopyRequest(const TestRequestContext& context,
                                   const std::optional<std::string>& remote_host) {
  event_.kind = event::SourceKind::kBrowser;
  event_.arrival_ms = context.now_ms;
  // Only an IP literal replaces the peer: remoteHost() never holds a name (protocol.md §13).
  const auto literal = remote_host ? event::IpAddress::ParseLiteral(*remote_host) : std::nullopt;
  event_.remote_host = literal ? literal->Render() : context.peer_host;
  for (const http::HeaderField& header : context.headers) {
    if (header.field == http::Field::user_agent && !event_.user_agent()) {
      event_.SetUserAgentLine(event_.header_count());
    }
    event_.AddHeader(header.name, header.value);
  }
}

// REQUIRES: every member the views point at has its final value.
void MappingTestEvent::LinkValues(int64_t now_ms) {
  values_.request = &event_;
  values_.timestamp = now_ms;
  values_.client_timestamp = now_ms;
  values_.remote_host = event_.remote_host;
  values_.party_id = event_.party_id;
  values_.session_id = event_.session_id;
  values_.event_id = event_id_;
  values_.page_view_id = page_view_id_;
  values_.user_agent = event_.user_agent();
  if (location_) values_.location = *location_;
  if (referer_) values_.referer = *referer_;
  if (event_type_) values_.event_type = *event_type_;
  if (parameters_) values_.json_parameters = &*parameters_;
}

std::string GenerateIdentifier(int64_t now_ms) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~_";
  static constexpr int kUniqueLength = 32;
  // Seeded once per thread from the OS: unique enough for test events, and no syscall per id.
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string id = "0:" + event::FormatBase36(now_ms) + ":";
  for (int i = 0; i < kUniqueLength; ++i) id.push_back(kAlphabet[random() & 0x3f]);
  return id;
}

}  // namespace divolte::server
