#include "sinks/file/file_strategy_test_util.h"

#include <algorithm>
#include <filesystem>

namespace divolte::sinks::testing {
namespace {

bool Take(int* counter) {
  if (*counter <= 0) return false;
  --*counter;
  return true;
}

class FaultyFile final : public InFlightFile {
 public:
  FaultyFile(std::unique_ptr<InFlightFile> file, Faults* faults)
      : file_(std::move(file)), faults_(faults) {}

  base::Status Append(std::string_view bytes) override {
    if (Take(&faults_->fail_append)) {
      // A torn write: part of the block reaches the file before the error.
      (void)file_->Append(bytes.substr(0, bytes.size() / 2));
      return base::Status::Error("injected append failure");
    }
    return file_->Append(bytes);
  }
  base::Status Sync() override {
    if (Take(&faults_->fail_sync)) return base::Status::Error("injected sync failure");
    return file_->Sync();
  }
  base::Status Truncate(uint64_t length) override {
    if (Take(&faults_->fail_truncate)) return base::Status::Error("injected truncate failure");
    return file_->Truncate(length);
  }
  base::Status Close() override { return file_->Close(); }

 private:
  std::unique_ptr<InFlightFile> file_;
  Faults* faults_;
};

}  // namespace

CreateResult FaultyFileSystem::Create(const std::string& name, std::string_view header) {
  ++faults_.creates;
  if (Take(&faults_.name_taken)) return CreateResult::NameTaken();
  if (Take(&faults_.fail_create)) return CreateResult::Failed("injected create failure");
  CreateResult created = local_.Create(name, header);
  if (created.file) created.file = std::make_unique<FaultyFile>(std::move(created.file), &faults_);
  return created;
}

base::Status FaultyFileSystem::Publish(const std::string& name) {
  ++faults_.publishes;
  if (Take(&faults_.fail_publish)) return base::Status::Error("injected publish failure");
  return local_.Publish(name);
}

base::Status FaultyFileSystem::Delete(const std::string& name) {
  if (Take(&faults_.fail_delete)) return base::Status::Error("injected delete failure");
  return local_.Delete(name);
}

uint64_t FileNumber(const std::string& name) {
  const size_t end = name.find(".avro");
  const size_t start = name.rfind('-', end) + 1;
  return std::stoull(name.substr(start, end - start));
}

std::vector<FileContents> ReadFiles(const std::string& dir, std::string_view suffix) {
  std::vector<FileContents> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(suffix)) continue;
    auto container = avro::ReadContainer(avro::testing::ReadFileBytes(entry.path().string()));
    EXPECT_TRUE(container.ok()) << name << ": " << (container.ok() ? "" : container.message());
    if (!container.ok()) continue;
    FileContents file{.name = name, .container = std::move(*container)};
    for (const avro::ContainerBlock& block : file.container.blocks) {
      auto records = avro::testing::DecodeDefaultRecords(block.datums);
      EXPECT_TRUE(records.has_value()) << name;
      EXPECT_EQ(records ? records->size() : 0u, static_cast<size_t>(block.object_count)) << name;
      if (records) file.records.insert(file.records.end(), records->begin(), records->end());
    }
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(), [](const FileContents& a, const FileContents& b) {
    return FileNumber(a.name) < FileNumber(b.name);
  });
  return files;
}

std::vector<avro::testing::DefaultRecord> AllRecords(const std::vector<FileContents>& files) {
  std::vector<avro::testing::DefaultRecord> records;
  for (const FileContents& file : files) {
    records.insert(records.end(), file.records.begin(), file.records.end());
  }
  return records;
}

std::vector<avro::testing::DefaultRecord> SampleRecords(int first, int count) {
  std::vector<avro::testing::DefaultRecord> records;
  for (int i = first; i < first + count; ++i) records.push_back(avro::testing::SampleRecord(i));
  return records;
}

config::FileStrategyConfig TestConfig(const std::string& working_dir,
                                      const std::string& publish_dir) {
  config::FileStrategyConfig config;
  config.working_dir = working_dir;
  config.publish_dir = publish_dir;
  config.roll_every = std::chrono::hours(1);
  config.sync_file_after_records = 1000;
  config.sync_file_after_duration = std::chrono::seconds(30);
  return config;
}

}  // namespace divolte::sinks::testing
