#include "mapping/default_mapping.h"

#include "avro/encoder.h"
#include "enrich/user_agent_service.h"

namespace divolte::mapping {
namespace {

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
MapOutcome DefaultMapping::Encode(const event::EventValues& values,
                                  const enrich::UserAgentFields* user_agent, std::string* datum) {
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
  for (int i = 0; i < enrich::UserAgentFields::kCount; ++i) {
    WriteOptionalString(encoder, user_agent != nullptr
                                     ? std::optional<std::string_view>((*user_agent)[i])
                                     : std::nullopt);
  }
  return MapOutcome::kRecord;
}

namespace {
class DefaultMapper final : public Mapper {
 public:
  explicit DefaultMapper(enrich::UserAgentLookup* user_agents) : user_agents_(user_agents) {}

  MapOutcome Map(const event::EventValues& values, std::string* datum) override {
    const enrich::UserAgentFields* user_agent = nullptr;
    if (values.user_agent.has_value() && user_agents_ != nullptr) {
      user_agent = &user_agents_->Lookup(*values.user_agent);
    }
    return DefaultMapping::Encode(values, user_agent, datum);
  }

 private:
  enrich::UserAgentLookup* user_agents_;
};
}  // namespace

std::unique_ptr<Mapper> DefaultMapping::NewMapper(
    const enrich::ThreadEnrichment& enrichment) const {
  return std::make_unique<DefaultMapper>(enrichment.user_agent);
}

}  // namespace divolte::mapping
