#include "sinks/file/default_filesystem.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace divolte::sinks {
namespace {

class DefaultFilesystemTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hadoop-conf-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void WriteCoreSite(const std::string& value) {
    std::ofstream(dir_ + "/core-site.xml")
        << "<?xml version=\"1.0\"?>\n<configuration>\n  <property>\n    <name>fs.defaultFS</name>\n"
        << "    <value>" << value << "</value>\n  </property>\n</configuration>\n";
  }
  std::string dir_;
};

TEST_F(DefaultFilesystemTest, ReadsFsDefaultFsFromCoreSite) {
  EXPECT_FALSE(HadoopDefaultFilesystem(dir_).has_value());
  WriteCoreSite("hdfs://namenode:8020");
  EXPECT_EQ(HadoopDefaultFilesystem(dir_), "hdfs://namenode:8020");
}

TEST_F(DefaultFilesystemTest, RefusesPlainPathsThatWouldGoToHdfs) {
  config::FileStrategyConfig strategy;  // /tmp and /tmp: plain paths
  EXPECT_TRUE(CheckDefaultFilesystem("hdfs", strategy, std::nullopt).ok());
  EXPECT_TRUE(CheckDefaultFilesystem("hdfs", strategy, dir_).ok());  // no core-site.xml
  WriteCoreSite("file:///");
  EXPECT_TRUE(CheckDefaultFilesystem("hdfs", strategy, dir_).ok());
  WriteCoreSite("hdfs://namenode:8020");
  const base::Status status = CheckDefaultFilesystem("hdfs", strategy, dir_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("hdfs://namenode:8020"), std::string::npos);
  EXPECT_NE(status.message().find("not supported yet"), std::string::npos);
  strategy.working_dir = strategy.publish_dir = "file:///tmp";
  EXPECT_TRUE(CheckDefaultFilesystem("hdfs", strategy, dir_).ok());  // explicit local URIs
}

}  // namespace
}  // namespace divolte::sinks
