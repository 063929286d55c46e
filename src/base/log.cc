#include "base/log.h"

#include <pthread.h>
#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <map>
#include <mutex>

namespace divolte::base {
namespace {

thread_local std::string this_thread_name = "main";

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

std::string_view PaddedLevel(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "TRACE ";
    case spdlog::level::debug:
      return "DEBUG ";
    case spdlog::level::info:
      return "INFO  ";
    case spdlog::level::warn:
      return "WARN  ";
    default:
      return "ERROR ";
  }
}

// "Z" for UTC, else "+hh" / "-hh" (with minutes appended for offsets that are not whole hours).
void AppendZone(long offset_seconds, spdlog::memory_buf_t& out) {
  if (offset_seconds == 0) {
    out.push_back('Z');
    return;
  }
  const char sign = offset_seconds < 0 ? '-' : '+';
  const long magnitude = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  const long hours = magnitude / 3600;
  const long minutes = magnitude % 3600 / 60;
  if (minutes == 0) {
    fmt::format_to(std::back_inserter(out), "{}{:02}", sign, hours);
  } else {
    fmt::format_to(std::back_inserter(out), "{}{:02}{:02}", sign, hours, minutes);
  }
}

class LineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    using std::chrono::duration_cast;
    const auto since_epoch = msg.time.time_since_epoch();
    const auto millis = duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(msg.time);
    std::tm local{};
    localtime_r(&seconds, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    fmt::format_to(std::back_inserter(dest), "{}.{:03}", stamp, millis);
    AppendZone(local.tm_gmtoff, dest);
    fmt::format_to(std::back_inserter(dest), " [{}] {}[{}]: ", this_thread_name,
                   PaddedLevel(msg.level),
                   std::string_view(msg.logger_name.data(), msg.logger_name.size()));
    dest.append(msg.payload.data(), msg.payload.data() + msg.payload.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>();
  }
};

struct Registry {
  std::mutex mutex;
  spdlog::sink_ptr sink;
  spdlog::level::level_enum level = spdlog::level::info;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;

  Registry() : sink(std::make_shared<spdlog::sinks::stdout_sink_mt>()) {
    sink->set_formatter(std::make_unique<LineFormatter>());
  }
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();  // never destroyed: threads may log during exit
  return *registry;
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "TRACE") return LogLevel::kTrace;
  if (upper == "DEBUG") return LogLevel::kDebug;
  if (upper == "INFO") return LogLevel::kInfo;
  if (upper == "WARN") return LogLevel::kWarn;
  if (upper == "ERROR") return LogLevel::kError;
  return std::nullopt;
}

void SetLogLevel(LogLevel level) {
  Registry& registry = GetRegistry();
  std::lock_guard lock(registry.mutex);
  registry.level = ToSpdlog(level);
  for (auto& [name, logger] : registry.loggers) logger->set_level(registry.level);
}

void SetThreadName(const std::string& name) {
  this_thread_name = name;
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

Logger::Logger(std::string_view component) {
  Registry& registry = GetRegistry();
  std::lock_guard lock(registry.mutex);
  auto found = registry.loggers.find(component);
  if (found != registry.loggers.end()) {
    logger_ = found->second;
    return;
  }
  logger_ = std::make_shared<spdlog::logger>(std::string(component), registry.sink);
  logger_->set_level(registry.level);
  logger_->flush_on(spdlog::level::trace);
  registry.loggers.emplace(std::string(component), logger_);
}

bool Logger::Enabled(LogLevel level) const { return logger_->should_log(ToSpdlog(level)); }

void Logger::Log(LogLevel level, std::string_view message) const {
  logger_->log(ToSpdlog(level), "{}", message);
}

bool RateLimiter::Allow(uint64_t* suppressed) {
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t next = next_allowed_ns_.load(std::memory_order_relaxed);
  if (now < next || !next_allowed_ns_.compare_exchange_strong(next, now + interval_ns_)) {
    suppressed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  *suppressed = suppressed_.exchange(0, std::memory_order_relaxed);
  return true;
}

std::string WithSuppressed(std::string message, uint64_t suppressed) {
  if (suppressed > 0) message += fmt::format(" ({} similar messages suppressed)", suppressed);
  return message;
}

}  // namespace divolte::base
