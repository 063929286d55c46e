#include "sinks/file/file_sink.h"

#include <gtest/gtest.h>

#include <fstream>

#include "avro/default_schema.h"
#include "sinks/file/file_strategy_test_util.h"

namespace divolte::sinks {
namespace {

config::SinkConfig HdfsSink(const std::string& working, const std::string& publish) {
  config::SinkConfig sink;
  sink.name = "hdfs";
  sink.type = config::SinkType::kHdfs;
  sink.file_strategy.working_dir = working;
  sink.file_strategy.publish_dir = publish;
  return sink;
}

TEST(FileSinkTest, FactoryChecksTheDirectories) {
  avro::testing::TempDir dir;
  auto sink = CreateFileSink(HdfsSink(dir.path() + "/missing", dir.path()), {},
                             std::string(avro::DefaultEventRecordSchemaJson()));
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.message(), "Working directory for in-flight AVRO records does not exist: " +
                                dir.path() + "/missing");
}

TEST(FileSinkTest, FactoryRejectsOtherSinkTypes) {
  avro::testing::TempDir dir;
  config::SinkConfig sink = HdfsSink(dir.path(), dir.path());
  sink.type = config::SinkType::kKafka;
  EXPECT_FALSE(CreateFileSink(sink, {}, "{}").ok());
}

TEST(FileSinkTest, FactoryWarnsAboutLeftoversWithoutTouchingThem) {
  avro::testing::TempDir dir;
  std::ofstream(dir.path() + "/old-1.avro.partial") << "x";
  std::ofstream(dir.path() + "/old-2.avro.partial") << "y";
  ::testing::internal::CaptureStdout();
  auto sink = CreateFileSink(HdfsSink("file://" + dir.path(), dir.path()), {}, "\"int\"");
  const std::string log = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(sink.ok()) << sink.message();
  EXPECT_NE(log.find("WARN  [FileSink]: Found 2 leftover *.avro.partial files in working "
                     "directory file://" +
                     dir.path()),
            std::string::npos)
      << log;
  EXPECT_EQ(dir.List(), (std::vector<std::string>{"old-1.avro.partial", "old-2.avro.partial"}));
}

TEST(FileSinkTest, ThreadNamesCountFromOne) {
  avro::testing::TempDir dir;
  auto sink = CreateFileSink(HdfsSink(dir.path(), dir.path()), {}, "\"int\"");
  ASSERT_TRUE(sink.ok()) << sink.message();
  EXPECT_EQ((*sink)->ThreadName(0), "Hadoop FileSystem (HDFS) Flusher [hdfs] - 1");
  EXPECT_EQ((*sink)->ThreadName(1), "Hadoop FileSystem (HDFS) Flusher [hdfs] - 2");
}

// Two workers of one sink share the counters and write separate files, all published at close.
TEST(FileSinkTest, WorkersWriteSeparateFilesAndShareStats) {
  avro::testing::TempDir working;
  avro::testing::TempDir publish;
  auto sink = CreateFileSink(HdfsSink(working.path(), publish.path()), {},
                             std::string(avro::DefaultEventRecordSchemaJson()));
  ASSERT_TRUE(sink.ok()) << sink.message();
  auto first = (*sink)->CreateWorker(0);
  auto second = (*sink)->CreateWorker(1);
  EXPECT_EQ(working.List().size(), 2u);
  const auto a = testing::MakeRecords(0, 10);
  const auto b = testing::MakeRecords(10, 5);
  EXPECT_EQ(first->Process(a).consumed, 10u);
  EXPECT_EQ(second->Process(b).consumed, 5u);
  // Accounting identity of operations.md §5: enqueued = delivered + dropped + pending.
  EXPECT_EQ((*sink)->stats().delivered.Value() + (*sink)->stats().pending_records.Value(), 15u);
  EXPECT_EQ(first->Close(), 0u);
  EXPECT_EQ(second->Close(), 0u);
  EXPECT_TRUE(working.List().empty());
  const auto files = testing::ReadFiles(publish.path(), ".avro");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(testing::AllRecords(files), testing::SampleRecords(0, 15));
  EXPECT_EQ((*sink)->stats().delivered.Value(), 15u);
  EXPECT_EQ((*sink)->stats().files_published.Value(), 2u);
  EXPECT_EQ((*sink)->stats().pending_records.Value(), 0);
}

}  // namespace
}  // namespace divolte::sinks
