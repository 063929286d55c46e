#include "functions/json_text.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "avro/number_text.h"
#include "event/json_value.h"

namespace divolte::functions {
namespace {

using event::JsonValue;

bool ObjectContains(const JsonValue& object, const JsonValue& other) {
  for (const event::JsonMember& member : object.AsObject()) {
    const JsonValue* found = other.Find(member.name);
    if (found == nullptr || !JsonEquals(member.value, *found)) return false;
  }
  return true;
}

bool ArraysEqual(const event::JsonArray& a, const event::JsonArray& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!JsonEquals(a[i], b[i])) return false;
  }
  return true;
}

// Java's Double.equals: compares the bits, with every NaN equal to every NaN.
bool DoublesEqual(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

}  // namespace

bool AppendJsonScalarText(const JsonValue& value, std::string* out) {
  switch (value.kind()) {
    case JsonValue::Kind::kNull:
      out->append("null");
      return true;
    case JsonValue::Kind::kBool:
      out->append(value.AsBool() ? "true" : "false");
      return true;
    case JsonValue::Kind::kInteger: {
      char text[24];
      const auto result = std::to_chars(text, text + sizeof text, value.AsInteger());
      out->append(text, result.ptr);
      return true;
    }
    case JsonValue::Kind::kBigInteger:
      out->append(value.AsBigInteger());
      return true;
    case JsonValue::Kind::kDouble:
      avro::AppendJavaDoubleText(value.AsDouble(), out);
      return true;
    case JsonValue::Kind::kString:
      out->append(value.AsString());
      return true;
    case JsonValue::Kind::kArray:
    case JsonValue::Kind::kObject:
      return false;
  }
  return false;
}

std::string_view JsonParameterValue(const JsonValue& parameters, std::string_view name,
                                    std::string* scratch) {
  const JsonValue* member = parameters.Find(name);
  if (member == nullptr) return {};
  if (member->is_string()) return member->AsString();
  scratch->clear();
  AppendJsonScalarText(*member, scratch);
  return *scratch;
}

bool JsonEquals(const JsonValue& a, const JsonValue& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case JsonValue::Kind::kNull:
      return true;
    case JsonValue::Kind::kBool:
      return a.AsBool() == b.AsBool();
    case JsonValue::Kind::kInteger:
      return a.AsInteger() == b.AsInteger();
    case JsonValue::Kind::kBigInteger:
      return a.AsBigInteger() == b.AsBigInteger();
    case JsonValue::Kind::kDouble:
      return DoublesEqual(a.AsDouble(), b.AsDouble());
    case JsonValue::Kind::kString:
      return a.AsString() == b.AsString();
    case JsonValue::Kind::kArray:
      return ArraysEqual(a.AsArray(), b.AsArray());
    case JsonValue::Kind::kObject:
      return a.AsObject().size() == b.AsObject().size() && ObjectContains(a, b) &&
             ObjectContains(b, a);
  }
  return false;
}

}  // namespace divolte::functions
