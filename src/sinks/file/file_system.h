#pragma once

// FileSystem: the storage operations the file strategy (sinks.md §2) needs, so that the same
// strategy drives local files (§3), WebHDFS (§4) and GCS (§5), and tests can inject failures.
// Files are addressed by their final name `<name>` (file_naming.h); where the in-flight and the
// published copies live is the implementation's business. A FileSystem is shared by all threads
// of a sink and must be thread-safe; an InFlightFile belongs to the one thread that created it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace divolte::sinks {

// A file being written, in the working location. Every method is one I/O step; on error the file
// is in an unknown state past its last successful Sync and the caller abandons it (§2.4).
class InFlightFile {
 public:
  virtual ~InFlightFile() = default;

  // Appends bytes (one complete Avro block) after everything written before.
  virtual base::Status Append(std::string_view bytes) = 0;
  // Makes everything appended so far durable (local: fdatasync).
  virtual base::Status Sync() = 0;
  // Cuts the file back to `length` bytes and makes that durable, so that it ends with the last
  // complete block. Implementations whose files only ever hold complete blocks may do nothing.
  virtual base::Status Truncate(uint64_t length) = 0;
  // Releases the file. Called once, last; the file must not be used afterwards.
  virtual base::Status Close() = 0;
};

// The outcome of FileSystem::Create: a file, a taken name (choose another and retry), or an error.
struct CreateResult {
  std::unique_ptr<InFlightFile> file;  // set on success
  bool name_taken = false;
  base::Status status;  // failed when neither a file nor a taken name

  static CreateResult Created(std::unique_ptr<InFlightFile> file) {
    return {.file = std::move(file)};
  }
  static CreateResult NameTaken() { return {.name_taken = true}; }
  static CreateResult Failed(std::string message) {
    return {.status = base::Status::Error(std::move(message))};
  }
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Creates the in-flight file for `name` exclusively, writes `header` and makes it durable.
  virtual CreateResult Create(const std::string& name, std::string_view header) = 0;
  // Moves the closed in-flight file of `name` to the publish location atomically and makes the
  // move durable. On failure the file stays in the working location.
  virtual base::Status Publish(const std::string& name) = 0;
  // Deletes the closed in-flight file of `name`.
  virtual base::Status Delete(const std::string& name) = 0;

  // Locations, for log messages.
  virtual std::string WorkingPath(const std::string& name) const = 0;
  virtual std::string PublishPath(const std::string& name) const = 0;
};

}  // namespace divolte::sinks
