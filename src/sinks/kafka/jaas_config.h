#pragma once

// The user name and password of the Java client's `sasl.jaas.config` (sinks.md §6.2), which
// librdkafka takes as sasl.username and sasl.password instead. Pure functions, thread-safe.

#include <string>
#include <string_view>

#include "base/status.h"

namespace divolte::sinks::kafka {

struct SaslCredentials {
  std::string username;
  std::string password;
};

// The credentials of the single login module entry of `jaas`, which must be
// `org.apache.kafka.common.security.plain.PlainLoginModule` or
// `org.apache.kafka.common.security.scram.ScramLoginModule`:
//   <module> required username="u" password="p";
// Grammar as in the Java client: a module name, a control flag (required, requisite, sufficient
// or optional), `key=value` options with quoted ("…", backslash escapes) or bare values, and a
// closing ';'. Error messages never quote option values (the text holds a password).
base::Result<SaslCredentials> ParseSaslJaasConfig(std::string_view jaas);

}  // namespace divolte::sinks::kafka
