#include "sinks/file/local_file_system.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/log.h"

namespace divolte::sinks {
namespace {

constexpr mode_t kFileMode = 0644;  // before umask (sinks.md §3)
constexpr std::string_view kPartialSuffix = ".partial";

std::string ErrnoMessage(std::string_view action, const std::string& path, int error) {
  return fmt::format("{} {}: {}", action, path, std::strerror(error));
}

base::Status ErrnoStatus(std::string_view action, const std::string& path) {
  return base::Status::Error(ErrnoMessage(action, path, errno));
}

// Writes all of `bytes`, continuing after short writes and signals.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

class LocalFile final : public InFlightFile {
 public:
  LocalFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  base::Status Append(std::string_view bytes) override {
    if (!WriteAll(fd_, bytes)) return ErrnoStatus("Failed to write", path_);
    return {};
  }
  base::Status Sync() override {
    if (::fdatasync(fd_) != 0) return ErrnoStatus("Failed to sync", path_);
    return {};
  }
  base::Status Truncate(uint64_t length) override {
    if (::ftruncate(fd_, static_cast<off_t>(length)) != 0 ||
        ::lseek(fd_, static_cast<off_t>(length), SEEK_SET) < 0) {
      return ErrnoStatus("Failed to truncate", path_);
    }
    return Sync();
  }
  base::Status Close() override {
    const int fd = fd_;
    fd_ = -1;
    // The descriptor is released even when close reports an error; never retry close.
    if (::close(fd) != 0) return ErrnoStatus("Failed to close", path_);
    return {};
  }

 private:
  int fd_;
  std::string path_;
};

base::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("Failed to open directory", dir);
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) return base::Status::Error(ErrnoMessage("Failed to sync directory", dir, error));
  return {};
}

// rename(2) that refuses to replace an existing file: another collector on this host may have
// published the same name. Falls back to plain rename where the filesystem lacks the flag.
int RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::access(to.c_str(), F_OK) == 0) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(from.c_str(), to.c_str());
}

}  // namespace

LocalFileSystem::LocalFileSystem(std::string working_dir, std::string publish_dir)
    : working_dir_(std::move(working_dir)), publish_dir_(std::move(publish_dir)) {}

std::string LocalFileSystem::WorkingPath(const std::string& name) const {
  return fmt::format("{}/{}{}", working_dir_, name, kPartialSuffix);
}

std::string LocalFileSystem::PublishPath(const std::string& name) const {
  return publish_dir_ + "/" + name;
}

CreateResult LocalFileSystem::Create(const std::string& name, std::string_view header) {
  // A published file of that name (from another process) counts as taken too: publishing must
  // never replace it.
  if (::access(PublishPath(name).c_str(), F_OK) == 0) return CreateResult::NameTaken();
  const std::string path = WorkingPath(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode);
  if (fd < 0) {
    if (errno == EEXIST) return CreateResult::NameTaken();
    return CreateResult::Failed(ErrnoMessage("Failed to create", path, errno));
  }
  auto file = std::make_unique<LocalFile>(fd, path);
  base::Status status = file->Append(header);
  // fsync (not fdatasync): the new inode and its size must be durable, proving the disk works.
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoStatus("Failed to sync", path);
  if (!status.ok()) {
    file.reset();
    ::unlink(path.c_str());  // holds no record: nothing is lost by removing it
    return CreateResult::Failed(status.message());
  }
  return CreateResult::Created(std::move(file));
}

base::Status LocalFileSystem::Publish(const std::string& name) {
  const std::string from = WorkingPath(name);
  const std::string to = PublishPath(name);
  if (RenameNoReplace(from, to) != 0) {
    return base::Status::Error(ErrnoMessage("Failed to rename " + from + " to", to, errno));
  }
  // The file has moved: reporting a failure now would claim it is still in the working location.
  base::Status synced = SyncDirectory(publish_dir_);
  if (!synced.ok()) base::Logger("FileFlusher").Warn("{}", synced.message());
  return {};
}

base::Status LocalFileSystem::Delete(const std::string& name) {
  const std::string path = WorkingPath(name);
  if (::unlink(path.c_str()) != 0) return ErrnoStatus("Failed to delete", path);
  return {};
}

}  // namespace divolte::sinks
