// The file strategy's normal lifecycle (sinks.md §2.2, §2.3, §2.6) on a real directory, with a
// manual clock: nothing here sleeps.

#include "sinks/file/file_strategy.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "sinks/file/file_strategy_test_util.h"

namespace divolte::sinks {
namespace {

using namespace std::chrono_literals;
using testing::AllRecords;
using testing::MakeRecords;
using testing::ReadFiles;
using testing::SampleRecords;

class FileStrategyTest : public testing::FileStrategyFixture {
 protected:
  // Processes records [first, first + count) one batch, expecting them all to be taken.
  void Process(FileStrategy* worker, int first, int count) {
    const std::vector<RecordPtr> batch = MakeRecords(first, count);
    const ProcessResult result = worker->Process(batch);
    ASSERT_EQ(result.consumed, batch.size());
    ASSERT_EQ(result.verdict, Verdict::kContinue);
  }
};

TEST_F(FileStrategyTest, OpensAFileWithOnlyTheHeaderAtStart) {
  auto worker = NewWorker();
  EXPECT_FALSE(worker->failed());
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].name, worker->current_file_name() + ".partial");
  EXPECT_EQ(partial[0].container.schema_json, avro::DefaultEventRecordSchemaJson());
  EXPECT_EQ(partial[0].container.codec, avro::Codec::kNull);
  EXPECT_TRUE(partial[0].container.blocks.empty());
  EXPECT_TRUE(publish_.List().empty());
}

TEST_F(FileStrategyTest, SyncsOneBlockEverySyncFileAfterRecords) {
  config_.sync_file_after_records = 3;
  auto worker = NewWorker();
  Process(worker.get(), 0, 7);
  EXPECT_EQ(stats_.syncs.Value(), 2u);
  EXPECT_EQ(stats_.delivered.Value(), 6u);
  EXPECT_EQ(worker->unsynced_records(), 1u);
  EXPECT_EQ(stats_.pending_records.Value(), 1) << "taken but not yet durable";
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  ASSERT_EQ(partial[0].container.blocks.size(), 2u);
  EXPECT_EQ(partial[0].container.blocks[0].object_count, 3);
  EXPECT_EQ(partial[0].container.blocks[1].object_count, 3);
  EXPECT_EQ(partial[0].records, SampleRecords(0, 6));
}

TEST_F(FileStrategyTest, SyncsWhenUnsyncedRecordsAreSyncFileAfterDurationOld) {
  auto worker = NewWorker();
  Process(worker.get(), 0, 1);  // t=0, the open time counts as the last sync
  EXPECT_EQ(stats_.syncs.Value(), 0u);
  clock_.Advance(29s);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  EXPECT_EQ(stats_.syncs.Value(), 0u);
  clock_.Advance(1s);  // t=30: due (>=)
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  EXPECT_EQ(stats_.syncs.Value(), 1u);
  EXPECT_EQ(stats_.delivered.Value(), 1u);
  EXPECT_EQ(Partial()[0].records, SampleRecords(0, 1));
}

TEST_F(FileStrategyTest, IdleHeartbeatsResetTheSyncTimer) {
  auto worker = NewWorker();
  clock_.Advance(60s);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);  // idle: last sync := now
  clock_.Advance(1s);
  Process(worker.get(), 0, 1);
  EXPECT_EQ(stats_.syncs.Value(), 0u) << "an idle file must not sync on its first record";
  clock_.Advance(28s);  // t=89: 29 s after the reset
  worker->Heartbeat();
  EXPECT_EQ(stats_.syncs.Value(), 0u);
  clock_.Advance(1s);  // 30 s after the reset (the timer runs from the last sync, not the record)
  worker->Heartbeat();
  EXPECT_EQ(stats_.syncs.Value(), 1u);
}

TEST_F(FileStrategyTest, WithoutIdleResetTheFirstRecordAfterALongPauseSyncsAtOnce) {
  auto worker = NewWorker();
  clock_.Advance(60s);  // no heartbeat in between
  Process(worker.get(), 0, 1);
  EXPECT_EQ(stats_.syncs.Value(), 1u);
}

TEST_F(FileStrategyTest, RollPublishesUnsyncedRecordsInsteadOfDeletingThem) {
  config_.roll_every = 60s;
  auto worker = NewWorker();
  const std::string first = worker->current_file_name();
  Process(worker.get(), 0, 5);
  clock_.Advance(60s);
  worker->Heartbeat();  // not yet: roll needs now > open time + roll_every
  EXPECT_EQ(worker->current_file_name(), first);
  clock_.Advance(1ms);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  EXPECT_NE(worker->current_file_name(), first);
  const auto published = Published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].name, first);
  EXPECT_EQ(published[0].records, SampleRecords(0, 5));
  EXPECT_EQ(stats_.files_published.Value(), 1u);
  EXPECT_EQ(stats_.delivered.Value(), 5u);
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].name, worker->current_file_name() + ".partial");
}

