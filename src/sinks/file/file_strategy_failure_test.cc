// Failure handling of the file strategy (sinks.md §2.4, §2.6, deviation 2) with a FileSystem
// that injects I/O errors: nothing durable is deleted, records not yet durable are retried in the
// next file, the worker pauses until then. A manual clock replaces every wait.

#include <gtest/gtest.h>

#include "sinks/file/file_strategy.h"
#include "sinks/file/file_strategy_test_util.h"

namespace divolte::sinks {
namespace {

using namespace std::chrono_literals;
using testing::AllRecords;
using testing::MakeRecords;
using testing::ReadFiles;
using testing::SampleRecords;

constexpr std::string_view kUnavailable =
    "ERROR [FileFlusher]: File system connection error. Marking file system as unavailable. "
    "Attempting reconnect after 15 s.\n";

class FileStrategyFailureTest : public testing::FileStrategyFixture {
 protected:
  FileStrategyFailureTest() { config_.sync_file_after_records = 2; }

  ProcessResult Process(FileStrategy* worker, int first, int count) {
    const std::vector<RecordPtr> batch = MakeRecords(first, count);
    return worker->Process(batch);
  }

  testing::Faults& faults() { return file_system_.faults(); }
};

TEST_F(FileStrategyFailureTest, TornSyncTruncatesPublishesTheDurablePartAndRetriesTheRest) {
  auto worker = NewWorker();
  const std::string first = worker->current_file_name();
  ASSERT_EQ(Process(worker.get(), 0, 4).verdict, Verdict::kContinue);  // two durable blocks
  faults().fail_append = 1;
  ::testing::internal::CaptureStdout();
  const ProcessResult result = Process(worker.get(), 4, 3);
  const std::string log = ::testing::internal::GetCapturedStdout();
  // Record 5 completes a block whose write fails: 4 and 5 are kept, 6 stays in the batch.
  EXPECT_EQ(result.consumed, 2u);
  EXPECT_EQ(result.verdict, Verdict::kPause);
  EXPECT_NE(log.find(kUnavailable), std::string::npos) << log;
  EXPECT_NE(log.find("Caused by: injected append failure"), std::string::npos) << log;
  EXPECT_TRUE(worker->failed());
  EXPECT_EQ(worker->unsynced_records(), 2u);
  EXPECT_EQ(stats_.pending_records.Value(), 2);
  EXPECT_EQ(stats_.failures.Value(), 1u);
  // The torn block was cut off: the published file ends with its last complete block.
  const auto published = Published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].name, first);
  EXPECT_EQ(published[0].records, SampleRecords(0, 4));
  EXPECT_TRUE(working_.List().empty());
  EXPECT_EQ(stats_.delivered.Value(), 4u);
}

TEST_F(FileStrategyFailureTest, PausesAndRetriesOpeningAtMostEvery15Seconds) {
  auto worker = NewWorker();
  ASSERT_EQ(Process(worker.get(), 0, 2).verdict, Verdict::kContinue);
  faults().fail_sync = 1;
  ASSERT_EQ(Process(worker.get(), 2, 2).verdict, Verdict::kPause);
  const int creates = faults().creates;
  faults().fail_create = 1;
  for (int second = 1; second < 15; ++second) {
    clock_.Advance(1s);
    EXPECT_EQ(worker->Heartbeat(), Verdict::kPause) << second;
  }
  EXPECT_EQ(faults().creates, creates) << "no attempt before 15 s";
  clock_.Advance(1s);  // 15 s: one attempt, which fails
  EXPECT_EQ(worker->Heartbeat(), Verdict::kPause);
  EXPECT_EQ(faults().creates, creates + 1);
  clock_.Advance(14s);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kPause);
  EXPECT_EQ(faults().creates, creates + 1);
  clock_.Advance(1s);  // 15 s after the failed attempt: succeeds
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  const std::string log = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find("INFO  [FileFlusher]: Recovered file system connection when creating file: " +
                     worker->current_file_name() + "\n"),
            std::string::npos)
      << log;
  EXPECT_FALSE(worker->failed());
  EXPECT_EQ(stats_.pending_records.Value(), 0);
  // The retry buffer was written to the new file first, as one durable block.
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].records, SampleRecords(2, 2));
  EXPECT_EQ(stats_.delivered.Value(), 4u);
  ASSERT_EQ(Process(worker.get(), 4, 3).verdict, Verdict::kContinue);
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 7));
  EXPECT_TRUE(working_.List().empty());
}

TEST_F(FileStrategyFailureTest, FileWithoutDurableRecordsIsDeletedOnFailure) {
  auto worker = NewWorker();
  faults().fail_sync = 1;
  EXPECT_EQ(Process(worker.get(), 0, 2).verdict, Verdict::kPause);
  EXPECT_TRUE(working_.List().empty());
  EXPECT_TRUE(publish_.List().empty());
  EXPECT_EQ(worker->unsynced_records(), 2u);
  EXPECT_EQ(stats_.delivered.Value(), 0u);
}

