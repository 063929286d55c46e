#include "avro/json_to_avro.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <unordered_set>

#include "avro/base64.h"
#include "avro/encoder.h"
#include "avro/number_text.h"

namespace divolte::avro {
namespace {

using event::JsonValue;

bool IsScalar(SchemaType type) {
  switch (type) {
    case SchemaType::kBoolean:
    case SchemaType::kInt:
    case SchemaType::kLong:
    case SchemaType::kFloat:
    case SchemaType::kDouble:
    case SchemaType::kString:
    case SchemaType::kBytes:
    case SchemaType::kFixed:
    case SchemaType::kEnum:
      return true;
    default:
      return false;
  }
}

// Scalar targets first unwrap a one-element array; nullptr for an empty or longer array.
const JsonValue* Unwrap(const JsonValue& json) {
  if (!json.is_array()) return &json;
  const event::JsonArray& elements = json.AsArray();
  return elements.size() == 1 ? &elements[0] : nullptr;
}

// An (unwrapped) value that counts as null for a scalar target: null, and "" unless the target
// is a string.
bool IsNullScalar(const JsonValue& value, SchemaType target) {
  return value.is_null() ||
         (target != SchemaType::kString && value.is_string() && value.AsString().empty());
}

// JSON null, and for scalar targets also `[null]` and what IsNullScalar says.
bool IsNullFor(const JsonValue& json, const SchemaNode& target) {
  if (json.is_null()) return true;
  if (!IsScalar(target.type)) return false;
  const JsonValue* value = Unwrap(json);
  return value != nullptr && IsNullScalar(*value, target.type);
}

std::string_view TrimWhitespace(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\n\r\f\v";
  const size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kWhitespace) + 1 - begin);
}

// A decimal integer with optional sign, surrounding whitespace ignored.
JsonConversion ParseIntegerText(std::string_view text, int64_t* value) {
  text = TrimWhitespace(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() < '0' || text.front() > '9') return JsonConversion::kWrongType;
  }
  const auto result = std::from_chars(text.data(), text.data() + text.size(), *value);
  if (result.ec == std::errc::result_out_of_range) return JsonConversion::kOutOfRange;
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    return JsonConversion::kWrongType;
  }
  return JsonConversion::kConverted;
}

// The integer a JSON value stands for (mapping.md §11.1 `int`/`long`), within [min, max].
JsonConversion ToInteger(const JsonValue& json, int64_t min, int64_t max, int64_t* value) {
  switch (json.kind()) {
    case JsonValue::Kind::kInteger:
      *value = json.AsInteger();
      break;
    case JsonValue::Kind::kBigInteger:
      return JsonConversion::kOutOfRange;
    case JsonValue::Kind::kDouble: {
      const double truncated = std::trunc(json.AsDouble());
      // max + 1.0 is exact for int (2^31) and rounds to exactly 2^63 for long.
      if (!(truncated >= static_cast<double>(min) && truncated < static_cast<double>(max) + 1.0)) {
        return JsonConversion::kOutOfRange;
      }
      *value = static_cast<int64_t>(truncated);
      return JsonConversion::kConverted;
    }
    case JsonValue::Kind::kString: {
      const JsonConversion parsed = ParseIntegerText(json.AsString(), value);
      if (parsed != JsonConversion::kConverted) return parsed;
      break;
    }
    default:
      return JsonConversion::kWrongType;
  }
  return *value >= min && *value <= max ? JsonConversion::kConverted : JsonConversion::kOutOfRange;
}

template <typename Real>
std::optional<Real> ParseRealText(std::string_view text) {
  if constexpr (sizeof(Real) == sizeof(float)) {
    return ParseFloatText(TrimWhitespace(text));
  } else {
    return ParseDoubleText(TrimWhitespace(text));
  }
}

// The nearest float or double of a JSON number or numeric string.
template <typename Real>
std::optional<Real> ToReal(const JsonValue& json) {
  switch (json.kind()) {
    case JsonValue::Kind::kInteger:
      return static_cast<Real>(json.AsInteger());
    case JsonValue::Kind::kBigInteger:
      return ParseRealText<Real>(json.AsBigInteger());
    case JsonValue::Kind::kDouble:
      return static_cast<Real>(json.AsDouble());
    case JsonValue::Kind::kString:
      return ParseRealText<Real>(json.AsString());
    default:
      return std::nullopt;
  }
}

