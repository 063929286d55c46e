#pragma once

// LocalFileSystem: FileSystem on POSIX files (sinks.md §3). In-flight files are
// `<working_dir>/<name>.partial` (created with O_EXCL, mode 0644 before umask, header fsync'ed);
// publishing renames them to `<publish_dir>/<name>` without replacing an existing file and then
// fsyncs the publish directory (a failure of that last fsync is logged, not returned: the file has
// moved). Stateless apart from the two directories: thread-safe.

#include <string>

#include "sinks/file/file_system.h"

namespace divolte::sinks {

class LocalFileSystem final : public FileSystem {
 public:
  // REQUIRES: both directories exist and are on the same filesystem (checked by the factory).
  LocalFileSystem(std::string working_dir, std::string publish_dir);

  CreateResult Create(const std::string& name, std::string_view header) override;
  base::Status Publish(const std::string& name) override;
  base::Status Delete(const std::string& name) override;
  std::string WorkingPath(const std::string& name) const override;
  std::string PublishPath(const std::string& name) const override;

 private:
  std::string working_dir_;
  std::string publish_dir_;
};

}  // namespace divolte::sinks
