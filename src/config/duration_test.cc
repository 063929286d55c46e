#include "config/duration.h"

#include <gtest/gtest.h>

namespace divolte::config {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

Duration Ok(std::string_view text) {
  base::Result<Duration> result = ParseDuration(text);
  EXPECT_TRUE(result.ok()) << text << ": " << (result.ok() ? "" : result.message());
  return result.ok() ? *result : Duration(-12345);
}

std::string Error(std::string_view text) {
  base::Result<Duration> result = ParseDuration(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.message();
}

TEST(Duration, EveryUnitName) {
  for (auto name : {"ns", "nano", "nanos", "nanosecond", "nanoseconds"}) {
    EXPECT_EQ(Ok(std::string("7 ") + name), nanoseconds(7)) << name;
  }
  for (auto name : {"us", "micro", "micros", "microsecond", "microseconds"}) {
    EXPECT_EQ(Ok(std::string("7 ") + name), microseconds(7)) << name;
  }
  for (auto name : {"ms", "milli", "millis", "millisecond", "milliseconds"}) {
    EXPECT_EQ(Ok(std::string("7 ") + name), milliseconds(7)) << name;
  }
  for (auto name : {"s", "second", "seconds"}) EXPECT_EQ(Ok(std::string("7 ") + name), seconds(7));
  for (auto name : {"m", "minute", "minutes"}) EXPECT_EQ(Ok(std::string("7 ") + name), minutes(7));
  for (auto name : {"h", "hour", "hours"}) EXPECT_EQ(Ok(std::string("7 ") + name), hours(7));
  for (auto name : {"d", "day", "days"}) EXPECT_EQ(Ok(std::string("7 ") + name), hours(7 * 24));
}

TEST(Duration, SpecExamples) {
  EXPECT_EQ(Ok("30 seconds"), seconds(30));
  EXPECT_EQ(Ok("30s"), seconds(30));
  EXPECT_EQ(Ok("750 milliseconds"), milliseconds(750));
  EXPECT_EQ(Ok("1.5 hours"), minutes(90));
  EXPECT_EQ(Ok("730 days"), hours(730 * 24));
  EXPECT_EQ(Ok("0 ms"), Duration(0));
  EXPECT_EQ(Ok("500"), milliseconds(500));
}

TEST(Duration, NumbersAndWhitespace) {
  EXPECT_EQ(Ok("  2 \t m  "), minutes(2));
  EXPECT_EQ(Ok("2.5"), microseconds(2500));
  EXPECT_EQ(Ok("+3s"), seconds(3));
  EXPECT_EQ(Ok("1e3 ms"), seconds(1));
  EXPECT_EQ(Ok(".5 s"), milliseconds(500));
  EXPECT_EQ(Ok("-5 s"), seconds(-5));  // the caller rejects negative values
  EXPECT_EQ(Ok("9223372036854775807 ns"), nanoseconds(INT64_MAX));
}

TEST(Duration, ErrorTexts) {
  EXPECT_EQ(Error("seconds"), "No number in duration value 'seconds'");
  EXPECT_EQ(Error(""), "No number in duration value ''");
  EXPECT_EQ(Error("  "), "No number in duration value '  '");
  EXPECT_EQ(Error("5 fortnights"),
            "Could not parse time unit 'fortnights' (try ns, us, ms, s, m, h, d)");
  EXPECT_EQ(Error("5 S"), "Could not parse time unit 'S' (try ns, us, ms, s, m, h, d)");
  EXPECT_EQ(Error("5 mss"), "Could not parse time unit 'mss' (try ns, us, ms, s, m, h, d)");
  EXPECT_EQ(Error("1.2.3 s"), "Could not parse duration number '1.2.3'");
  EXPECT_EQ(Error("- s"), "Could not parse duration number '-'");
  EXPECT_EQ(Error("1 2 s"), "Could not parse duration number '1 2'");
  EXPECT_EQ(Error("99999999999999999999 ns"),
            "Could not parse duration number '99999999999999999999'");
  EXPECT_EQ(Error("9999999999999 d"), "Duration '9999999999999 d' is out of range");
  EXPECT_EQ(Error("1e300 d"), "Duration '1e300 d' is out of range");
}

TEST(Duration, Format) {
  EXPECT_EQ(FormatDuration(seconds(10)), "10 seconds");
  EXPECT_EQ(FormatDuration(milliseconds(1)), "1 millisecond");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500 milliseconds");
  EXPECT_EQ(FormatDuration(minutes(1)), "1 minute");
  EXPECT_EQ(FormatDuration(hours(48)), "2 days");
  EXPECT_EQ(FormatDuration(nanoseconds(3)), "3 nanoseconds");
  EXPECT_EQ(FormatDuration(Duration(0)), "0 nanoseconds");
}

}  // namespace
}  // namespace divolte::config