class Converter {
 public:
  explicit Converter(std::string* out) : encoder_(out) {}

  JsonConversion Convert(const JsonValue& json, const SchemaNode& schema, int depth);

 private:
  JsonConversion ConvertUnion(const JsonValue& json, const SchemaNode& schema, int depth);
  JsonConversion ConvertRecord(const JsonValue& json, const SchemaNode& schema, int depth);
  JsonConversion ConvertArray(const JsonValue& json, const SchemaNode& schema, int depth);
  JsonConversion ConvertMap(const JsonValue& json, const SchemaNode& schema, int depth);
  JsonConversion ConvertScalar(const JsonValue& json, const SchemaNode& schema);
  JsonConversion WriteBoolean(const JsonValue& json);
  JsonConversion WriteInteger(const JsonValue& json, SchemaType type);
  JsonConversion WriteReal(const JsonValue& json, SchemaType type);
  JsonConversion WriteString(const JsonValue& json);
  JsonConversion WriteBytes(const JsonValue& json, const SchemaNode& schema);
  JsonConversion WriteEnum(const JsonValue& json, const SchemaNode& schema);

  BinaryEncoder encoder_;
};

JsonConversion Converter::Convert(const JsonValue& json, const SchemaNode& schema, int depth) {
  if (depth > kMaxJsonConversionDepth) return JsonConversion::kTooDeep;
  switch (schema.type) {
    case SchemaType::kUnion:
      return ConvertUnion(json, schema, depth);
    case SchemaType::kNull:
      return json.is_null() ? JsonConversion::kConverted : JsonConversion::kWrongType;
    case SchemaType::kRecord:
    case SchemaType::kArray:
    case SchemaType::kMap:
      if (json.is_null()) return JsonConversion::kNotNullable;
      if (schema.type == SchemaType::kRecord) return ConvertRecord(json, schema, depth);
      if (schema.type == SchemaType::kArray) return ConvertArray(json, schema, depth);
      return ConvertMap(json, schema, depth);
    default:
      return ConvertScalar(json, schema);
  }
}

JsonConversion Converter::ConvertUnion(const JsonValue& json, const SchemaNode& schema, int depth) {
  const SchemaNode* value_type = MappableType(schema);
  if (value_type == nullptr) return JsonConversion::kUnsupportedUnion;
  const std::optional<int32_t> null_branch = UnionBranchOf(schema, SchemaType::kNull);
  if (null_branch && IsNullFor(json, *value_type)) {
    encoder_.WriteUnionIndex(*null_branch);
    return JsonConversion::kConverted;
  }
  encoder_.WriteUnionIndex(schema.branches[0] == value_type ? 0 : 1);
  return Convert(json, *value_type, depth + 1);
}

JsonConversion Converter::ConvertRecord(const JsonValue& json, const SchemaNode& schema,
                                        int depth) {
  if (!json.is_object()) return JsonConversion::kWrongType;
  const event::JsonObject& members = json.AsObject();
  for (const Field& field : schema.fields) {
    // The last member of that name wins, as for duplicate properties elsewhere (protocol.md §8).
    const JsonValue* value = nullptr;
    for (auto member = members.rbegin(); member != members.rend() && !value; ++member) {
      if (member->name == field.name) value = &member->value;
    }
    if (value != nullptr) {
      const JsonConversion converted = Convert(*value, *field.schema, depth + 1);
      if (converted != JsonConversion::kConverted) return converted;
    } else if (field.has_default()) {
      encoder_.output()->append(field.default_datum);
    } else {
      return JsonConversion::kMissingMember;
    }
  }
  return JsonConversion::kConverted;
}

JsonConversion Converter::ConvertArray(const JsonValue& json, const SchemaNode& schema, int depth) {
  if (!json.is_array()) {  // any other value becomes a one-element array
    encoder_.StartArray(1);
    const JsonConversion converted = Convert(json, *schema.items, depth + 1);
    encoder_.EndArray();
    return converted;
  }
  const event::JsonArray& elements = json.AsArray();
  encoder_.StartArray(static_cast<int64_t>(elements.size()));
  for (const JsonValue& element : elements) {
    const JsonConversion converted = Convert(element, *schema.items, depth + 1);
    if (converted != JsonConversion::kConverted) return converted;
  }
  encoder_.EndArray();
  return JsonConversion::kConverted;
}

