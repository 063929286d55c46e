#include "enrich/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "base/check.h"
#include "base/log.h"

namespace divolte::enrich {
namespace {

using Clock = std::chrono::steady_clock;
constexpr Clock::time_point kNoDeadline = Clock::time_point::max();

constexpr uint32_t kEventMask = IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_MODIFY;

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// Drains the inotify queue; true if an event concerned `name` (or events were lost).
bool DrainEvents(int fd, std::string_view name) {
  alignas(inotify_event) std::array<char, 16 * 1024> buffer;
  bool relevant = false;
  while (true) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got <= 0) return relevant;  // EAGAIN: drained
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      if ((event->mask & IN_Q_OVERFLOW) != 0) relevant = true;
      if (event->len > 0 && std::string_view(event->name) == name) relevant = true;
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
}

int TimeoutMs(Clock::time_point now, Clock::time_point until) {
  if (until <= now) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
  return static_cast<int>(std::min<int64_t>(ms, 1 << 30));
}

}  // namespace

// What the periodic comparison looks at; a missing file is a state of its own.
struct FileWatcher::FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;

  bool operator==(const FileIdentity&) const = default;
};

FileWatcher::FileIdentity FileWatcher::IdentityOf(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return {};
  return {true, info.st_dev, info.st_ino, info.st_size,
          int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec};
}

FileWatcher::FileWatcher(std::string path, Options options, std::function<void()> on_change)
    : path_(std::move(path)), options_(options), on_change_(std::move(on_change)) {
  const std::filesystem::path as_path(path_);
  directory_ = as_path.parent_path().string();
  if (directory_.empty()) directory_ = ".";
  name_ = as_path.filename().string();
}

FileWatcher::~FileWatcher() {
  if (!thread_.joinable()) return;
  const uint64_t one = 1;
  CHECK(::write(wake_.get(), &one, sizeof(one)) == sizeof(one));
  thread_.join();
}

base::Status FileWatcher::Start() {
  CHECK(!thread_.joinable());
  // Without inotify (its per-user limits reached, say) the periodic stat() still sees every
  // change, only later: a degraded watcher, not a reason to refuse to start.
  inotify_.Reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  int failure = 0;
  if (!inotify_.valid() ||
      ::inotify_add_watch(inotify_.get(), directory_.c_str(), kEventMask) < 0) {
    failure = errno;
  }
  if (failure != 0) {
    inotify_.Reset();
    base::Logger("FileWatcher")
        .Warn("Cannot watch directory {} with inotify ({}); checking {} every {} ms instead",
              directory_, ErrnoText(failure), path_, options_.poll_interval.count());
  }
  wake_.Reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_.valid()) {
    return base::Status::Error("Cannot watch " + path_ + ": eventfd: " + ErrnoText(errno));
  }
  // Taken here, not on the thread: a change made after Start returns must be seen.
  FileIdentity identity = IdentityOf(path_);
  thread_ = std::thread([this, identity] { Run(identity); });
  return {};
}

// One loop: wait for an event, the next poll or the debounce deadline; a change (seen either way)
// moves the deadline to `debounce` from now; at the deadline on_change runs once.
void FileWatcher::Run(FileIdentity identity) {
  base::SetThreadName("file-watcher");
  Clock::time_point next_poll = Clock::now() + options_.poll_interval;
  Clock::time_point deadline = kNoDeadline;
  while (true) {
    const Clock::time_point wake_at = std::min(deadline, next_poll);
    // poll() ignores a negative descriptor: without inotify only the wake-up and the timer count.
    std::array<pollfd, 2> fds = {{{inotify_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}}};
    const int ready = ::poll(fds.data(), fds.size(), TimeoutMs(Clock::now(), wake_at));
    if (ready < 0 && errno != EINTR) CHECK(false);
    if ((fds[1].revents & POLLIN) != 0) return;
    Clock::time_point now = Clock::now();
    if ((fds[0].revents & POLLIN) != 0 && DrainEvents(inotify_.get(), name_)) {
      deadline = now + options_.debounce;
    }
    if (now >= next_poll) {
      const FileIdentity current = IdentityOf(path_);
      if (current != identity) deadline = now + options_.debounce;
      identity = current;
      next_poll = now + options_.poll_interval;
    }
    if (now >= deadline) {
      deadline = kNoDeadline;
      identity = IdentityOf(path_);  // the change is handled; the poll looks for the next one
      on_change_();
    }
  }
}

}  // namespace divolte::enrich
