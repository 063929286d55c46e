#pragma once

// MappingTestHandler: answers the requests of the mapping test tool (mapping.md §16). The POSTed
// JSON object becomes an event (mapping_test_event.h), the mapping turns it into a record, and
// the record is answered as one JSON object (avro/datum_json.h); a dropped event answers `null`.
// Thread-safe: one Mapper serves every I/O thread under a lock, since a person trying a script
// sends one request at a time.

#include <memory>
#include <mutex>
#include <string>

#include "avro/schema.h"
#include "enrich/thread_enrichment.h"
#include "event/event_values.h"
#include "http/handler.h"
#include "mapping/mapping.h"

namespace divolte::server {

// Bodies larger than this are answered 413 by the HTTP layer.
inline constexpr size_t kMaxTestBodyBytes = 1024 * 1024;

class MappingTestHandler final : public http::Handler {
 public:
  // `schema` (the mapping's), `mapping` and the services of `enrichment` must outlive the
  // handler.
  MappingTestHandler(const avro::Schema& schema, const mapping::Mapping& mapping,
                     const enrich::EnrichmentServices& enrichment = {});

  // REQUIRES: a POST (the route admits no other method).
  void Handle(const http::Request& request, http::Response& response) override;

 private:
  void MapAndAnswer(const event::EventValues& values, http::Response& response);

  const avro::Schema& schema_;
  std::mutex mutex_;
  enrich::ThreadEnrichmentState enrichment_;  // guarded by mutex_, like the mapper using it
  std::unique_ptr<mapping::Mapper> mapper_;   // guarded by mutex_
  std::string datum_;                         // guarded by mutex_; reused between requests
};

}  // namespace divolte::server
