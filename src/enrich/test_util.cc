#include "enrich/test_util.h"

#include <sys/wait.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/check.h"

namespace divolte::enrich::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/divolte-enrich-test-XXXXXX";
  CHECK(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string SourceDir() {
  const char* dir = std::getenv("DIVOLTE_SOURCE_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return DIVOLTE_SOURCE_DIR_FALLBACK;
}

base::Status MakeTestDatabase(const std::string& json, const std::string& out) {
  const std::string in = out + ".json";
  base::Status written = WriteFile(in, json);
  if (!written.ok()) return written;
  const std::string command =
      "perl '" + SourceDir() + "/tests/testutil/make_test_mmdb.pl' '" + in + "' '" + out + "'";
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return base::Status::Error("make_test_mmdb.pl failed: " + command);
  }
  return {};
}

base::Status WriteFile(const std::string& path, std::string_view content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  file.close();
  if (!file) return base::Status::Error("cannot write " + path);
  return {};
}

base::Status ReadFile(const std::string& path, std::string* content) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return base::Status::Error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  *content = text.str();
  return {};
}

base::Status GzipFile(const std::string& in, const std::string& out) {
  std::string content;
  base::Status read = ReadFile(in, &content);
  if (!read.ok()) return read;
  gzFile file = gzopen(out.c_str(), "wb");
  if (file == nullptr) return base::Status::Error("cannot write " + out);
  const int written = gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  const int closed = gzclose(file);
  if (written != static_cast<int>(content.size()) || closed != Z_OK) {
    return base::Status::Error("cannot gzip into " + out);
  }
  return {};
}

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace divolte::enrich::testing
