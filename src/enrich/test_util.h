#pragma once

// Test helpers of the enrich module (its tests and benchmarks): temporary directories, files,
// waiting on conditions, and MaxMind databases
// built at test time by tests/testutil/make_test_mmdb.pl (no database is committed). Test code
// only.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace divolte::enrich::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// The source tree: $DIVOLTE_SOURCE_DIR (set by ctest), else the directory compiled in.
std::string SourceDir();

// Writes the database described by `json` (the input format of make_test_mmdb.pl) to `out`.
base::Status MakeTestDatabase(const std::string& json, const std::string& out);

base::Status WriteFile(const std::string& path, std::string_view content);
base::Status ReadFile(const std::string& path, std::string* content);
// gzip-compresses the file `in` into `out`.
base::Status GzipFile(const std::string& in, const std::string& out);

// Polls `condition` every few milliseconds until it holds (true) or `timeout` passes (false).
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace divolte::enrich::testing
