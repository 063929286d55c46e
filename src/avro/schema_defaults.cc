#include "avro/schema_defaults.h"

#include <cstdint>
#include <limits>

#include "avro/encoder.h"

namespace divolte::avro {
namespace {

constexpr int kMaxDefaultDepth = 64;

class DefaultWriter {
 public:
  DefaultWriter(const FieldDefaults& field_defaults, std::string* out)
      : field_defaults_(field_defaults), encoder_(out) {}

  bool Write(const SchemaNode& schema, const OrderedJson& value, int depth);

 private:
  bool WriteInteger(SchemaType type, const OrderedJson& value);
  bool WriteLatin1(const SchemaNode& schema, const OrderedJson& value);
  bool WriteEnum(const SchemaNode& schema, const OrderedJson& value);
  bool WriteArray(const SchemaNode& schema, const OrderedJson& value, int depth);
  bool WriteMap(const SchemaNode& schema, const OrderedJson& value, int depth);
  bool WriteRecord(const SchemaNode& schema, const OrderedJson& value, int depth);

  const FieldDefaults& field_defaults_;
  BinaryEncoder encoder_;
  std::string latin1_;  // scratch for bytes and fixed
};

// Avro's JSON form of bytes: each character U+0000..U+00FF is one byte. `utf8` is valid UTF-8
// (nlohmann validates strings while parsing).
bool Latin1FromUtf8(const std::string& utf8, std::string* bytes) {
  bytes->clear();
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    if (lead < 0x80) {
      bytes->push_back(static_cast<char>(lead));
    } else if ((lead == 0xc2 || lead == 0xc3) && i + 1 < utf8.size()) {
      const auto next = static_cast<unsigned char>(utf8[++i]);
      bytes->push_back(static_cast<char>(((lead & 0x1f) << 6) | (next & 0x3f)));
    } else {
      return false;  // a code point above U+00FF
    }
  }
  return true;
}

bool DefaultWriter::Write(const SchemaNode& schema, const OrderedJson& value, int depth) {
  if (depth > kMaxDefaultDepth) return false;
  switch (schema.type) {
    case SchemaType::kNull:
      return value.is_null();
    case SchemaType::kBoolean:
      if (!value.is_boolean()) return false;
      encoder_.WriteBoolean(value.get<bool>());
      return true;
    case SchemaType::kInt:
    case SchemaType::kLong:
      return WriteInteger(schema.type, value);
    case SchemaType::kFloat:
      if (!value.is_number()) return false;
      encoder_.WriteFloat(value.get<float>());
      return true;
    case SchemaType::kDouble:
      if (!value.is_number()) return false;
      encoder_.WriteDouble(value.get<double>());
      return true;
    case SchemaType::kString:
      if (!value.is_string()) return false;
      encoder_.WriteString(value.get_ref<const std::string&>());
      return true;
    case SchemaType::kBytes:
    case SchemaType::kFixed:
      return WriteLatin1(schema, value);
    case SchemaType::kEnum:
      return WriteEnum(schema, value);
    case SchemaType::kArray:
      return WriteArray(schema, value, depth);
    case SchemaType::kMap:
      return WriteMap(schema, value, depth);
    case SchemaType::kRecord:
      return WriteRecord(schema, value, depth);
    case SchemaType::kUnion:
      encoder_.WriteUnionIndex(0);
      return Write(*schema.branches[0], value, depth + 1);
  }
  return false;
}

bool DefaultWriter::WriteInteger(SchemaType type, const OrderedJson& value) {
  if (!value.is_number_integer()) return false;
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return false;
  }
  const int64_t number = value.get<int64_t>();
  if (type == SchemaType::kInt && (number < std::numeric_limits<int32_t>::min() ||
                                   number > std::numeric_limits<int32_t>::max())) {
    return false;
  }
  encoder_.WriteLong(number);
  return true;
}

bool DefaultWriter::WriteLatin1(const SchemaNode& schema, const OrderedJson& value) {
  if (!value.is_string() || !Latin1FromUtf8(value.get_ref<const std::string&>(), &latin1_)) {
    return false;
  }
  if (schema.type == SchemaType::kBytes) {
    encoder_.WriteBytes(latin1_);
    return true;
  }
  if (latin1_.size() != schema.fixed_size) return false;
  encoder_.WriteFixed(latin1_);
  return true;
}

bool DefaultWriter::WriteEnum(const SchemaNode& schema, const OrderedJson& value) {
  if (!value.is_string()) return false;
  const std::optional<int32_t> index = schema.FindSymbol(value.get_ref<const std::string&>());
  if (!index) return false;
  encoder_.WriteEnum(*index);
  return true;
}

bool DefaultWriter::WriteArray(const SchemaNode& schema, const OrderedJson& value, int depth) {
  if (!value.is_array()) return false;
  encoder_.StartArray(static_cast<int64_t>(value.size()));
  for (const OrderedJson& item : value) {
    if (!Write(*schema.items, item, depth + 1)) return false;
  }
  encoder_.EndArray();
  return true;
}

bool DefaultWriter::WriteMap(const SchemaNode& schema, const OrderedJson& value, int depth) {
  if (!value.is_object()) return false;
  encoder_.StartMap(static_cast<int64_t>(value.size()));
  for (const auto& [key, item] : value.items()) {
    encoder_.WriteString(key);
    if (!Write(*schema.values, item, depth + 1)) return false;
  }
  encoder_.EndMap();
  return true;
}

bool DefaultWriter::WriteRecord(const SchemaNode& schema, const OrderedJson& value, int depth) {
  if (!value.is_object()) return false;
  for (const Field& field : schema.fields) {
    const auto member = value.find(field.name);
    const OrderedJson* field_value = nullptr;
    if (member != value.end()) {
      field_value = &*member;
    } else if (const auto it = field_defaults_.find(&field); it != field_defaults_.end()) {
      field_value = it->second;
    }
    if (field_value == nullptr || !Write(*field.schema, *field_value, depth + 1)) return false;
  }
  return true;
}

}  // namespace

bool EncodeDefault(const SchemaNode& schema, const OrderedJson& value,
                   const FieldDefaults& field_defaults, std::string* out) {
  return DefaultWriter(field_defaults, out).Write(schema, value, 0);
}

}  // namespace divolte::avro
