#include "pipeline/sink_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "pipeline/pipeline_test_util.h"

namespace divolte::pipeline {
namespace {

template <typename Condition>
bool WaitUntil(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

sinks::RecordPtr MakeRecord(const std::string& datum) {
  return std::make_shared<const sinks::Record>(datum, "0:1:p", "0:1:s", "e", 0, 0);
}

TEST(SinkPoolTest, DeliversInOrderAndDropsWhenTheQueueIsFull) {
  fakes::SinkLog log;
  SinkQueueStats stats("files");
  SinkPool pool(std::make_unique<fakes::RecordingSink>(log), 1, 3, stats);
  for (int i = 0; i < 5; ++i) pool.Offer(MakeRecord("r" + std::to_string(i)), 7);
  EXPECT_EQ(stats.enqueued.Value(), 3u);
  EXPECT_EQ(stats.dropped_queue_full.Value(), 2u);
  pool.Start();
  ASSERT_TRUE(log.WaitFor(3));
  EXPECT_EQ(pool.StopAndDrain(), 0u);
  EXPECT_EQ(log.datums, (std::vector<std::string>{"r0", "r1", "r2"}));
  EXPECT_EQ(log.closes, 1);
}

TEST(SinkPoolTest, APausedWorkerGetsItsBatchAgainAfterTheHeartbeatSaysContinue) {
  fakes::SinkLog log;
  log.pauses_left = 1;  // the first Process pauses; the next heartbeat continues
  SinkQueueStats stats("files");
  SinkPool pool(std::make_unique<fakes::RecordingSink>(log), 1, 100, stats);
  pool.Start();
  pool.Offer(MakeRecord("a"), 0);
  pool.Offer(MakeRecord("b"), 0);
  ASSERT_TRUE(log.WaitFor(2));
  EXPECT_EQ(pool.StopAndDrain(), 0u);
  EXPECT_EQ(log.datums, (std::vector<std::string>{"a", "b"}));
  EXPECT_GE(log.heartbeats, 1);
}

TEST(SinkPoolTest, CountsWhatCannotBeDeliveredAtShutdown) {
  fakes::SinkLog log;
  log.pauses_left = 1000000;  // the destination never recovers
  log.lost_on_close = 4;      // and the worker could not deliver what it held
  SinkQueueStats stats("files");
  auto sink = std::make_unique<fakes::RecordingSink>(log);
  sinks::SinkStats& sink_stats = sink->stats();
  SinkPool pool(std::move(sink), 1, 100, stats);
  for (int i = 0; i < 3; ++i) pool.Offer(MakeRecord("x"), 0);
  pool.Start();
  EXPECT_EQ(pool.StopAndDrain(), 3u + 4u);
  EXPECT_EQ(sink_stats.dropped_shutdown.Value(), 3u);  // the worker counts its own 4
  EXPECT_TRUE(log.datums.empty());
}

// Back-pressure waits for a sink that drains, not for one that is paused: the mapper thread
// (and the shutdown, which drains the mappers first) would otherwise stall for the outage.
TEST(SinkPoolTest, AWaitingProducerGivesUpOnceTheThreadIsPaused) {
  fakes::SinkLog log;
  log.pauses_left = 1000000;  // the destination never recovers
  SinkQueueStats stats("files");
  SinkPool pool(std::make_unique<fakes::RecordingSink>(log), 1, 2, stats);
  pool.Start();
  pool.Offer(MakeRecord("held"), 0, true);  // taken by the worker, which then pauses
  ASSERT_TRUE(WaitUntil([&] { return pool.paused(0); }));
  pool.Offer(MakeRecord("q1"), 0, true);
  pool.Offer(MakeRecord("q2"), 0, true);  // the queue is full now
  const auto start = std::chrono::steady_clock::now();
  pool.Offer(MakeRecord("dropped"), 0, true);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(stats.enqueued.Value(), 3u);
  EXPECT_EQ(stats.dropped_queue_full.Value(), 1u);
  EXPECT_EQ(pool.StopAndDrain(), 3u);  // what it held, lost at shutdown and counted
}

TEST(SinkPoolTest, SpreadsRecordsOverThreadsByAffinity) {
  fakes::SinkLog log;
  SinkQueueStats stats("files");
  SinkPool pool(std::make_unique<fakes::RecordingSink>(log), 3, 100, stats);
  pool.Offer(MakeRecord("a"), 0);
  pool.Offer(MakeRecord("b"), 4);
  pool.Offer(MakeRecord("c"), 5);
  pool.Offer(MakeRecord("d"), 3);
  EXPECT_EQ(pool.queue_depth(0), 2u);  // affinities 0 and 3
  EXPECT_EQ(pool.queue_depth(1), 1u);
  EXPECT_EQ(pool.queue_depth(2), 1u);
  pool.Start();
  ASSERT_TRUE(log.WaitFor(4));
  pool.StopAndDrain();
}

}  // namespace
}  // namespace divolte::pipeline
