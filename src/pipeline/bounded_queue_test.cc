#include "pipeline/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace divolte::pipeline {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueueTest, RefusesItemsBeyondCapacity) {
  BoundedQueue<int> queue(2);
  int a = 1, b = 2, c = 3;
  EXPECT_TRUE(queue.TryPush(a));
  EXPECT_TRUE(queue.TryPush(b));
  EXPECT_FALSE(queue.TryPush(c));
  EXPECT_EQ(c, 3);  // untouched when refused
  EXPECT_EQ(queue.size(), 2u);
}

TEST(BoundedQueueTest, PopsBatchesInFifoOrder) {
  BoundedQueue<int> queue(10);
  for (int i = 0; i < 5; ++i) {
    int item = i;
    ASSERT_TRUE(queue.TryPush(item));
  }
  std::vector<int> batch;
  EXPECT_EQ(queue.PopBatch(&batch, 3, 0ms), 3u);
  EXPECT_EQ(queue.PopBatch(&batch, 3, 0ms), 2u);
  EXPECT_EQ(batch, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(queue.PopBatch(&batch, 3, 1ms), 0u);  // empty: returns after the timeout
}

TEST(BoundedQueueTest, WakesAWaitingConsumerOnPush) {
  BoundedQueue<int> queue(10);
  std::vector<int> batch;
  std::thread producer([&queue] {
    int item = 7;
    while (!queue.TryPush(item)) {
    }
  });
  // Waits for at most an hour; the push ends the wait.
  EXPECT_EQ(queue.PopBatch(&batch, 10, std::chrono::hours(1)), 1u);
  producer.join();
  EXPECT_EQ(batch, std::vector<int>{7});
}

TEST(BoundedQueueTest, StopEndsWaitingForGood) {
  BoundedQueue<int> queue(10);
  std::thread stopper([&queue] { queue.Stop(); });
  std::vector<int> batch;
  EXPECT_EQ(queue.PopBatch(&batch, 10, std::chrono::hours(1)), 0u);
  stopper.join();
  EXPECT_EQ(queue.PopBatch(&batch, 10, std::chrono::hours(1)), 0u);  // no wait any more
  int item = 1;
  EXPECT_TRUE(queue.TryPush(item));
  EXPECT_EQ(queue.PopBatch(&batch, 10, std::chrono::hours(1)), 1u);
}

}  // namespace
}  // namespace divolte::pipeline
