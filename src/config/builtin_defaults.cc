#include "config/builtin_defaults.h"

namespace divolte::config {

std::string_view BuiltInDefaults() {
  return R"HOCON(
divolte {
  global {
    server {
      port = 8290
      port = ${?DIVOLTE_PORT}
      use_x_forwarded_for = false
      serve_static_resources = true
      debug_requests = false
      shutdown_delay = 0 ms
      shutdown_timeout = 2 minutes
      backpressure { mode = reject, retry_after = 5 seconds }
      metrics { enabled = true }
    }
    mapper {
      buffer_size = 1048576
      threads = 1
      duplicate_memory_size = 1000000
      user_agent_parser { type = non_updating, cache_size = 1000 }
    }
    hdfs  { enabled = true,  threads = 2, buffer_size = 1048576 }
    gcs   { enabled = false, threads = 1, buffer_size = 1048576 }
    kafka {
      enabled = false
      threads = 2
      buffer_size = 1048576
      producer = {
        bootstrap.servers = ["localhost:9092"]
        bootstrap.servers = ${?DIVOLTE_KAFKA_BROKER_LIST}
        client.id = divolte.collector
        client.id = ${?DIVOLTE_KAFKA_CLIENT_ID}
        acks = 1
        retries = 0
        compression.type = lz4
        max.in.flight.requests.per.connection = 1
      }
    }
    gcps  { enabled = false, threads = 2, buffer_size = 1048576 }
  }
}
)HOCON";
}

}  // namespace divolte::config
