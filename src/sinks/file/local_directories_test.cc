#include "sinks/file/local_directories.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "avro/test_support.h"

namespace divolte::sinks {
namespace {

config::FileStrategyConfig Dirs(const std::string& working, const std::string& publish) {
  config::FileStrategyConfig config;
  config.working_dir = working;
  config.publish_dir = publish;
  return config;
}

std::string CheckError(const config::FileStrategyConfig& config) {
  base::Result<LocalDirectories> result = CheckLocalDirectories(config);
  return result.ok() ? "ok" : result.message();
}

TEST(ResolveLocalPathTest, AcceptsPlainPathsAndFileUris) {
  EXPECT_EQ(*ResolveLocalPath("/data/x"), "/data/x");
  EXPECT_EQ(*ResolveLocalPath("relative/dir"), "relative/dir");
  EXPECT_EQ(*ResolveLocalPath("file:///data/x"), "/data/x");
  EXPECT_EQ(*ResolveLocalPath("file:/data/x"), "/data/x");
  EXPECT_EQ(*ResolveLocalPath("file://localhost/data/x"), "/data/x");
  EXPECT_EQ(*ResolveLocalPath("file:///data/my%20dir"), "/data/my dir");
}

TEST(ResolveLocalPathTest, RejectsOtherSchemesAndHosts) {
  EXPECT_EQ(ResolveLocalPath("hdfs://namenode:8020/x").message(),
            "Unsupported filesystem scheme 'hdfs' for hdfs://namenode:8020/x; the local file sink "
            "supports only file");
  EXPECT_FALSE(ResolveLocalPath("file://otherhost/x").ok());
  EXPECT_FALSE(ResolveLocalPath("file:relative").ok());
  EXPECT_FALSE(ResolveLocalPath("file:///bad%2").ok());
}

class LocalDirectoriesTest : public ::testing::Test {
 protected:
  avro::testing::TempDir dir_;
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }
};

TEST_F(LocalDirectoriesTest, AcceptsTwoWritableDirectoriesOnOneFilesystem) {
  std::filesystem::create_directory(Path("work"));
  std::filesystem::create_directory(Path("pub"));
  base::Result<LocalDirectories> result =
      CheckLocalDirectories(Dirs("file://" + Path("work"), Path("pub")));
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->working_dir, Path("work"));
  EXPECT_EQ(result->publish_dir, Path("pub"));
  EXPECT_EQ(CheckError(Dirs(dir_.path(), dir_.path())), "ok");
  EXPECT_TRUE(dir_.List().size() == 2) << "the writability probe leaves nothing behind";
}

TEST_F(LocalDirectoriesTest, MissingDirectoriesUseTheExactMessages) {
  EXPECT_EQ(CheckError(Dirs(Path("missing-w"), dir_.path())),
            "Working directory for in-flight AVRO records does not exist: " + Path("missing-w"));
  EXPECT_EQ(CheckError(Dirs(dir_.path(), Path("missing-p"))),
            "Directory for publishing AVRO records does not exist: " + Path("missing-p"));
  EXPECT_EQ(CheckError(Dirs(Path("a"), Path("b"))),
            "Working directory for in-flight AVRO records does not exist: " + Path("a") +
                "\nDirectory for publishing AVRO records does not exist: " + Path("b"));
  EXPECT_TRUE(dir_.List().empty()) << "directories are never created";
}

TEST_F(LocalDirectoriesTest, FilesAreNotDirectories) {
  std::ofstream(Path("file")) << "x";
  EXPECT_EQ(CheckError(Dirs(Path("file"), dir_.path())),
            "Path for in-flight AVRO records is not a directory: " + Path("file"));
  EXPECT_EQ(CheckError(Dirs(dir_.path(), Path("file"))),
            "Path for publishing AVRO record is not a directory: " + Path("file"));
}

// procfs refuses new files even for root, so it stands in for a read-only directory.
TEST_F(LocalDirectoriesTest, UnwritableDirectoryIsReported) {
  const std::string message = CheckError(Dirs("/proc", "/proc"));
  EXPECT_NE(message.find("/proc is not writable"), std::string::npos) << message;
  if (::geteuid() != 0) {
    std::filesystem::create_directory(Path("ro"));
    ::chmod(Path("ro").c_str(), 0555);
    EXPECT_EQ(CheckError(Dirs(Path("ro"), Path("ro"))), Path("ro") + " is not writable");
  }
}

TEST_F(LocalDirectoriesTest, DirectoriesOnDifferentFilesystemsAreRejected) {
  struct stat here {};
  struct stat shm {};
  ASSERT_EQ(::stat(dir_.path().c_str(), &here), 0);
  if (::stat("/dev/shm", &shm) != 0 || shm.st_dev == here.st_dev ||
      ::access("/dev/shm", W_OK) != 0) {
    GTEST_SKIP() << "no writable second filesystem at /dev/shm";
  }
  EXPECT_EQ(CheckError(Dirs(dir_.path(), "/dev/shm")),
            "working_dir and publish_dir must be on the same filesystem");
}

TEST_F(LocalDirectoriesTest, CountsLeftoverPartialFiles) {
  for (const char* name :
       {"1.avro.partial", "2.avro.partial", "3.avro", "x.partial", "y.avro.partial.bak"}) {
    std::ofstream(Path(name)) << "x";
  }
  EXPECT_EQ(CountLeftoverFiles(dir_.path()), 2u);
  EXPECT_EQ(CountLeftoverFiles(Path("missing")), 0u);
}

}  // namespace
}  // namespace divolte::sinks
