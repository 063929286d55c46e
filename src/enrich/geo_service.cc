#include "enrich/geo_service.h"

#include <sys/stat.h>

#include <cerrno>
#include <ctime>
#include <string>
#include <utility>

namespace divolte::enrich {
namespace {

// yyyy-MM-dd in UTC, as the start-up line of operations.md §3 shows the build time.
std::string BuildDate(uint64_t epoch_seconds) {
  const auto seconds = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

}  // namespace

base::Result<std::unique_ptr<GeoService>> GeoService::Start(const std::string& path,
                                                            FileWatcher::Options watch) {
  // The watcher starts first: a file replaced while the first one is being opened is then
  // reloaded, never missed.
  std::unique_ptr<GeoService> service(new GeoService(path));
  service->watcher_ =
      std::make_unique<FileWatcher>(path, watch, [raw = service.get()] { raw->Reload(); });
  base::Status watching = service->watcher_->Start();
  if (!watching.ok()) return watching;
  base::Result<std::shared_ptr<const GeoDatabase>> database = GeoDatabase::Open(path);
  if (!database.ok()) return database.status();
  service->logger_.Info("Loaded GeoIP database: {} ({}, built {})", path,
                        (*database)->database_type(), BuildDate((*database)->build_epoch()));
  {
    std::lock_guard<std::mutex> lock(service->mutex_);
    if (service->current_ == nullptr)
      service->current_ = std::move(database).value();  // else: reloaded
  }
  return service;
}

GeoService::GeoService(std::string path) : path_(std::move(path)), logger_("GeoIp") {}

GeoService::~GeoService() { watcher_.reset(); }

std::shared_ptr<const GeoDatabase> GeoService::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

void GeoService::Reload() {
  struct stat info;
  if (::stat(path_.c_str(), &info) != 0 && errno == ENOENT) {
    if (!missing_reported_) {
      logger_.Warn("Database file removed; the current database stays active: {}", path_);
    }
    missing_reported_ = true;
    return;
  }
  missing_reported_ = false;
  base::Result<std::shared_ptr<const GeoDatabase>> database = GeoDatabase::Load(path_);
  if (!database.ok()) {
    reload_failures_.Increment();
    logger_.Warn("Database modified but could not reload: {}: {}", path_, database.message());
    return;
  }
  const std::shared_ptr<const GeoDatabase> loaded = std::move(database).value();
  std::shared_ptr<const GeoDatabase> old;  // released outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = std::exchange(current_, loaded);
  }
  generation_.fetch_add(1, std::memory_order_release);
  reload_successes_.Increment();
  logger_.Info("Reloaded database: {} ({}, built {})", path_, loaded->database_type(),
               BuildDate(loaded->build_epoch()));
}

GeoLookup::GeoLookup(const GeoService& service)
    : service_(&service), generation_(service.generation()), snapshot_(service.Current()) {}

void GeoLookup::Refresh(uint64_t generation) {
  snapshot_ = service_->Current();
  generation_ = generation;
}

}  // namespace divolte::enrich
