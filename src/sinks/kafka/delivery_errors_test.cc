#include "sinks/kafka/delivery_errors.h"

#include <gtest/gtest.h>

namespace divolte::sinks::kafka {
namespace {

TEST(DeliveryErrors, RetriableAndPermanent) {
  EXPECT_TRUE(IsRetriable(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT));
  EXPECT_TRUE(IsRetriable(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION));
  EXPECT_TRUE(IsRetriable(RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED));
  EXPECT_FALSE(IsRetriable(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));
  EXPECT_FALSE(IsRetriable(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED));
  EXPECT_FALSE(IsRetriable(RD_KAFKA_RESP_ERR_INVALID_RECORD));
}

}  // namespace
}  // namespace divolte::sinks::kafka
