#include "enrich/file_watcher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "enrich/test_util.h"

namespace divolte::enrich {
namespace {

using std::chrono::milliseconds;
using testing::TempDir;
using testing::WaitUntil;
using testing::WriteFile;

class FileWatcherTest : public ::testing::Test {
 protected:
  // Starts a watcher on path_ counting its calls.
  std::unique_ptr<FileWatcher> Watch(FileWatcher::Options options) {
    auto watcher = std::make_unique<FileWatcher>(path_, options, [this] { calls_.fetch_add(1); });
    base::Status started = watcher->Start();
    EXPECT_TRUE(started.ok()) << started.message();
    return watcher;
  }

  TempDir dir_;
  const std::string path_ = dir_.File("watched.mmdb");
  std::atomic<int> calls_{0};
};

// The poll is made too slow to matter, so that what is seen comes from inotify.
constexpr FileWatcher::Options kEventsOnly{milliseconds(100), std::chrono::hours(1)};

TEST_F(FileWatcherTest, InPlaceWriteIsAChange) {
  ASSERT_TRUE(WriteFile(path_, "one").ok());
  auto watcher = Watch(kEventsOnly);
  ASSERT_TRUE(WriteFile(path_, "two").ok());
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
}

TEST_F(FileWatcherTest, CreateAndRenameOntoThePathAreChanges) {
  auto watcher = Watch(kEventsOnly);
  ASSERT_TRUE(WriteFile(path_, "created").ok());
  ASSERT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
  ASSERT_TRUE(WriteFile(path_ + ".tmp", "renamed").ok());
  ASSERT_EQ(::rename((path_ + ".tmp").c_str(), path_.c_str()), 0);
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 2; }));
}

// Writes spread over a second (a file still being written) give one call, debounce after the
// last write, not after the first.
TEST_F(FileWatcherTest, ABurstOfChangesIsDebouncedIntoOneCall) {
  const FileWatcher::Options options{milliseconds(300), std::chrono::hours(1)};
  auto watcher = Watch(options);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(WriteFile(path_, std::string(i + 1, 'x')).ok());
    std::this_thread::sleep_for(milliseconds(100));  // pacing the writer, not waiting for a result
  }
  EXPECT_EQ(calls_.load(), 0);  // each write moved the deadline
  const auto written = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil([&] { return calls_.load() >= 1; }));
  EXPECT_GE(std::chrono::steady_clock::now() - written, milliseconds(150));
  std::this_thread::sleep_for(options.debounce * 2);  // a second call would have come by now
  EXPECT_EQ(calls_.load(), 1);
}

TEST_F(FileWatcherTest, OtherFilesInTheDirectoryAreIgnored) {
  auto watcher = Watch(kEventsOnly);
  ASSERT_TRUE(WriteFile(dir_.File("other.mmdb"), "x").ok());
  ASSERT_TRUE(WriteFile(path_ + ".tmp", "x").ok());
  std::this_thread::sleep_for(kEventsOnly.debounce * 4);  // a call would have come by now
  EXPECT_EQ(calls_.load(), 0);
  ASSERT_TRUE(WriteFile(path_, "x").ok());
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
}

TEST_F(FileWatcherTest, ThePollSeesASymlinkTargetChange) {
  ASSERT_TRUE(WriteFile(dir_.File("a"), "first").ok());
  ASSERT_TRUE(WriteFile(dir_.File("b"), "second").ok());
  ASSERT_EQ(::mkdir(dir_.File("sub").c_str(), 0755), 0);
  ASSERT_EQ(::symlink("../a", dir_.File("sub/target").c_str()), 0);
  ASSERT_EQ(::symlink("sub/target", path_.c_str()), 0);
  auto watcher = Watch({milliseconds(50), milliseconds(200)});
  // Replaces the link in sub/, a directory nobody watches: only the poll can see this.
  ASSERT_EQ(::symlink("../b", dir_.File("sub/next").c_str()), 0);
  ASSERT_EQ(::rename(dir_.File("sub/next").c_str(), dir_.File("sub/target").c_str()), 0);
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
}

TEST_F(FileWatcherTest, ThePollSeesADeletion) {
  ASSERT_TRUE(WriteFile(path_, "x").ok());
  auto watcher = Watch({milliseconds(50), milliseconds(200)});
  ASSERT_EQ(::unlink(path_.c_str()), 0);
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
}

// Without inotify on the directory (here: it does not exist yet) the watcher still starts, and
// its poll sees the file when it appears.
TEST_F(FileWatcherTest, WithoutInotifyThePollStillSeesChanges) {
  const std::string path = dir_.File("absent/watched.mmdb");
  FileWatcher watcher(path, {milliseconds(50), milliseconds(200)}, [this] { calls_.fetch_add(1); });
  ASSERT_TRUE(watcher.Start().ok());
  ASSERT_EQ(::mkdir(dir_.File("absent").c_str(), 0755), 0);
  ASSERT_TRUE(WriteFile(path, "x").ok());
  EXPECT_TRUE(WaitUntil([&] { return calls_.load() == 1; }));
}

TEST_F(FileWatcherTest, DestructionStopsAWaitingThreadPromptly) {
  const auto before = std::chrono::steady_clock::now();
  {
    auto watcher = Watch({std::chrono::hours(1), std::chrono::hours(1)});
    ASSERT_TRUE(WriteFile(path_, "pending").ok());  // a debounce deadline an hour away
  }
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(FileWatcherTest, AFileInTheCurrentDirectory) {
  char* previous = ::getcwd(nullptr, 0);
  ASSERT_EQ(::chdir(dir_.path().c_str()), 0);
  FileWatcher watcher("relative-name.mmdb", kEventsOnly, [this] { calls_.fetch_add(1); });
  const bool started = watcher.Start().ok();
  const bool written = WriteFile(dir_.File("relative-name.mmdb"), "x").ok();
  const bool seen = WaitUntil([&] { return calls_.load() == 1; });
  ASSERT_EQ(::chdir(previous), 0);
  std::free(previous);
  EXPECT_TRUE(started);
  EXPECT_TRUE(written);
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace divolte::enrich
