#include "sinks/file/local_file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "avro/test_support.h"

namespace divolte::sinks {
namespace {

using avro::testing::ReadFileBytes;

class LocalFileSystemTest : public ::testing::Test {
 protected:
  LocalFileSystemTest() : file_system_(working_.path(), publish_.path()) {}

  avro::testing::TempDir working_;
  avro::testing::TempDir publish_;
  LocalFileSystem file_system_;
};

TEST_F(LocalFileSystemTest, CreateWritesTheHeaderToAPartialFileWithMode0644) {
  const mode_t mask = ::umask(022);
  CreateResult created = file_system_.Create("a.avro", "HEADER");
  ::umask(mask);
  ASSERT_TRUE(created.status.ok()) << created.status.message();
  ASSERT_NE(created.file, nullptr);
  const std::string path = working_.path() + "/a.avro.partial";
  EXPECT_EQ(file_system_.WorkingPath("a.avro"), path);
  EXPECT_EQ(file_system_.PublishPath("a.avro"), publish_.path() + "/a.avro");
  EXPECT_EQ(ReadFileBytes(path), "HEADER");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_TRUE(created.file->Close().ok());
}

TEST_F(LocalFileSystemTest, CreateIsExclusive) {
  CreateResult first = file_system_.Create("a.avro", "1");
  ASSERT_NE(first.file, nullptr);
  CreateResult second = file_system_.Create("a.avro", "2");
  EXPECT_TRUE(second.name_taken);
  EXPECT_EQ(second.file, nullptr);
  EXPECT_EQ(ReadFileBytes(working_.path() + "/a.avro.partial"), "1");
}

TEST_F(LocalFileSystemTest, APublishedNameIsTakenToo) {
  std::ofstream(publish_.path() + "/b.avro") << "someone else's";
  EXPECT_TRUE(file_system_.Create("b.avro", "x").name_taken);
  EXPECT_TRUE(working_.List().empty());
}

TEST_F(LocalFileSystemTest, CreateInAMissingDirectoryFails) {
  LocalFileSystem missing(working_.path() + "/nope", publish_.path());
  CreateResult created = missing.Create("a.avro", "x");
  EXPECT_FALSE(created.name_taken);
  ASSERT_FALSE(created.status.ok());
  EXPECT_NE(created.status.message().find("Failed to create"), std::string::npos);
}

TEST_F(LocalFileSystemTest, AppendSyncTruncateClosePublish) {
  CreateResult created = file_system_.Create("c.avro", "HEAD");
  ASSERT_NE(created.file, nullptr);
  InFlightFile& file = *created.file;
  ASSERT_TRUE(file.Append("block1").ok());
  ASSERT_TRUE(file.Sync().ok());
  ASSERT_TRUE(file.Append("torn").ok());
  ASSERT_TRUE(file.Truncate(10).ok());
  ASSERT_TRUE(file.Append("block2").ok());  // appends continue at the truncated end
  ASSERT_TRUE(file.Sync().ok());
  ASSERT_TRUE(file.Close().ok());
  ASSERT_TRUE(file_system_.Publish("c.avro").ok());
  EXPECT_TRUE(working_.List().empty());
  EXPECT_EQ(ReadFileBytes(publish_.path() + "/c.avro"), "HEADblock1block2");
}

TEST_F(LocalFileSystemTest, PublishNeverReplacesAnExistingFile) {
  CreateResult created = file_system_.Create("d.avro", "mine");
  ASSERT_NE(created.file, nullptr);
  ASSERT_TRUE(created.file->Close().ok());
  std::ofstream(publish_.path() + "/d.avro") << "theirs";
  base::Status status = file_system_.Publish("d.avro");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(ReadFileBytes(publish_.path() + "/d.avro"), "theirs");
  EXPECT_EQ(ReadFileBytes(working_.path() + "/d.avro.partial"), "mine");
}

TEST_F(LocalFileSystemTest, DeleteRemovesThePartialFile) {
  CreateResult created = file_system_.Create("e.avro", "x");
  ASSERT_NE(created.file, nullptr);
  ASSERT_TRUE(created.file->Close().ok());
  ASSERT_TRUE(file_system_.Delete("e.avro").ok());
  EXPECT_TRUE(working_.List().empty());
  EXPECT_FALSE(file_system_.Delete("e.avro").ok());
}

}  // namespace
}  // namespace divolte::sinks
