#pragma once

// Which Kafka delivery errors are worth retrying (sinks.md §6.4): a record that failed with one of
// them is kept pending and sent again; any other error drops it as rejected.

#include <librdkafka/rdkafka.h>

namespace divolte::sinks::kafka {

bool IsRetriable(rd_kafka_resp_err_t error);

}  // namespace divolte::sinks::kafka
