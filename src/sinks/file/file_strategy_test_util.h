#pragma once

// Test helpers for the file strategy: a manual steady clock, records of the built-in schema, a
// FileSystem wrapper that injects I/O errors, and readers for what ended up on disk.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "avro/container_reader.h"
#include "avro/default_schema.h"
#include "avro/test_support.h"
#include "sinks/file/file_strategy.h"
#include "sinks/file/local_file_system.h"

namespace divolte::sinks::testing {

class ManualClock {
 public:
  std::chrono::steady_clock::time_point now() const { return now_; }
  void Advance(std::chrono::nanoseconds by) { now_ += by; }
  SteadyClock AsClock() {
    return [this] { return now_; };
  }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
};

inline RecordPtr MakeRecord(int i) {
  return std::make_shared<const Record>(
      avro::testing::EncodeDefaultRecord(avro::testing::SampleRecord(i)),
      "party" + std::to_string(i), "session", "event", 0, 0);
}

inline std::vector<RecordPtr> MakeRecords(int first, int count) {
  std::vector<RecordPtr> records;
  for (int i = first; i < first + count; ++i) records.push_back(MakeRecord(i));
  return records;
}

// Which operation fails next, and how often. Counters say how often each was called.
struct Faults {
  int fail_create = 0;  // the next n Create calls fail
  int name_taken = 0;   // the next n Create calls report a taken name
  int fail_append = 0;  // the next n Append calls write half the bytes, then fail
  int fail_sync = 0;
  int fail_truncate = 0;
  int fail_publish = 0;
  int fail_delete = 0;
  int creates = 0;
  int publishes = 0;
};

// LocalFileSystem with injectable failures. Not thread-safe (tests use one worker at a time).
class FaultyFileSystem final : public FileSystem {
 public:
  FaultyFileSystem(const std::string& working_dir, const std::string& publish_dir)
      : local_(working_dir, publish_dir) {}

  Faults& faults() { return faults_; }

  CreateResult Create(const std::string& name, std::string_view header) override;
  base::Status Publish(const std::string& name) override;
  base::Status Delete(const std::string& name) override;
  std::string WorkingPath(const std::string& name) const override {
    return local_.WorkingPath(name);
  }
  std::string PublishPath(const std::string& name) const override {
    return local_.PublishPath(name);
  }

 private:
  LocalFileSystem local_;
  Faults faults_;
};

// Everything below reads the files of a directory.
struct FileContents {
  std::string name;
  avro::ContainerFile container;
  std::vector<avro::testing::DefaultRecord> records;
};

// Reads each file of `dir` whose name ends with `suffix`, sorted by name; a file that does not
// parse fails the current test.
std::vector<FileContents> ReadFiles(const std::string& dir, std::string_view suffix);

// The records of the files, in file-number order (the counter in the name), concatenated.
std::vector<avro::testing::DefaultRecord> AllRecords(const std::vector<FileContents>& files);

std::vector<avro::testing::DefaultRecord> SampleRecords(int first, int count);

config::FileStrategyConfig TestConfig(const std::string& working_dir,
                                      const std::string& publish_dir);

// The number in a file name "...-<n>.avro[.partial]".
uint64_t FileNumber(const std::string& name);

// The common fixture of the file strategy tests: real working and publish directories, a
// fault-injecting file system over them, a manual clock, and the sink's counters.
class FileStrategyFixture : public ::testing::Test {
 protected:
  FileStrategyFixture()
      : config_(TestConfig(working_.path(), publish_.path())),
        file_system_(working_.path(), publish_.path()) {}

  std::unique_ptr<FileStrategy> NewWorker() {
    return std::make_unique<FileStrategy>(config_, avro::DefaultEventRecordSchemaJson(),
                                          &file_system_, &stats_, clock_.AsClock());
  }
  std::vector<FileContents> Partial() { return ReadFiles(working_.path(), ".partial"); }
  std::vector<FileContents> Published() { return ReadFiles(publish_.path(), ".avro"); }

  avro::testing::TempDir working_;
  avro::testing::TempDir publish_;
  config::FileStrategyConfig config_;
  FaultyFileSystem file_system_;
  ManualClock clock_;
  SinkStats stats_;
};

}  // namespace divolte::sinks::testing
