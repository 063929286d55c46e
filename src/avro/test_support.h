#pragma once

// Test-only helpers shared by the avro and sinks tests (target divolte_avro_test_support): a
// plain struct for records of the built-in schema with its encoder and decoder, temporary
// directories, and the independent readers (/usr/bin/python3 with python3-avro, avrocat).
// Never linked into the collector.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace divolte::avro::testing {

// One io.divolte.record.DefaultEventRecord (schema.md §1); nullopt encodes the null branch.
struct DefaultRecord {
  bool detected_duplicate = false;
  bool detected_corruption = false;
  bool first_in_session = false;
  int64_t timestamp = 0;
  int64_t client_timestamp = 0;
  std::string remote_host;
  std::optional<std::string> referer;
  std::optional<std::string> location;
  std::optional<int32_t> viewport_pixel_width;
  std::optional<int32_t> viewport_pixel_height;
  std::optional<int32_t> screen_pixel_width;
  std::optional<int32_t> screen_pixel_height;
  std::optional<std::string> party_id;
  std::optional<std::string> session_id;
  std::optional<std::string> page_view_id;
  std::string event_type = "unknown";
  std::array<std::optional<std::string>, 10> user_agent;  // userAgentString ... userAgentOsVendor

  bool operator==(const DefaultRecord&) const = default;
};

// A varied, deterministic record: number `i` of a test data set.
DefaultRecord SampleRecord(int i);

std::string EncodeDefaultRecord(const DefaultRecord& record);

// Decodes every record of `datums` (concatenated), or nullopt if the bytes are malformed.
std::optional<std::vector<DefaultRecord>> DecodeDefaultRecords(std::string_view datums);

// The record as the JSON object python3-avro produces for it.
nlohmann::json DefaultRecordJson(const DefaultRecord& record);

// A fresh directory under $TMPDIR (or /tmp), removed with its contents by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::vector<std::string> List() const;  // file names, sorted

 private:
  std::string path_;
};

std::string ReadFileBytes(const std::string& path);

// The path of file `name` in src/avro/testdata.
std::string TestdataPath(std::string_view name);

// Runs `command` through /bin/sh; returns its standard output, or nullopt if it exited non-zero.
std::optional<std::string> RunCommand(const std::string& command);

// Reads each file with /usr/bin/python3 (testdata/read_container.py): one JSON object per file
// with "codec", "schema" and "records"; nullopt if the reader failed.
std::optional<std::vector<nlohmann::json>> ReadWithPython(const std::vector<std::string>& paths);

// Reads a file with avrocat: one JSON document per record; nullopt if avrocat failed.
std::optional<std::vector<nlohmann::json>> ReadWithAvrocat(const std::string& path);

}  // namespace divolte::avro::testing
