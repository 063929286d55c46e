#include "config/duration.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

namespace divolte::config {
namespace {

struct Unit {
  std::string_view names[3];  // short, plural, long plural
  int64_t nanos;
};

constexpr int64_t kMicro = 1000;
constexpr int64_t kMilli = 1000 * kMicro;
constexpr int64_t kSecond = 1000 * kMilli;

constexpr std::array<Unit, 7> kUnits = {{
    {{"ns", "nanos", "nanoseconds"}, 1},
    {{"us", "micros", "microseconds"}, kMicro},
    {{"ms", "millis", "milliseconds"}, kMilli},
    {{"s", "seconds", "seconds"}, kSecond},
    {{"m", "minutes", "minutes"}, 60 * kSecond},
    {{"h", "hours", "hours"}, 3600 * kSecond},
    {{"d", "days", "days"}, 86400 * kSecond},
}};

// Like Java's String.trim: strips bytes up to and including ' '.
std::string_view Trim(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

// Unit names are matched after adding a missing plural 's' to names longer than two letters,
// so "second", "nano" and "day" work as well.
std::optional<int64_t> UnitNanos(std::string_view written) {
  std::string name(written);
  if (name.size() > 2 && name.back() != 's') name += 's';
  if (name.empty()) return kMilli;
  for (const Unit& unit : kUnits) {
    for (std::string_view candidate : unit.names) {
      if (candidate == name) return unit.nanos;
    }
  }
  return std::nullopt;
}

bool IsInteger(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Decimal syntax accepted by Java's Double.parseDouble, without hex floats.
bool IsDecimal(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t integral = digits();
  size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (integral + fraction == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

base::Result<Duration> OutOfRange(std::string_view input) {
  return base::Result<Duration>::Error("Duration '" + std::string(input) + "' is out of range");
}

}  // namespace

base::Result<Duration> ParseDuration(std::string_view input) {
  std::string_view text = Trim(input);
  size_t unit_start = text.size();
  while (unit_start > 0 && IsLetter(text[unit_start - 1])) --unit_start;
  std::string_view unit = text.substr(unit_start);
  std::string_view number = Trim(text.substr(0, unit_start));
  if (number.empty()) {
    return base::Result<Duration>::Error("No number in duration value '" + std::string(input) +
                                         "'");
  }
  std::optional<int64_t> nanos = UnitNanos(unit);
  if (!nanos) {
    return base::Result<Duration>::Error("Could not parse time unit '" + std::string(unit) +
                                         "' (try ns, us, ms, s, m, h, d)");
  }
  std::string bad_number = "Could not parse duration number '" + std::string(number) + "'";
  if (IsInteger(number)) {
    std::string_view digits = number.front() == '+' ? number.substr(1) : number;
    int64_t count = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (error != std::errc() || end != digits.data() + digits.size()) {
      return base::Result<Duration>::Error(bad_number);
    }
    int64_t result;
    if (__builtin_mul_overflow(count, *nanos, &result)) return OutOfRange(input);
    return Duration(result);
  }
  if (!IsDecimal(number)) return base::Result<Duration>::Error(bad_number);
  double value = std::strtod(std::string(number).c_str(), nullptr) * static_cast<double>(*nanos);
  if (!std::isfinite(value) || std::fabs(value) >= 9.2e18) return OutOfRange(input);
  return Duration(static_cast<int64_t>(value));
}

std::string FormatDuration(Duration duration) {
  static constexpr std::pair<int64_t, std::string_view> kNames[] = {
      {86400 * kSecond, "day"}, {3600 * kSecond, "hour"}, {60 * kSecond, "minute"},
      {kSecond, "second"},      {kMilli, "millisecond"},  {kMicro, "microsecond"},
  };
  int64_t nanos = duration.count();
  for (const auto& [unit_nanos, name] : kNames) {
    if (nanos != 0 && nanos % unit_nanos == 0) {
      int64_t count = nanos / unit_nanos;
      return std::to_string(count) + " " + std::string(name) + (count == 1 ? "" : "s");
    }
  }
  return std::to_string(nanos) + (nanos == 1 ? " nanosecond" : " nanoseconds");
}

}  // namespace divolte::config
