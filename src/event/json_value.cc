#include "event/json_value.h"

#include <charconv>
#include <cmath>
#include <ostream>

#include "base/check.h"

namespace divolte::event {
namespace {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

template <typename Number>
void AppendNumber(Number value, std::string* out) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, result.ptr);
}

}  // namespace

JsonValue::JsonValue(State state) : state_(std::move(state)) {}

JsonValue JsonValue::Bool(bool value) { return JsonValue(State(std::in_place_type<bool>, value)); }

JsonValue JsonValue::Integer(int64_t value) {
  return JsonValue(State(std::in_place_type<int64_t>, value));
}

JsonValue JsonValue::Double(double value) {
  return JsonValue(State(std::in_place_type<double>, value));
}

JsonValue JsonValue::BigInteger(std::string decimal) {
  return JsonValue(State(BigIntegerText{std::move(decimal)}));
}
JsonValue JsonValue::String(std::string value) {
  return JsonValue(State(std::in_place_type<std::string>, std::move(value)));
}
JsonValue JsonValue::Null() { return JsonValue(); }
JsonValue JsonValue::Array() { return JsonValue(State(std::in_place_type<JsonArray>)); }
JsonValue JsonValue::Object() { return JsonValue(State(std::in_place_type<JsonObject>)); }
JsonValue JsonValue::Array(JsonArray elements) {
  return JsonValue(State(std::in_place_type<JsonArray>, std::move(elements)));
}
JsonValue JsonValue::Object(JsonObject members) {
  return JsonValue(State(std::in_place_type<JsonObject>, std::move(members)));
}

bool JsonValue::AsBool() const {
  CHECK(is_bool());
  return std::get<bool>(state_);
}
int64_t JsonValue::AsInteger() const {
  CHECK(is_integer());
  return std::get<int64_t>(state_);
}
const std::string& JsonValue::AsBigInteger() const {
  CHECK(is_big_integer());
  return std::get<BigIntegerText>(state_).decimal;
}
double JsonValue::AsDouble() const {
  CHECK(is_double());
  return std::get<double>(state_);
}
const std::string& JsonValue::AsString() const {
  CHECK(is_string());
  return std::get<std::string>(state_);
}
const JsonArray& JsonValue::AsArray() const {
  CHECK(is_array());
  return std::get<JsonArray>(state_);
}
JsonArray& JsonValue::MutableArray() {
  CHECK(is_array());
  return std::get<JsonArray>(state_);
}
const JsonObject& JsonValue::AsObject() const {
  CHECK(is_object());
  return std::get<JsonObject>(state_);
}
JsonObject& JsonValue::MutableObject() {
  CHECK(is_object());
  return std::get<JsonObject>(state_);
}

const JsonValue* JsonValue::Find(std::string_view name) const {
  if (!is_object()) return nullptr;
  const JsonObject& members = std::get<JsonObject>(state_);
  for (auto member = members.rbegin(); member != members.rend(); ++member) {
    if (member->name == name) return &member->value;
  }
  return nullptr;
}

bool operator==(const JsonValue& a, const JsonValue& b) { return a.state_ == b.state_; }

std::string JsonValue::ToJson() const {
  std::string out;
  AppendJson(&out);
  return out;
}

void JsonValue::AppendJson(std::string* out) const {
  switch (kind()) {
    case Kind::kNull:
      out->append("null");
      break;
    case Kind::kBool:
      out->append(AsBool() ? "true" : "false");
      break;
    case Kind::kInteger:
      AppendNumber(AsInteger(), out);
      break;
    case Kind::kBigInteger:
      out->append(AsBigInteger());
      break;
    case Kind::kDouble:
      if (std::isfinite(AsDouble())) {
        AppendNumber(AsDouble(), out);
      } else {
        out->append("null");
      }
      break;
    case Kind::kString:
      AppendJsonString(AsString(), out);
      break;
    case Kind::kArray: {
      out->push_back('[');
      const char* separator = "";
      for (const JsonValue& element : AsArray()) {
        out->append(separator);
        element.AppendJson(out);
        separator = ",";
      }
      out->push_back(']');
      break;
    }
    case Kind::kObject: {
      out->push_back('{');
      const char* separator = "";
      for (const JsonMember& member : AsObject()) {
        out->append(separator);
        AppendJsonString(member.name, out);
        out->push_back(':');
        member.value.AppendJson(out);
        separator = ",";
      }
      out->push_back('}');
      break;
    }
  }
}

void PrintTo(const JsonValue& value, std::ostream* os) { *os << value.ToJson(); }

}  // namespace divolte::event
