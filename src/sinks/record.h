#pragma once

// Record: one mapped event serialised once as an Avro datum (schema.md §4) and shared, read-only,
// by every sink queue it is offered to. Created by a mapper thread; immutable afterwards, so any
// thread may read it. The datum and the identifiers share one exact-size buffer: a record costs
// two allocations (this object with its shared_ptr control block, and the buffer).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace divolte::sinks {

class Record {
 public:
  Record(std::string_view datum, std::string_view party_id, std::string_view session_id,
         std::string_view event_id, int64_t arrival_ms, uint32_t mapping_index)
      : arrival_ms_(arrival_ms),
        mapping_index_(mapping_index),
        datum_size_(static_cast<uint32_t>(datum.size())),
        party_size_(static_cast<uint32_t>(party_id.size())),
        session_size_(static_cast<uint32_t>(session_id.size())) {
    bytes_.reserve(datum.size() + party_id.size() + session_id.size() + event_id.size());
    bytes_.append(datum).append(party_id).append(session_id).append(event_id);
  }

  // Avro binary encoding of the record.
  std::string_view datum() const { return View(0, datum_size_); }
  // Normalised (protocol.md §4.1): the Kafka key, a Pub/Sub attribute.
  std::string_view party_id() const { return View(datum_size_, party_size_); }
  std::string_view session_id() const { return View(datum_size_ + party_size_, session_size_); }
  std::string_view event_id() const {
    const size_t offset = datum_size_ + party_size_ + session_size_;
    return View(offset, bytes_.size() - offset);
  }
  int64_t arrival_ms() const { return arrival_ms_; }         // ms since the epoch
  uint32_t mapping_index() const { return mapping_index_; }  // configuration order

 private:
  std::string_view View(size_t offset, size_t size) const {
    return std::string_view(bytes_).substr(offset, size);
  }

  std::string bytes_;
  int64_t arrival_ms_;
  uint32_t mapping_index_;
  uint32_t datum_size_;
  uint32_t party_size_;
  uint32_t session_size_;
};

using RecordPtr = std::shared_ptr<const Record>;

}  // namespace divolte::sinks
