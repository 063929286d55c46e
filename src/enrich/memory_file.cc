#include "enrich/memory_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

namespace divolte::enrich {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;

std::string ErrnoText(int error) { return std::generic_category().message(error); }

base::Status TooLarge(uint64_t max_bytes) {
  return base::Status::Error("database larger than " + std::to_string(max_bytes) + " bytes");
}

base::Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return base::Status::Error("cannot write the in-memory copy: " + ErrnoText(errno));
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return {};
}

base::Status CopyPlain(int in, int out, uint64_t max_bytes) {
  std::vector<char> buffer(kChunkBytes);
  uint64_t total = 0;
  while (true) {
    const ssize_t got = ::read(in, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return base::Status::Error(ErrnoText(errno));
    }
    if (got == 0) return {};
    total += static_cast<uint64_t>(got);
    if (total > max_bytes) return TooLarge(max_bytes);
    base::Status status = WriteAll(out, buffer.data(), static_cast<size_t>(got));
    if (!status.ok()) return status;
  }
}

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose_r(file); }
};

// gzread reports a truncated stream as end of file; the error is only visible through gzerror.
base::Status GzipError(gzFile_s* file) {
  int code = Z_OK;
  const char* message = gzerror(file, &code);
  if (code == Z_OK) return {};
  if (code == Z_BUF_ERROR) return base::Status::Error("truncated gzip data");
  if (code == Z_ERRNO) return base::Status::Error(ErrnoText(errno));
  return base::Status::Error(std::string("corrupt gzip data: ") + message);
}

base::Status CopyGzip(int in, int out, uint64_t max_bytes) {
  UniqueFd duplicate(::dup(in));  // gzclose closes the descriptor it was given
  if (!duplicate.valid()) return base::Status::Error(ErrnoText(errno));
  std::unique_ptr<gzFile_s, GzCloser> file(gzdopen(duplicate.get(), "rb"));
  if (file == nullptr) return base::Status::Error("cannot start gzip decompression");
  duplicate.Release();
  gzbuffer(file.get(), kChunkBytes);
  if (gzdirect(file.get()) == 1) return base::Status::Error("not gzip data");
  std::vector<char> buffer(kChunkBytes);
  uint64_t total = 0;
  while (true) {
    const int got = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    if (got <= 0) return GzipError(file.get());
    total += static_cast<uint64_t>(got);
    if (total > max_bytes) return TooLarge(max_bytes);
    base::Status status = WriteAll(out, buffer.data(), static_cast<size_t>(got));
    if (!status.ok()) return status;
  }
}

base::Result<UniqueFd> OpenRegularFile(const std::string& path) {
  // O_NONBLOCK: a FIFO at the path must fail the check below, not block the open.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return base::Result<UniqueFd>::Error(ErrnoText(errno));
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) return base::Result<UniqueFd>::Error(ErrnoText(errno));
  if (!S_ISREG(info.st_mode)) return base::Result<UniqueFd>::Error("not a regular file");
  return fd;
}

}  // namespace

base::Result<UniqueFd> CopyToMemoryFile(const std::string& path, FileEncoding encoding,
                                        uint64_t max_bytes) {
  base::Result<UniqueFd> in = OpenRegularFile(path);
  if (!in.ok()) return in.status();
  UniqueFd copy(::memfd_create("divolte-geoip", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!copy.valid()) {
    return base::Result<UniqueFd>::Error("cannot create an in-memory copy: " + ErrnoText(errno));
  }
  base::Status status = encoding == FileEncoding::kGzip
                            ? CopyGzip(in->get(), copy.get(), max_bytes)
                            : CopyPlain(in->get(), copy.get(), max_bytes);
  if (!status.ok()) return status;
  // Best effort: the copy is private anyway; sealing makes "never changes" checkable.
  ::fcntl(copy.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return copy;
}

}  // namespace divolte::enrich
