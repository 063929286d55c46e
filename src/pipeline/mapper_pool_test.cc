#include "pipeline/mapper_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "event/affinity.h"
#include "event/identifier.h"
#include "pipeline/pipeline_test_util.h"
#include "pipeline/sink_pool.h"

namespace divolte::pipeline {
namespace {

// A browser event with the required parameters; `x` is deliberately not sent (so: corrupt).
std::unique_ptr<event::Event> BrowserEvent(const std::string& party, const std::string& event_id,
                                           bool with_session = true) {
  auto event = std::make_unique<event::Event>();
  const std::string query = "p=" + party + (with_session ? "&s=0:1:session" : "") +
                            "&v=pv&e=" + event_id + "&c=1&n=f&f=f";
  EXPECT_EQ(event->query.Decode(query), event::QueryStatus::kOk);
  event->party_id = *event::NormaliseIdentifier(party);
  event->affinity = event::AffinityHash(event->party_id);
  event->remote_host = "127.0.0.1";
  return event;
}

class MapperPoolTest : public testing::Test {
 protected:
  void Build(int threads, size_t capacity, bool discard_duplicates, bool with_disabled_sink,
             size_t sink_capacity = 1000) {
    topology_.sources.push_back({.stats = &source_stats_, .mappings = {0}});
    MappingRuntime runtime{
        .mapping = &mapping_, .stats = &mapping_stats_, .discard_duplicates = discard_duplicates};
    sink_pool_ = std::make_unique<SinkPool>(std::make_unique<fakes::RecordingSink>(log_), 1,
                                            sink_capacity, sink_queue_stats_);
    runtime.sinks.push_back({sink_pool_.get(), &sink_queue_stats_});
    if (with_disabled_sink) runtime.sinks.push_back({nullptr, &disabled_stats_});
    topology_.mappings.push_back(std::move(runtime));
    pool_ = std::make_unique<MapperPool>(
        MapperPoolOptions{
            .threads = threads, .queue_capacity = capacity, .duplicate_memory_size = 1000},
        topology_);
  }
  void StartAll() {
    sink_pool_->Start();
    pool_->Start();
  }
  void StopAll() {
    pool_->StopAndDrain();
    sink_pool_->StopAndDrain();
  }

  fakes::SinkLog log_;
  fakes::EchoMapping mapping_;
  event::SourceStats source_stats_{"browser"};
  MappingStats mapping_stats_{"default"};
  SinkQueueStats sink_queue_stats_{"files"};
  SinkQueueStats disabled_stats_{"kafka"};
  Topology topology_;
  std::unique_ptr<SinkPool> sink_pool_;
  std::unique_ptr<MapperPool> pool_;
};

TEST_F(MapperPoolTest, RefusesEventsWhenTheQueueIsFull) {
  Build(1, 2, false, false);
  EXPECT_EQ(pool_->Offer(BrowserEvent("0:1:a", "e1")), event::OfferResult::kAccepted);
  EXPECT_EQ(pool_->Offer(BrowserEvent("0:1:a", "e2")), event::OfferResult::kAccepted);
  EXPECT_EQ(pool_->Offer(BrowserEvent("0:1:a", "e3")), event::OfferResult::kQueueFull);
  EXPECT_EQ(pool_->queue_depth(0), 2u);
  StartAll();
  StopAll();  // drains what was queued
  EXPECT_EQ(log_.datums.size(), 2u);
}

// Back-pressure admission (protocol.md §8.6): a full sink queue refuses the event up front.
TEST_F(MapperPoolTest, AdmissionRefusesEventsWhoseSinkQueueIsFull) {
  Build(1, 100, false, false, /*sink_capacity=*/2);
  pool_->Start();  // the sink's threads are not started: its queue fills
  ASSERT_EQ(pool_->OfferIfRoomDownstream(BrowserEvent("0:1:a", "e1")),
            event::OfferResult::kAccepted);
  ASSERT_EQ(pool_->OfferIfRoomDownstream(BrowserEvent("0:1:a", "e2")),
            event::OfferResult::kAccepted);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sink_pool_->queue_depth(0) < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(sink_pool_->queue_depth(0), 2u);
  EXPECT_EQ(pool_->OfferIfRoomDownstream(BrowserEvent("0:1:a", "e3")),
            event::OfferResult::kQueueFull);
  EXPECT_EQ(pool_->queue_depth(0), 0u);  // the refused event was not queued
  sink_pool_->Start();
  StopAll();
  EXPECT_EQ(log_.datums.size(), 2u);
}

TEST_F(MapperPoolTest, RepeatedEventsMeetTheSameDuplicateMemory) {
  Build(4, 100, false, false);
  StartAll();
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(pool_->Offer(BrowserEvent("0:1:party", "same")), event::OfferResult::kAccepted);
  ASSERT_TRUE(log_.WaitFor(3));
  StopAll();
  EXPECT_EQ(log_.datums, (std::vector<std::string>{"same|dup=0|corrupt=1", "same|dup=1|corrupt=1",
                                                   "same|dup=1|corrupt=1"}));
  EXPECT_EQ(source_stats_.duplicate.Value(), 2u);
  EXPECT_EQ(source_stats_.corrupt.Value(), 3u);
  EXPECT_EQ(source_stats_.processed.Value(), 3u);
}

TEST_F(MapperPoolTest, DiscardsDuplicatesWhenTheMappingAsksAndCountsIt) {
  Build(1, 100, true, false);
  StartAll();
  pool_->Offer(BrowserEvent("0:1:party", "e"));
  pool_->Offer(BrowserEvent("0:1:party", "e"));
  pool_->Offer(BrowserEvent("0:1:party", "f"));
  StopAll();
  EXPECT_EQ(log_.datums, (std::vector<std::string>{"e|dup=0|corrupt=1", "f|dup=0|corrupt=1"}));
  EXPECT_EQ(mapping_stats_.discarded_duplicate.Value(), 1u);
  EXPECT_EQ(mapping_stats_.records.Value(), 2u);
}

TEST_F(MapperPoolTest, DropsInvalidEventsWithTheirReason) {
  Build(1, 100, false, false);
  StartAll();
  pool_->Offer(BrowserEvent("0:1:party", "e", /*with_session=*/false));
  StopAll();
  EXPECT_TRUE(log_.datums.empty());
  EXPECT_EQ(source_stats_.dropped_for(event::DropReason::kInvalidSessionId).Value(), 1u);
  EXPECT_EQ(source_stats_.processed.Value(), 0u);
}

TEST_F(MapperPoolTest, CountsRecordsForDisabledSinksAndKeepsOrderPerParty) {
  Build(2, 1000, false, true);
  StartAll();
  for (int i = 0; i < 200; ++i)
    pool_->Offer(BrowserEvent("0:1:p" + std::to_string(i % 3), "e" + std::to_string(i)));
  StopAll();
  EXPECT_EQ(log_.datums.size(), 200u);
  EXPECT_EQ(disabled_stats_.dropped_disabled.Value(), 200u);
  EXPECT_EQ(sink_queue_stats_.enqueued.Value(), 200u);
  // One sink thread: each party's events arrive in the order they were offered.
  for (int party = 0; party < 3; ++party) {
    int last = -1;
    for (const std::string& datum : log_.datums) {
      const int index = std::stoi(datum.substr(1, datum.find('|') - 1));
      if (index % 3 != party) continue;
      EXPECT_GT(index, last);
      last = index;
    }
  }
}

}  // namespace
}  // namespace divolte::pipeline
