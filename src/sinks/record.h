#pragma once

// Record: one mapped event serialised once as an Avro datum (schema.md §4) and shared, read-only,
// by every sink queue it is offered to. Created by a mapper thread; immutable afterwards, so any
// thread may read it.

#include <cstdint>
#include <memory>
#include <string>

namespace divolte::sinks {

struct Record {
  std::string datum;       // Avro binary encoding of the record
  std::string party_id;    // normalised (protocol.md §4.1): Kafka key, Pub/Sub attribute
  std::string session_id;  // normalised
  std::string event_id;
  int64_t arrival_ms = 0;      // arrival time, ms since the epoch
  uint32_t mapping_index = 0;  // the producing mapping, in configuration order
};

using RecordPtr = std::shared_ptr<const Record>;

}  // namespace divolte::sinks