TEST_F(FileStrategyFailureTest, FailedTruncateLeavesTheFileInPlaceNeverDeleted) {
  auto worker = NewWorker();
  const std::string first = worker->current_file_name();
  ASSERT_EQ(Process(worker.get(), 0, 2).verdict, Verdict::kContinue);
  faults().fail_sync = 1;
  faults().fail_truncate = 1;
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(Process(worker.get(), 2, 2).verdict, Verdict::kPause);
  const std::string log = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find("WARN  [FileFlusher]: Leaving file " + working_.path() + "/" + first +
                     ".partial in the working location"),
            std::string::npos)
      << log;
  EXPECT_EQ(working_.List(), std::vector<std::string>{first + ".partial"});
  EXPECT_TRUE(publish_.List().empty());
  EXPECT_EQ(stats_.publish_failures.Value(), 1u);
}

TEST_F(FileStrategyFailureTest, FailedPublishLeavesTheFileInTheWorkingDirectoryAndPauses) {
  config_.roll_every = 60s;
  auto worker = NewWorker();
  const std::string first = worker->current_file_name();
  ASSERT_EQ(Process(worker.get(), 0, 3).verdict, Verdict::kContinue);
  faults().fail_publish = 1;
  clock_.Advance(61s);
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(worker->Heartbeat(), Verdict::kPause);
  const std::string log = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find("WARN  [FileFlusher]: Failed to publish file " + working_.path() + "/" +
                     first + ".partial to " + publish_.path() + "/" + first + ".\n"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(kUnavailable), std::string::npos) << log;
  const auto partial = Partial();
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].records, SampleRecords(0, 3)) << "every record made durable at the roll";
  EXPECT_EQ(stats_.delivered.Value(), 3u);
  EXPECT_EQ(stats_.publish_failures.Value(), 1u);
  EXPECT_EQ(worker->unsynced_records(), 0u);
  clock_.Advance(15s);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(working_.List(), std::vector<std::string>{first + ".partial"});
}

TEST_F(FileStrategyFailureTest, FailedOpenAtStartStartsPausedWithABoundedRetryBuffer) {
  faults().fail_create = 1;
  ::testing::internal::CaptureStdout();
  auto worker = NewWorker();
  const std::string log = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find(kUnavailable), std::string::npos) << log;
  EXPECT_TRUE(worker->failed());
  // Bound: sync_file_after_records (2) + 128.
  ProcessResult result = Process(worker.get(), 0, 100);
  EXPECT_EQ(result.consumed, 100u);
  EXPECT_EQ(result.verdict, Verdict::kPause);
  result = Process(worker.get(), 100, 100);
  EXPECT_EQ(result.consumed, 30u);
  EXPECT_EQ(result.verdict, Verdict::kPause);
  EXPECT_EQ(stats_.pending_records.Value(), 130);
  EXPECT_EQ(Process(worker.get(), 130, 70).consumed, 0u);
  clock_.Advance(15s);
  result = Process(worker.get(), 130, 70);  // recovers first, then processes normally
  EXPECT_EQ(result.consumed, 70u);
  EXPECT_EQ(result.verdict, Verdict::kContinue);
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 200));
  EXPECT_EQ(stats_.delivered.Value(), 200u);
  EXPECT_EQ(stats_.pending_records.Value(), 0);
}

TEST_F(FileStrategyFailureTest, RetryBufferFailingAgainOnRecoveryIsKept) {
  faults().fail_create = 1;
  auto worker = NewWorker();
  Process(worker.get(), 0, 5);
  clock_.Advance(15s);
  faults().fail_append = 1;  // the new file opens, but writing the retry buffer fails
  EXPECT_EQ(worker->Heartbeat(), Verdict::kPause);
  EXPECT_EQ(worker->unsynced_records(), 5u);
  EXPECT_TRUE(working_.List().empty()) << "the new file held no durable record";
  clock_.Advance(15s);
  EXPECT_EQ(worker->Heartbeat(), Verdict::kContinue);
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 5));
}

TEST_F(FileStrategyFailureTest, ShutdownInTheFailedStateCountsLostRecords) {
  faults().fail_create = 1000;
  auto worker = NewWorker();
  Process(worker.get(), 0, 7);
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(worker->Close(), 7u);
  const std::string log = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find("ERROR [FileFlusher]: Could not write 7 records to a file at shutdown"),
            std::string::npos)
      << log;
  EXPECT_EQ(stats_.dropped_shutdown.Value(), 7u);
  EXPECT_EQ(stats_.pending_records.Value(), 0);
  EXPECT_EQ(stats_.delivered.Value(), 0u);
}

TEST_F(FileStrategyFailureTest, ShutdownInTheFailedStateMakesOneImmediateAttempt) {
  faults().fail_create = 1;
  auto worker = NewWorker();
  Process(worker.get(), 0, 7);
  clock_.Advance(1s);  // long before the next regular attempt
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 7));
  EXPECT_EQ(stats_.dropped_shutdown.Value(), 0u);
  EXPECT_EQ(stats_.delivered.Value(), 7u);
}

TEST_F(FileStrategyFailureTest, FinalSyncFailingAtShutdownIsRetriedInANewFile) {
  config_.sync_file_after_records = 100;
  auto worker = NewWorker();
  Process(worker.get(), 0, 10);
  faults().fail_sync = 1;
  EXPECT_EQ(worker->Close(), 0u);
  EXPECT_EQ(AllRecords(Published()), SampleRecords(0, 10));
  EXPECT_TRUE(working_.List().empty());
}

}  // namespace
}  // namespace divolte::sinks
