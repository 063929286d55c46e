#include "avro/json_bridge.h"

#include <limits>
#include <string>

namespace divolte::avro {
namespace {

event::JsonValue IntegerValue(const OrderedJson& json) {
  if (json.is_number_unsigned()) {
    const uint64_t value = json.get<uint64_t>();
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return event::JsonValue::BigInteger(std::to_string(value));
    }
  }
  return event::JsonValue::Integer(json.get<int64_t>());
}

}  // namespace

event::JsonValue ToJsonValue(const OrderedJson& json) {
  switch (json.type()) {
    case OrderedJson::value_t::boolean:
      return event::JsonValue::Bool(json.get<bool>());
    case OrderedJson::value_t::number_integer:
    case OrderedJson::value_t::number_unsigned:
      return IntegerValue(json);
    case OrderedJson::value_t::number_float:
      return event::JsonValue::Double(json.get<double>());
    case OrderedJson::value_t::string:
      return event::JsonValue::String(json.get<std::string>());
    case OrderedJson::value_t::array: {
      event::JsonArray elements;
      for (const OrderedJson& element : json) elements.push_back(ToJsonValue(element));
      return event::JsonValue::Array(std::move(elements));
    }
    case OrderedJson::value_t::object: {
      event::JsonObject members;
      for (const auto& [name, value] : json.items()) members.push_back({name, ToJsonValue(value)});
      return event::JsonValue::Object(std::move(members));
    }
    default:  // null, discarded, binary
      return event::JsonValue::Null();
  }
}

}  // namespace divolte::avro
