#pragma once

// FileWatcher: watches one file path and calls on_change (on the watcher's own thread) once the
// file has settled after a change (enrich.md §4.5). Changes are seen through inotify on the parent
// directory (write-close, create, moved-to and modify events on the file's name) and through a
// periodic comparison of stat() of the path (device, inode, size, mtime; symlinks followed, which
// catches a symlink's target being swapped). Owns one thread, started by Start; the destructor
// stops and joins it. Construct, Start and destroy from one thread.

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "base/status.h"
#include "enrich/unique_fd.h"

namespace divolte::enrich {

class FileWatcher {
 public:
  struct Options {
    std::chrono::milliseconds debounce{2000};        // quiet time after the last change event
    std::chrono::milliseconds poll_interval{60000};  // stat() comparison period
  };

  FileWatcher(std::string path, Options options, std::function<void()> on_change);
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;
  ~FileWatcher();

  // Starts watching. Without inotify on the parent directory (missing, or inotify's limits
  // reached) it logs a WARN and relies on the stat() poll alone. Fails only if its thread cannot
  // be set up.
  // REQUIRES: called at most once.
  base::Status Start();

 private:
  struct FileIdentity;  // what the periodic stat() comparison looks at
  static FileIdentity IdentityOf(const std::string& path);
  void Run(FileIdentity identity);

  const std::string path_;
  std::string directory_;  // the parent directory, watched with inotify
  std::string name_;       // the file's name within directory_
  const Options options_;
  const std::function<void()> on_change_;
  UniqueFd inotify_;
  UniqueFd wake_;  // eventfd: written once to stop the thread
  std::thread thread_;
};

}  // namespace divolte::enrich
