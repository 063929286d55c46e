#pragma once

// Logging in the format of operations.md §6, on standard output:
//   2020-10-22 14:30:05.123+02 [main] INFO  [Server]: Starting server on 127.0.0.1:8290
// A Logger is a named component ("Server", "FileSink"); it is cheap to copy and thread-safe.
// Thread names are set once per thread with SetThreadName. Per-event messages go through a
// RateLimiter so that a flood of bad requests cannot flood the log.

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace divolte::base {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

// Parses TRACE, DEBUG, INFO, WARN, ERROR (case-insensitive).
std::optional<LogLevel> ParseLogLevel(std::string_view text);

// Sets the level of every logger, present and future. Default: INFO.
void SetLogLevel(LogLevel level);

// Names the calling thread in log lines (and for the OS, truncated to 15 bytes).
void SetThreadName(const std::string& name);

class Logger {
 public:
  explicit Logger(std::string_view component);

  template <typename... Args>
  void Trace(fmt::format_string<Args...> format, Args&&... args) const {
    if (Enabled(LogLevel::kTrace))
      Log(LogLevel::kTrace, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void Debug(fmt::format_string<Args...> format, Args&&... args) const {
    if (Enabled(LogLevel::kDebug))
      Log(LogLevel::kDebug, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void Info(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kInfo, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void Warn(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kWarn, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void Error(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kError, fmt::format(format, std::forward<Args>(args)...));
  }

  bool Enabled(LogLevel level) const;
  void Log(LogLevel level, std::string_view message) const;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

// Allows at most one log line per interval. Thread-safe; the fast path (suppressing) is one
// atomic load and one atomic increment.
class RateLimiter {
 public:
  explicit RateLimiter(std::chrono::milliseconds interval = std::chrono::seconds(10))
      : interval_ns_(std::chrono::nanoseconds(interval).count()) {}

  // True if a line may be written now; `*suppressed` is then the number of calls refused since
  // the previous allowed one.
  bool Allow(uint64_t* suppressed);

 private:
  const int64_t interval_ns_;
  std::atomic<int64_t> next_allowed_ns_{0};
  std::atomic<uint64_t> suppressed_{0};
};

// Appends " (<n> similar messages suppressed)" when n > 0, as operations.md §6 asks.
std::string WithSuppressed(std::string message, uint64_t suppressed);

}  // namespace divolte::base
