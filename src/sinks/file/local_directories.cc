#include "sinks/file/local_directories.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <vector>

#include "base/strings.h"

namespace divolte::sinks {
namespace {

constexpr std::string_view kPartialSuffix = ".avro.partial";

struct DirectoryMessages {
  const char* missing;
  const char* not_directory;
};
constexpr DirectoryMessages kWorkingMessages = {
    "Working directory for in-flight AVRO records does not exist: ",
    "Path for in-flight AVRO records is not a directory: "};
constexpr DirectoryMessages kPublishMessages = {
    "Directory for publishing AVRO records does not exist: ",
    "Path for publishing AVRO record is not a directory: "};

// The scheme of a URI ("file" of "file:///x"), or empty for a plain path.
std::string_view SchemeOf(std::string_view text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text[0]))) return {};
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return text.substr(0, i);
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') break;
  }
  return {};
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = base::HexDigitValue(text[i + 1]);
    const int low = base::HexDigitValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

// Checks existence and type; returns the device of the directory when both hold.
std::optional<dev_t> CheckDirectory(const std::string& path, const std::string& configured,
                                    const DirectoryMessages& messages,
                                    std::vector<std::string>* errors) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    errors->push_back(messages.missing + configured);
    return std::nullopt;
  }
  if (!S_ISDIR(info.st_mode)) {
    errors->push_back(messages.not_directory + configured);
    return std::nullopt;
  }
  return info.st_dev;
}

// access() alone is not enough: it says yes to root everywhere except on read-only mounts, and
// some filesystems (procfs) refuse new files regardless. So also create and remove a probe file.
bool IsWritable(const std::string& dir) {
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return false;
  static std::atomic<uint64_t> probe_number{0};
  const std::string probe =
      fmt::format("{}/.divolte-write-check-{}-{}", dir, ::getpid(), probe_number.fetch_add(1));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  ::unlink(probe.c_str());
  return true;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) {
    if (!joined.empty()) joined += '\n';
    joined += line;
  }
  return joined;
}

}  // namespace

base::Result<std::string> ResolveLocalPath(std::string_view configured) {
  const std::string_view scheme = SchemeOf(configured);
  if (scheme.empty()) return std::string(configured);
  if (scheme != "file") {
    return base::Result<std::string>::Error(fmt::format(
        "Unsupported filesystem scheme '{}' for {}; the local file sink supports only file", scheme,
        configured));
  }
  std::string_view rest = configured.substr(scheme.size() + 1);
  if (rest.starts_with("//")) {  // authority: empty or localhost
    rest.remove_prefix(2);
    const size_t slash = rest.find('/');
    const std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") {
      return base::Result<std::string>::Error(
          fmt::format("File URI {} names another host ({})", configured, host));
    }
    rest = slash == std::string_view::npos ? "/" : rest.substr(slash);
  }
  std::optional<std::string> path = PercentDecode(rest);
  if (!path || path->empty() || (*path)[0] != '/') {
    return base::Result<std::string>::Error(fmt::format("Invalid file URI: {}", configured));
  }
  return *path;
}

base::Result<LocalDirectories> CheckLocalDirectories(const config::FileStrategyConfig& config) {
  std::vector<std::string> errors;
  base::Result<std::string> working = ResolveLocalPath(config.working_dir);
  base::Result<std::string> publish = ResolveLocalPath(config.publish_dir);
  if (!working.ok()) errors.push_back(working.message());
  if (!publish.ok()) errors.push_back(publish.message());
  if (!errors.empty()) return base::Result<LocalDirectories>::Error(JoinLines(errors));

  const std::optional<dev_t> working_device =
      CheckDirectory(*working, config.working_dir, kWorkingMessages, &errors);
  const std::optional<dev_t> publish_device =
      CheckDirectory(*publish, config.publish_dir, kPublishMessages, &errors);
  if (working_device && !IsWritable(*working)) {
    errors.push_back(config.working_dir + " is not writable");
  }
  if (publish_device && *publish != *working && !IsWritable(*publish)) {
    errors.push_back(config.publish_dir + " is not writable");
  }
  if (working_device && publish_device && *working_device != *publish_device) {
    errors.push_back("working_dir and publish_dir must be on the same filesystem");
  }
  if (!errors.empty()) return base::Result<LocalDirectories>::Error(JoinLines(errors));
  return LocalDirectories{.working_dir = std::move(*working), .publish_dir = std::move(*publish)};
}

size_t CountLeftoverFiles(const std::string& dir) {
  DIR* stream = ::opendir(dir.c_str());
  if (stream == nullptr) return 0;
  size_t count = 0;
  while (const dirent* entry = ::readdir(stream)) {
    const std::string_view name = entry->d_name;
    if (name.size() > kPartialSuffix.size() && name.ends_with(kPartialSuffix)) ++count;
  }
  ::closedir(stream);
  return count;
}

}  // namespace divolte::sinks
