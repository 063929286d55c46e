// The body of a JSON-source event (protocol.md §8.2-8.3, simdjson on demand), the ISO-8601
// client timestamp and the Content-Type check. Input: the request body.
//
// Invariants: an accepted body has a normalised session identifier; its parameters rendered as
// JSON and put back into a body parse again, and a second round changes nothing; a parsed
// timestamp rendered in UTC (`…T…Z`) parses to the same instant.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "event/identifier.h"
#include "sources/json/content_type.h"
#include "sources/json/iso_timestamp.h"
#include "sources/json/json_body.h"

namespace {

namespace sources = divolte::sources;

std::string BodyWithParameters(const std::string& parameters_json) {
  return R"({"session_id": "0:i1t84hgy:s", "event_id": "e", "is_new_party": true,)"
         R"( "is_new_session": false, "client_timestamp_iso": "2016-08-24T13:29:39.412+02:00",)"
         R"( "parameters": )" +
         parameters_json + "}";
}

// Days since 1970-01-01 to a proleptic Gregorian civil date (H. Hinnant's algorithm).
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

void CheckTimestamp(std::string_view text) {
  const auto millis = sources::ParseIsoTimestamp(text);
  if (!millis) return;
  const int64_t ms_per_day = 86400000;
  int64_t days = *millis / ms_per_day;
  int64_t rest = *millis % ms_per_day;
  if (rest < 0) {
    rest += ms_per_day;
    --days;
  }
  int64_t year;
  int month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 0 || year > 9999) return;  // an offset moved it out of the four-digit range
  char utc[64];
  std::snprintf(utc, sizeof utc, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600000),
                static_cast<long long>(rest / 60000 % 60), static_cast<long long>(rest / 1000 % 60),
                static_cast<long long>(rest % 1000));
  CHECK(sources::ParseIsoTimestamp(utc) == millis);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sources::JsonBodyParser parser;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckTimestamp(body);
  (void)sources::IsJsonContentType({body});
  auto parsed = parser.Parse(body);
  if (!parsed.ok()) return 0;
  CHECK(divolte::event::NormaliseIdentifier(parsed->session_id) == parsed->session_id);
  if (!parsed->parameters) return 0;
  const std::string first = parsed->parameters->ToJson();
  if (first == "null") return 0;  // a number beyond the double range: JSON has no infinity
  auto again = parser.Parse(BodyWithParameters(first));
  CHECK(again.ok() && again->parameters.has_value());
  const std::string second = again->parameters->ToJson();
  auto third = parser.Parse(BodyWithParameters(second));
  CHECK(third.ok() && third->parameters.has_value() && third->parameters->ToJson() == second);
  return 0;
}
