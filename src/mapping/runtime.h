#pragma once

// EventEvaluator: the per-event half of a compiled mapping (mapping.md §1.2-§1.4). Evaluates the
// producer nodes of a Program lazily and at most once per event, each into its own slot; slots
// and their buffers are reused from event to event, so a warm evaluator allocates only where a
// function must (decoded JSON parameters, indefinite JSONPath results). One per mapper thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "enrich/geo_database.h"
#include "enrich/thread_enrichment.h"
#include "enrich/user_agent_fields.h"
#include "event/event_values.h"
#include "event/json_value.h"
#include "functions/digest.h"
#include "functions/query_string.h"
#include "functions/regex.h"
#include "functions/uri.h"
#include "mapping/program.h"

namespace divolte::mapping {

// The value of one node for the current event. Only the members of the node's kind are meaningful.
struct Slot {
  uint64_t event = 0;  // the event the slot was computed for
  bool present = false;
  bool boolean = false;
  int64_t integer = 0;    // kInt, kLong
  double floating = 0;    // kFloat, kDouble
  std::string_view text;  // kString; kUri: the parsed text
  std::string buffer;     // storage for `text` when it is not a view into the event or an input
  std::vector<std::string> list;  // kStringList
  std::vector<int32_t> ints;      // kIntList
  functions::QueryString query;
  std::optional<functions::Uri> uri;
  functions::RegexMatch match;
  functions::DigestResult digest;          // kBytes
  const event::JsonValue* json = nullptr;  // kJson: into owned_json or an input's document
  std::optional<event::JsonValue> owned_json;
  std::vector<const event::JsonValue*> matches;  // scratch for indefinite JSONPaths
  // kUserAgent: the thread's lookup result, valid for the current event (UserAgentLookup).
  const enrich::UserAgentFields* user_agent = nullptr;
  enrich::GeoEntry geo;        // kGeo: the lookup result in the event's geo database
  enrich::GeoField geo_field;  // kGeoField: scratch for reading the field
};

class EventEvaluator {
 public:
  // `enrichment` (the mapper thread's) must outlive the evaluator.
  EventEvaluator(const ScriptMapping::Program& program, const enrich::ThreadEnrichment& enrichment);

  // Starts a new event; every slot becomes stale. `values` must outlive the evaluations.
  void Start(const event::EventValues& values);
  const Slot& Evaluate(int32_t node);

 private:
  void Compute(const Node& node, Slot& slot);
  void ComputeEventValue(const Node& node, Slot& slot);
  void ComputeRequestValue(const Node& node, Slot& slot);
  void ComputeJson(const Node& node, const Slot& input, Slot& slot);
  void ComputeConversion(const Node& node, const Slot& input, Slot& slot);
  void ComputeUri(const Node& node, const Slot& input, Slot& slot);
  void ComputeList(const Node& node, const Slot& input, Slot& slot);
  void ComputeDigest(const Node& node, Slot& slot);
  void ComputeCondition(const Node& node, const Slot& input, Slot& slot);
  bool Equal(const Node& left_node, const Slot& left, const Slot& right) const;

  void ComputeEnrichment(const Node& node, Slot& slot);
  void ComputeGeo(const Node& node, Slot& slot);
  void ComputeGeoField(const Node& node, Slot& slot);

  const ScriptMapping::Program& program_;
  const enrich::ThreadEnrichment enrichment_;
  std::vector<Slot> slots_;
  const event::EventValues* values_ = nullptr;
  uint64_t event_ = 0;
  // The geolocation database of the current event, taken once per event so that every lookup and
  // field read of the event use the same one even if a reload lands meanwhile.
  const enrich::GeoDatabase* geo_database_ = nullptr;
  uint64_t geo_database_event_ = 0;
};

}  // namespace divolte::mapping
