#pragma once

// Mapping: turns one event into one Avro datum of the mapping's schema (mapping.md §1). A
// Mapping is immutable after start-up and shared by all mapper threads (thread-safe); each call
// appends the datum to a caller-owned buffer.

#include <string>

#include "event/event_values.h"

namespace divolte::mapping {

enum class MapOutcome {
  kRecord,        // `datum` holds the record
  kDropped,       // drop() (mapping.md §5.7)
  kMissingField,  // a required field was not set for this event (mapping.md §13)
  kInternalError,
};

class Mapping {
 public:
  virtual ~Mapping() = default;
  // REQUIRES: datum is empty.
  virtual MapOutcome Map(const event::EventValues& values, std::string* datum) const = 0;
};

}  // namespace divolte::mapping
