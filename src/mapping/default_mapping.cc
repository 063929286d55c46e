#include "mapping/default_mapping.h"

#include "avro/encoder.h"

namespace divolte::mapping {
namespace {

constexpr int kParsedUserAgentFields = 9;

void WriteOptionalString(avro::BinaryEncoder& encoder, std::optional<std::string_view> value) {
  if (value) {
    encoder.WriteUnionIndex(1);
    encoder.WriteString(*value);
  } else {
    encoder.WriteUnionIndex(0);
  }
}

void WriteOptionalInt(avro::BinaryEncoder& encoder, std::optional<int32_t> value) {
  if (value) {
    encoder.WriteUnionIndex(1);
    encoder.WriteInt(*value);
  } else {
    encoder.WriteUnionIndex(0);
  }
}

}  // namespace

// Field order is the schema's (schema.md §1); it is the binary layout.
MapOutcome DefaultMapping::Encode(const event::EventValues& values, std::string* datum) {
  avro::BinaryEncoder encoder(datum);
  encoder.WriteBoolean(values.duplicate);
  encoder.WriteBoolean(values.corrupt);
  encoder.WriteBoolean(values.first_in_session);
  encoder.WriteLong(values.timestamp);
  encoder.WriteLong(values.client_timestamp);
  encoder.WriteString(values.remote_host);
  WriteOptionalString(encoder, values.referer);
  WriteOptionalString(encoder, values.location);
  WriteOptionalInt(encoder, values.viewport_width);
  WriteOptionalInt(encoder, values.viewport_height);
  WriteOptionalInt(encoder, values.screen_width);
  WriteOptionalInt(encoder, values.screen_height);
  WriteOptionalString(encoder, values.party_id);
  WriteOptionalString(encoder, values.session_id);
  WriteOptionalString(encoder, values.page_view_id);
  encoder.WriteString(values.event_type.value_or("unknown"));
  WriteOptionalString(encoder, values.user_agent);
  for (int i = 0; i < kParsedUserAgentFields; ++i) encoder.WriteUnionIndex(0);
  return MapOutcome::kRecord;
}

namespace {
class DefaultMapper final : public Mapper {
 public:
  MapOutcome Map(const event::EventValues& values, std::string* datum) override {
    return DefaultMapping::Encode(values, datum);
  }
};
}  // namespace

std::unique_ptr<Mapper> DefaultMapping::NewMapper() const {
  return std::make_unique<DefaultMapper>();
}

}  // namespace divolte::mapping
