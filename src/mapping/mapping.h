#pragma once

// Mapping: turns one event into one Avro datum of the mapping's schema (mapping.md §1). A
// Mapping is immutable after start-up and shared by all mapper threads; each mapper thread asks
// it once for a Mapper, which owns that thread's scratch state (record under construction,
// per-event caches) and is used by that thread only.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "enrich/thread_enrichment.h"
#include "event/event_values.h"

namespace divolte::mapping {

enum class MapOutcome {
  kRecord,        // `datum` holds the record
  kDropped,       // drop() (mapping.md §5.7)
  kMissingField,  // a required field was not set for this event (mapping.md §13)
  kInternalError,
};

// One mapper thread's instance of a Mapping. Not thread-safe.
class Mapper {
 public:
  virtual ~Mapper() = default;
  // Appends the datum to `*datum` when the outcome is kRecord. REQUIRES: datum is empty.
  virtual MapOutcome Map(const event::EventValues& values, std::string* datum) = 0;
  // After kMissingField or kInternalError: the field name or the error, for the log line.
  virtual std::string_view failure_detail() const { return {}; }
};

class Mapping {
 public:
  virtual ~Mapping() = default;
  // Thread-safe. The Mapper reads user agents and geolocation through `enrichment`, the calling
  // mapper thread's, which must outlive it.
  virtual std::unique_ptr<Mapper> NewMapper(const enrich::ThreadEnrichment& enrichment) const = 0;
  // Whether the mapping parses user agents (userAgent(), mapping.md §7.8): the collector then
  // needs the user-agent rules (enrich.md §3.1).
  virtual bool UsesUserAgent() const { return false; }
  // The count of JSON conversion failures per field so far (mapping.md §11.2), for /metrics;
  // fields without failures may be skipped. Thread-safe.
  virtual void VisitConversionFailures(
      const std::function<void(std::string_view field, uint64_t count)>& visit) const {
    (void)visit;
  }
};

}  // namespace divolte::mapping
