#include "base/clock.h"

#include <chrono>
#include <ctime>

namespace divolte::base {

int64_t WallMillis() {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string FormatImfFixdate(int64_t epoch_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return text;
}

std::string_view CachedImfFixdateNow() {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_text;
  const int64_t now_second = WallMillis() / 1000;
  if (now_second != cached_second) {
    cached_text = FormatImfFixdate(now_second);
    cached_second = now_second;
  }
  return cached_text;
}

}  // namespace divolte::base
