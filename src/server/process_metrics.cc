#include "server/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace divolte::server {
namespace {

// The fields of /proc/self/stat after the command name (which may hold spaces and parentheses,
// so the split starts after its last ')'). Field 3 of proc(5) is the first element.
std::optional<std::vector<std::string>> StatFields() {
  std::ifstream file("/proc/self/stat");
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  const size_t name_end = line.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(name_end + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  if (fields.size() < 22) return std::nullopt;  // up to rss (field 24)
  return fields;
}

// The boot time, seconds since the epoch ("btime" of /proc/stat).
std::optional<double> BootTime() {
  std::ifstream file("/proc/stat");
  for (std::string key; file >> key;) {
    if (key == "btime") {
      double seconds = 0;
      if (file >> seconds) return seconds;
      return std::nullopt;
    }
    file.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return std::nullopt;
}

double CountOpenFds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the directory stream's own descriptor
}

}  // namespace

std::optional<ProcessMetrics> ReadProcessMetrics() {
  const auto fields = StatFields();
  const auto boot = BootTime();
  if (!fields || !boot) return std::nullopt;
  // proc(5) field n is fields[n - 3].
  auto field = [&](int n) { return std::strtod((*fields)[n - 3].c_str(), nullptr); };
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  ProcessMetrics metrics;
  metrics.cpu_seconds = (field(14) + field(15)) / ticks;
  metrics.start_time_seconds = *boot + field(22) / ticks;
  metrics.virtual_memory_bytes = field(23);
  metrics.resident_memory_bytes = field(24) * page;
  metrics.open_fds = CountOpenFds();
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    metrics.max_fds = limit.rlim_cur == RLIM_INFINITY ? 0 : static_cast<double>(limit.rlim_cur);
  }
  return metrics;
}

}  // namespace divolte::server
