#include "sinks/file/file_naming.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <climits>

namespace divolte::sinks {
namespace {

std::atomic<uint64_t> next_file_number{1};

std::string LookUpHostName() {
  char buffer[HOST_NAME_MAX + 1] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  return buffer;
}

}  // namespace

std::string FormatFileName(std::time_t creation_time, std::string_view host, uint64_t number) {
  std::tm local{};
  localtime_r(&creation_time, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &local);
  return fmt::format("{}-divolte-tracking-{}-{}.avro", stamp, host, number);
}

const std::string& LocalHostName() {
  static const std::string host = LookUpHostName();
  return host;
}

uint64_t NextFileNumber() { return next_file_number.fetch_add(1, std::memory_order_relaxed); }

std::string NextFileName() {
  return FormatFileName(std::time(nullptr), LocalHostName(), NextFileNumber());
}

}  // namespace divolte::sinks
