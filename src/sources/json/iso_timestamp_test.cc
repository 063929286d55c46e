#include "sources/json/iso_timestamp.h"

#include <gtest/gtest.h>

namespace divolte::sources {
namespace {

struct Row {
  const char* text;
  int64_t millis;
};

// Expected values computed independently (Python's datetime).
constexpr Row kValid[] = {
    {"2016-08-24T13:29:39.412+02:00", 1472038179412},  // protocol.md §8.2
    {"1970-01-01T00:00:00Z", 0},
    {"1970-01-01t00:00:00z", 0},
    {"1970-01-01T00:00Z", 0},
    {"2016-08-24T13:29+02:00", 1472038140000},
    {"2016-08-24T13:29:39+02:30:15", 1472036364000},
    {"2016-08-24T13:29:39.4-05:45", 1472066079400},
    {"2016-08-24T13:29:39.412999999+02:00", 1472038179412},
    {"1900-01-01T00:00:00.000000001Z", -2208988800000},
    {"0000-01-01T00:00:00Z", -62167219200000},
    {"9999-12-31T23:59:59.999Z", 253402300799999},
    {"2016-02-29T12:00:00+18:00", 1456682400000},
    {"2016-02-29T12:00:00-18:00", 1456812000000},
    {"2000-02-29T00:00:00Z", 951782400000},
    {"1970-01-01T00:00:00-00:00", 0},
    // Negative epoch times round toward negative infinity.
    {"1969-12-31T23:59:59.999999Z", -1},
    {"1969-12-31T23:59:59.0005Z", -1000},
    {"1970-01-01T00:00:00.5+00:00:01", -500},
    {"1969-12-31T23:59:59.9Z", -100},
};

TEST(IsoTimestampTest, Valid) {
  for (const Row& row : kValid) {
    EXPECT_EQ(ParseIsoTimestamp(row.text), row.millis) << row.text;
  }
}

TEST(IsoTimestampTest, Invalid) {
  for (const char* text : {
           "",
           "2016-08-24",
           "2016-08-24T13:29:39",              // no offset
           "2016-08-24T13:29:39.412",          // no offset
           "2016-08-24 13:29:39Z",             // space instead of T
           "2016-08-24X13:29:39Z",             //
           "16-08-24T13:29:39Z",               // two-digit year
           "+2016-08-24T13:29:39Z",            // signed year
           "2016-8-24T13:29:39Z",              // one-digit month
           "2016-08-24T1:29:39Z",              // one-digit hour
           "2016-08-24T13Z",                   // no minutes
           "2016-08-24T13:29:3Z",              // one-digit second
           "2016-08-24T13:29:39.Z",            // empty fraction
           "2016-08-24T13:29:39.1234567890Z",  // ten fraction digits
           "2016-08-24T13:29.5Z",              // fraction without seconds
           "2016-08-24T13:29:39,5Z",           // comma fraction
           "2016-02-30T00:00:00Z",             // invalid calendar dates
           "2015-02-29T00:00:00Z",             //
           "1900-02-29T00:00:00Z",             //
           "2016-04-31T00:00:00Z",             //
           "2016-00-10T00:00:00Z",             //
           "2016-13-10T00:00:00Z",             //
           "2016-01-00T00:00:00Z",             //
           "2016-01-32T00:00:00Z",             //
           "2016-08-24T24:00:00Z",             // hour 24
           "2016-08-24T23:60:00Z",             //
           "2016-08-24T23:59:60Z",             // leap second
           "2016-08-24T13:29:39+02",           // offset without minutes
           "2016-08-24T13:29:39+0200",         // offset without colon
           "2016-08-24T13:29:39+2:00",         //
           "2016-08-24T13:29:39+02:60",        //
           "2016-08-24T13:29:39+02:00:60",     //
           "2016-08-24T13:29:39+02:00:",       //
           "2016-08-24T13:29:39+18:00:01",     // beyond ±18:00
           "2016-08-24T13:29:39-19:00",        //
           "2016-08-24T13:29:39Z ",            // trailing text
           " 2016-08-24T13:29:39Z",            //
           "2016-08-24T13:29:39ZZ",            //
           "2016-08-24T13:29:39+02:00[Europe/Amsterdam]",
           "２016-08-24T13:29:39Z",
       }) {
    EXPECT_EQ(ParseIsoTimestamp(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace divolte::sources
