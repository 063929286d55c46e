#pragma once

// SourceStats: the per-source event counters of operations.md §5, updated by the HTTP stage
// (received, rejected, queue_full) and the mapper stage (dropped reasons, processed, corrupt,
// duplicate). Thread-safe; one per source, resolved at start-up.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/counter.h"
#include "base/histogram.h"

namespace divolte::event {

enum class RejectReason : size_t {
  kInvalidPartyId,
  kNotModified,
  kMalformedQuery,
  kInvalidBody,
  kBodyTooLarge,
  kBadContentType,
  kBackpressure,
  kCount
};

enum class DropReason : size_t {
  kQueueFull,
  kInvalidSessionId,
  kMissingPageViewId,
  kMissingEventId,
  kInvalidClientTimestamp,
  kMissingNewPartyFlag,
  kMissingFirstInSessionFlag,
  kCount
};

std::string_view RejectReasonLabel(RejectReason reason);
std::string_view DropReasonLabel(DropReason reason);

struct SourceStats {
  explicit SourceStats(std::string source_name) : name(std::move(source_name)) {}

  base::Counter& rejected_for(RejectReason reason) { return rejected[static_cast<size_t>(reason)]; }
  base::Counter& dropped_for(DropReason reason) { return dropped[static_cast<size_t>(reason)]; }

  const std::string name;
  base::Counter received;   // accepted by the HTTP stage and queued
  base::Counter processed;  // reached the mappings
  base::Counter corrupt;
  base::Counter duplicate;
  base::Counter forwarded_for_invalid;  // ignored X-Forwarded-For values
  std::array<base::Counter, static_cast<size_t>(RejectReason::kCount)> rejected;
  std::array<base::Counter, static_cast<size_t>(DropReason::kCount)> dropped;
  // Seconds from arrival to the end of the last mapping of a processed event.
  base::Histogram processing_latency{base::Histogram::SecondsBounds()};
};

inline std::string_view RejectReasonLabel(RejectReason reason) {
  switch (reason) {
    case RejectReason::kInvalidPartyId:
      return "invalid_party_id";
    case RejectReason::kNotModified:
      return "not_modified";
    case RejectReason::kMalformedQuery:
      return "malformed_query";
    case RejectReason::kInvalidBody:
      return "invalid_body";
    case RejectReason::kBodyTooLarge:
      return "body_too_large";
    case RejectReason::kBadContentType:
      return "bad_content_type";
    case RejectReason::kBackpressure:
      return "backpressure";
    case RejectReason::kCount:
      break;
  }
  return "unknown";
}

inline std::string_view DropReasonLabel(DropReason reason) {
  switch (reason) {
    case DropReason::kQueueFull:
      return "queue_full";
    case DropReason::kInvalidSessionId:
      return "invalid_session_id";
    case DropReason::kMissingPageViewId:
      return "missing_page_view_id";
    case DropReason::kMissingEventId:
      return "missing_event_id";
    case DropReason::kInvalidClientTimestamp:
      return "invalid_client_timestamp";
    case DropReason::kMissingNewPartyFlag:
      return "missing_new_party_flag";
    case DropReason::kMissingFirstInSessionFlag:
      return "missing_first_in_session_flag";
    case DropReason::kCount:
      break;
  }
  return "unknown";
}

}  // namespace divolte::event
