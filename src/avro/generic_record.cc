#include "avro/generic_record.h"

#include "avro/encoder.h"
#include "base/check.h"

namespace divolte::avro {

GenericRecordBuilder::GenericRecordBuilder(const SchemaNode& record)
    : record_(record), slots_(record.fields.size()) {
  CHECK(record.type == SchemaType::kRecord);
  branches_.reserve(record.fields.size());
  for (FieldIndex i = 0; i < record.fields.size(); ++i) {
    const SchemaNode& schema = *record.fields[i].schema;
    BranchTable table;
    table.fill(kRejected);
    if (schema.type != SchemaType::kUnion) {
      table[static_cast<size_t>(schema.type)] = kNoUnion;
    } else {
      for (size_t type = 0; type < kSchemaTypeCount; ++type) {
        const auto branch = UnionBranchOf(schema, static_cast<SchemaType>(type));
        if (branch) table[type] = static_cast<int16_t>(*branch);
      }
    }
    branches_.push_back(table);
    if (!record.fields[i].has_default()) required_.push_back(i);
  }
  Reset();
}

bool GenericRecordBuilder::Accepts(FieldIndex field, SchemaType type) const {
  return field < branches_.size() && branches_[field][static_cast<size_t>(type)] != kRejected;
}

void GenericRecordBuilder::Reset() {
  for (size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].state = record_.fields[i].has_default() ? SlotState::kDefault : SlotState::kUnset;
  }
}

std::string* GenericRecordBuilder::StartValue(FieldIndex field, SchemaType type) {
  CHECK(Accepts(field, type));
  Slot& slot = slots_[field];
  slot.bytes.clear();
  slot.state = SlotState::kSet;
  const int16_t branch = branches_[field][static_cast<size_t>(type)];
  if (branch != kNoUnion) BinaryEncoder(&slot.bytes).WriteUnionIndex(branch);
  return &slot.bytes;
}

void GenericRecordBuilder::SetNull(FieldIndex field) { StartValue(field, SchemaType::kNull); }

void GenericRecordBuilder::SetBoolean(FieldIndex field, bool value) {
  BinaryEncoder(StartValue(field, SchemaType::kBoolean)).WriteBoolean(value);
}

void GenericRecordBuilder::SetInt(FieldIndex field, int32_t value) {
  BinaryEncoder(StartValue(field, SchemaType::kInt)).WriteInt(value);
}

void GenericRecordBuilder::SetLong(FieldIndex field, int64_t value) {
  BinaryEncoder(StartValue(field, SchemaType::kLong)).WriteLong(value);
}

void GenericRecordBuilder::SetFloat(FieldIndex field, float value) {
  BinaryEncoder(StartValue(field, SchemaType::kFloat)).WriteFloat(value);
}

void GenericRecordBuilder::SetDouble(FieldIndex field, double value) {
  BinaryEncoder(StartValue(field, SchemaType::kDouble)).WriteDouble(value);
}

void GenericRecordBuilder::SetString(FieldIndex field, std::string_view utf8) {
  BinaryEncoder(StartValue(field, SchemaType::kString)).WriteString(utf8);
}

void GenericRecordBuilder::SetBytes(FieldIndex field, std::string_view bytes) {
  BinaryEncoder(StartValue(field, SchemaType::kBytes)).WriteBytes(bytes);
}

void GenericRecordBuilder::SetEnum(FieldIndex field, int32_t symbol_index) {
  BinaryEncoder(StartValue(field, SchemaType::kEnum)).WriteEnum(symbol_index);
}

void GenericRecordBuilder::SetEncoded(FieldIndex field, SchemaType type, std::string_view datum) {
  StartValue(field, type)->append(datum);
}

JsonConversion GenericRecordBuilder::SetJson(FieldIndex field, const event::JsonValue& json) {
  CHECK(field < slots_.size());
  scratch_.clear();
  const JsonConversion conversion =
      ConvertJsonToAvro(json, *record_.fields[field].schema, &scratch_);
  if (conversion == JsonConversion::kConverted) {
    slots_[field].bytes.swap(scratch_);  // both buffers keep their capacity
    slots_[field].state = SlotState::kSet;
  }
  return conversion;
}

std::optional<FieldIndex> GenericRecordBuilder::FirstMissingField() const {
  for (const FieldIndex field : required_) {
    if (slots_[field].state == SlotState::kUnset) return field;
  }
  return std::nullopt;
}

void GenericRecordBuilder::Encode(std::string* out) const {
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Slot& slot = slots_[i];
    CHECK(slot.state != SlotState::kUnset);
    out->append(slot.state == SlotState::kSet ? slot.bytes : record_.fields[i].default_datum);
  }
}

}  // namespace divolte::avro