TEST_F(FileStrategyTest, RollIsCheckedOnEveryRecordBeforeSync) {
  config_.roll_every = 60s;
  config_.sync_file_after_records = 2;
  auto worker = NewWorker();
  Process(worker.get(), 0, 1);
  clock_.Advance(61s);
  Process(worker.get(), 1, 3);  // record 1 rolls the file (with records 0, 1); 2-3 sync in the next
  const auto published = Published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].records, SampleRecords(0, 2));
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].records, SampleRecords(2, 2));
}

TEST_F(FileStrategyTest, EmptyFileIsDeletedNotPublishedOnRollAndClose) {
  config_.roll_every = 60s;
  auto worker = NewWorker();
  const std::string first = worker->current_file_name();
  clock_.Advance(61s);
  worker->Heartbeat();
  EXPECT_NE(worker->current_file_name(), first);
  EXPECT_EQ(working_.List(), std::vector<std::string>{worker->current_file_name() + ".partial"});
  EXPECT_TRUE(publish_.List().empty());
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_TRUE(working_.List().empty());
  EXPECT_TRUE(publish_.List().empty());
  EXPECT_EQ(stats_.files_published.Value(), 0u);
}

TEST_F(FileStrategyTest, ClosePublishesTheOpenFileWithItsUnsyncedRecords) {
  config_.sync_file_after_records = 4;
  auto worker = NewWorker();
  Process(worker.get(), 0, 6);
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_TRUE(working_.List().empty());
  const auto published = Published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].container.blocks.size(), 2u);
  EXPECT_EQ(published[0].records, SampleRecords(0, 6));
  EXPECT_EQ(stats_.delivered.Value(), 6u);
  EXPECT_EQ(stats_.pending_records.Value(), 0);
  EXPECT_EQ(worker->Close(), 0u) << "a second Close does nothing";
}

TEST_F(FileStrategyTest, FileNamesAreUniqueAndFollowThePattern) {
  config_.roll_every = 1s;
  auto worker = NewWorker();
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    Process(worker.get(), i, 1);
    clock_.Advance(2s);
    worker->Heartbeat();
  }
  worker->Close();
  const std::regex pattern("[0-9]{14}-divolte-tracking-.+-[0-9]+\\.avro");
  for (const std::string& name : publish_.List()) {
    EXPECT_TRUE(std::regex_match(name, pattern)) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 20u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 20));
}

TEST_F(FileStrategyTest, TakenNamesAreSkipped) {
  file_system_.faults().name_taken = 2;
  auto worker = NewWorker();
  EXPECT_FALSE(worker->failed());
  EXPECT_EQ(file_system_.faults().creates, 3);
  EXPECT_EQ(working_.List().size(), 1u);
}

class FileStrategyCodecTest : public FileStrategyTest,
                              public ::testing::WithParamInterface<config::Codec> {};

// Several files, several blocks each, read back by python3-avro: every record, in order.
TEST_P(FileStrategyCodecTest, PublishedFilesAreReadableByPythonAvro) {
  config_.codec = GetParam();
  config_.sync_file_after_records = 37;
  config_.roll_every = 10s;
  auto worker = NewWorker();
  for (int i = 0; i < 300; i += 25) {
    Process(worker.get(), i, 25);
    clock_.Advance(3s);
    worker->Heartbeat();
  }
  EXPECT_EQ(worker->Close(), 0u);
  const auto published = Published();
  ASSERT_GE(published.size(), 3u);
  std::vector<std::string> paths;
  for (const auto& file : published) paths.push_back(publish_.path() + "/" + file.name);
  auto read = avro::testing::ReadWithPython(paths);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), paths.size());
  int next = 0;
  for (const nlohmann::json& file : *read) {
    EXPECT_EQ(file["codec"], avro::CodecName(ToAvroCodec(GetParam())));
    EXPECT_EQ(file["schema"], avro::DefaultEventRecordSchemaJson());
    for (const nlohmann::json& record : file["records"]) {
      ASSERT_EQ(record, avro::testing::DefaultRecordJson(avro::testing::SampleRecord(next)))
          << next;
      ++next;
    }
  }
  EXPECT_EQ(next, 300);
  EXPECT_EQ(stats_.delivered.Value(), 300u);
  EXPECT_EQ(stats_.files_published.Value(), published.size());
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, FileStrategyCodecTest,
                         ::testing::Values(config::Codec::kNull, config::Codec::kDeflate,
                                           config::Codec::kSnappy),
                         [](const auto& info) {
                           return std::string(avro::CodecName(ToAvroCodec(info.param)));
                         });

}  // namespace
}  // namespace divolte::sinks
