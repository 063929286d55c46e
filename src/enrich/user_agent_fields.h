#pragma once

// UserAgentFields: Divolte's nine user-agent values (mapping.md §7.8), translated from a uap-core
// result by the tables of enrich.md §3.3. Pure functions, thread-safe.

#include <array>
#include <string>
#include <string_view>

#include "enrich/user_agent_parser.h"

namespace divolte::enrich {

struct UserAgentFields {
  // The order of the mapping producers userAgent().name() ... osVendor() and of the default
  // record's userAgent* fields.
  enum Index {
    kName,
    kFamily,
    kVendor,
    kType,
    kVersion,
    kDeviceCategory,
    kOsFamily,
    kOsVersion,
    kOsVendor,
    kCount
  };
  std::array<std::string, kCount> values;

  const std::string& operator[](int index) const { return values[index]; }
};

// Fills `*fields` from the uap-core result of `user_agent` (the raw header, used by the device
// category rules).
void TranslateUserAgent(const UapResult& result, std::string_view user_agent,
                        UserAgentFields* fields);

}  // namespace divolte::enrich