// Duplicate member names are all written; Avro readers keep the last, like JSON readers do.
JsonConversion Converter::ConvertMap(const JsonValue& json, const SchemaNode& schema, int depth) {
  if (!json.is_object()) return JsonConversion::kWrongType;
  const event::JsonObject& members = json.AsObject();
  encoder_.StartMap(static_cast<int64_t>(members.size()));
  for (const event::JsonMember& member : members) {
    encoder_.WriteString(member.name);
    const JsonConversion converted = Convert(member.value, *schema.values, depth + 1);
    if (converted != JsonConversion::kConverted) return converted;
  }
  encoder_.EndMap();
  return JsonConversion::kConverted;
}

JsonConversion Converter::ConvertScalar(const JsonValue& json, const SchemaNode& schema) {
  const JsonValue* value = Unwrap(json);
  if (value == nullptr) return JsonConversion::kNotSingleElement;
  if (IsNullScalar(*value, schema.type)) return JsonConversion::kNotNullable;
  switch (schema.type) {
    case SchemaType::kBoolean:
      return WriteBoolean(*value);
    case SchemaType::kInt:
    case SchemaType::kLong:
      return WriteInteger(*value, schema.type);
    case SchemaType::kFloat:
    case SchemaType::kDouble:
      return WriteReal(*value, schema.type);
    case SchemaType::kString:
      return WriteString(*value);
    case SchemaType::kBytes:
    case SchemaType::kFixed:
      return WriteBytes(*value, schema);
    default:
      return WriteEnum(*value, schema);
  }
}

JsonConversion Converter::WriteBoolean(const JsonValue& json) {
  bool value = false;
  if (json.is_bool()) {
    value = json.AsBool();
  } else if (json.is_integer() || json.is_big_integer()) {
    value = json.is_big_integer() || json.AsInteger() != 0;
  } else if (json.is_string() && (json.AsString() == "true" || json.AsString() == "True")) {
    value = true;
  } else if (!json.is_string() || (json.AsString() != "false" && json.AsString() != "False")) {
    return JsonConversion::kWrongType;
  }
  encoder_.WriteBoolean(value);
  return JsonConversion::kConverted;
}

JsonConversion Converter::WriteInteger(const JsonValue& json, SchemaType type) {
  const bool is_int = type == SchemaType::kInt;
  const int64_t min = is_int ? INT32_MIN : INT64_MIN;
  const int64_t max = is_int ? INT32_MAX : INT64_MAX;
  int64_t value = 0;
  const JsonConversion converted = ToInteger(json, min, max, &value);
  if (converted == JsonConversion::kConverted) encoder_.WriteLong(value);
  return converted;
}

JsonConversion Converter::WriteReal(const JsonValue& json, SchemaType type) {
  if (type == SchemaType::kFloat) {
    const std::optional<float> value = ToReal<float>(json);
    if (!value) return JsonConversion::kWrongType;
    encoder_.WriteFloat(*value);
  } else {
    const std::optional<double> value = ToReal<double>(json);
    if (!value) return JsonConversion::kWrongType;
    encoder_.WriteDouble(*value);
  }
  return JsonConversion::kConverted;
}

JsonConversion Converter::WriteString(const JsonValue& json) {
  switch (json.kind()) {
    case JsonValue::Kind::kString:
      encoder_.WriteString(json.AsString());
      return JsonConversion::kConverted;
    case JsonValue::Kind::kBool:
      encoder_.WriteString(json.AsBool() ? "true" : "false");
      return JsonConversion::kConverted;
    case JsonValue::Kind::kInteger: {
      char digits[24];
      const auto result = std::to_chars(digits, digits + sizeof digits, json.AsInteger());
      encoder_.WriteString(std::string_view(digits, result.ptr - digits));
      return JsonConversion::kConverted;
    }
    case JsonValue::Kind::kBigInteger:
      encoder_.WriteString(json.AsBigInteger());
      return JsonConversion::kConverted;
    case JsonValue::Kind::kDouble: {
      std::string text;
      AppendJavaDoubleText(json.AsDouble(), &text);
      encoder_.WriteString(text);
      return JsonConversion::kConverted;
    }
    default:
      return JsonConversion::kWrongType;
  }
}

