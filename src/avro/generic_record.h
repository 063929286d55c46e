#pragma once

// GenericRecordBuilder assembles the records of one schema, one per event (mapping.md §1): a slot
// per top-level field that either holds the field's default (nothing if it has none) or the value
// set for this event, already encoded. Values are encoded when set, into buffers reused from
// event to event; defaults were encoded once when the schema was loaded. Encode concatenates the
// slots in field order.
//
// A value goes to the field's own type or, for a union, to the first branch of the value's type
// (schema.md §4); the mapping allows only trivial unions (mapping.md §8), but the builder does not
// depend on that. One builder per mapper thread and mapping; not thread-safe.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "avro/json_to_avro.h"
#include "avro/schema.h"
#include "event/json_value.h"

namespace divolte::avro {

class GenericRecordBuilder {
 public:
  // REQUIRES: record.type == kRecord; `record` (its Schema) outlives the builder.
  explicit GenericRecordBuilder(const SchemaNode& record);

  const SchemaNode& record() const { return record_; }

  // For start-up checks: whether field `field` takes values of `type` (it is of that type or a
  // union with a branch of that type).
  bool Accepts(FieldIndex field, SchemaType type) const;

  // Returns every field to its default (or to unset). Call at the start of each event.
  void Reset();

  // Each setter REQUIRES Accepts(field, <the value's type>), checked at start-up by the caller.
  void SetNull(FieldIndex field);
  void SetBoolean(FieldIndex field, bool value);
  void SetInt(FieldIndex field, int32_t value);
  void SetLong(FieldIndex field, int64_t value);
  void SetFloat(FieldIndex field, float value);
  void SetDouble(FieldIndex field, double value);
  // REQUIRES: `utf8` is valid UTF-8.
  void SetString(FieldIndex field, std::string_view utf8);
  void SetBytes(FieldIndex field, std::string_view bytes);
  void SetEnum(FieldIndex field, int32_t symbol_index);
  // `datum` is the binary encoding of a value of `type` (array, map, record, fixed, …) matching
  // the field's type or its first branch of that type.
  void SetEncoded(FieldIndex field, SchemaType type, std::string_view datum);
  // Converts `json` to the field's type (mapping.md §11). Only kConverted changes the field; on
  // kNull or a failure it keeps its current value.
  JsonConversion SetJson(FieldIndex field, const event::JsonValue& json);

  // The first field (in schema order) that has no default and was not set since Reset(): such a
  // record must not be emitted (mapping.md §13, reason `missing_field`).
  std::optional<FieldIndex> FirstMissingField() const;

  // Appends the record's binary datum to `*out`. REQUIRES: !FirstMissingField().
  void Encode(std::string* out) const;

 private:
  enum class SlotState : uint8_t { kDefault, kUnset, kSet };
  struct Slot {
    SlotState state = SlotState::kUnset;
    std::string bytes;  // the encoded value (union index included) when kSet
  };
  // Per field and value type: the union branch to write, or one of these.
  static constexpr int16_t kNoUnion = -1;
  static constexpr int16_t kRejected = -2;
  using BranchTable = std::array<int16_t, kSchemaTypeCount>;

  // Clears the slot, marks it set and writes the union index; returns the slot's buffer.
  std::string* StartValue(FieldIndex field, SchemaType type);

  const SchemaNode& record_;
  std::vector<BranchTable> branches_;  // per field
  std::vector<FieldIndex> required_;   // fields without default, in schema order
  std::vector<Slot> slots_;            // per field
  std::string scratch_;                // JSON conversion output until it succeeds
};

}  // namespace divolte::avro