// Decodes straight into the output: the decoded length of padded Base64 is known in advance.
JsonConversion Converter::WriteBytes(const JsonValue& json, const SchemaNode& schema) {
  if (!json.is_string()) return JsonConversion::kWrongType;
  const std::string& text = json.AsString();
  std::string* out = encoder_.output();
  if (schema.type == SchemaType::kBytes) {
    const size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    if (text.size() % 4 != 0) return JsonConversion::kInvalidBase64;
    encoder_.WriteLong(static_cast<int64_t>(text.size() / 4 * 3 - padding));
    return DecodeBase64(text, out) ? JsonConversion::kConverted : JsonConversion::kInvalidBase64;
  }
  const size_t start = out->size();
  if (!DecodeBase64(text, out)) return JsonConversion::kInvalidBase64;
  if (out->size() - start < schema.fixed_size) return JsonConversion::kFixedTooShort;
  out->resize(start + schema.fixed_size);
  return JsonConversion::kConverted;
}

JsonConversion Converter::WriteEnum(const JsonValue& json, const SchemaNode& schema) {
  if (!json.is_string()) return JsonConversion::kWrongType;
  const std::optional<int32_t> symbol = schema.FindSymbol(json.AsString());
  if (!symbol) return JsonConversion::kUnknownSymbol;
  encoder_.WriteEnum(*symbol);
  return JsonConversion::kConverted;
}

base::Status CheckTarget(const SchemaNode& schema,
                         std::unordered_set<const SchemaNode*>* checked_records) {
  switch (schema.type) {
    case SchemaType::kUnion:
      if (!IsTrivialUnion(schema)) {
        return base::Status::Error(
            "Unsupported union encountered; only trivial unions with null are supported: " +
            schema.json);
      }
      return CheckTarget(*MappableType(schema), checked_records);
    case SchemaType::kRecord:
      if (!checked_records->insert(&schema).second) return {};
      for (const Field& field : schema.fields) {
        base::Status status = CheckTarget(*field.schema, checked_records);
        if (!status.ok()) return status;
      }
      return {};
    case SchemaType::kArray:
      return CheckTarget(*schema.items, checked_records);
    case SchemaType::kMap:
      return CheckTarget(*schema.values, checked_records);
    default:
      return {};
  }
}

}  // namespace

std::string_view JsonConversionName(JsonConversion conversion) {
  switch (conversion) {
    case JsonConversion::kConverted:
      return "converted";
    case JsonConversion::kNull:
      return "null";
    case JsonConversion::kWrongType:
      return "wrong JSON type for the field";
    case JsonConversion::kOutOfRange:
      return "number out of range";
    case JsonConversion::kNotNullable:
      return "null where the schema is not nullable";
    case JsonConversion::kNotSingleElement:
      return "array without exactly one element onto a scalar type";
    case JsonConversion::kUnknownSymbol:
      return "unknown enum symbol";
    case JsonConversion::kInvalidBase64:
      return "invalid Base64";
    case JsonConversion::kFixedTooShort:
      return "Base64 too short for the fixed size";
    case JsonConversion::kMissingMember:
      return "missing member for a field without default";
    case JsonConversion::kUnsupportedUnion:
      return "unsupported union";
    case JsonConversion::kTooDeep:
      return "nesting too deep";
  }
  return "unknown";
}

JsonConversion ConvertJsonToAvro(const event::JsonValue& json, const SchemaNode& schema,
                                 std::string* out) {
  const SchemaNode* value_type = MappableType(schema);
  if (value_type != nullptr && IsNullFor(json, *value_type)) return JsonConversion::kNull;
  return Converter(out).Convert(json, schema, 0);
}

base::Status CheckJsonTarget(const SchemaNode& schema) {
  std::unordered_set<const SchemaNode*> checked_records;
  return CheckTarget(schema, &checked_records);
}

}  // namespace divolte::avro
