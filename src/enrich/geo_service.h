#pragma once

// GeoService: the geolocation database shared by all mapper threads, reloaded when its file
// changes (enrich.md §4.4-4.5). A FileWatcher thread opens and validates the new file completely,
// then swaps it in; lookups keep using the database they hold and never block on a reload. An old
// database is closed when the last snapshot of it is dropped. Thread-safe.
//
// GeoLookup: one mapper thread's view of the service. It keeps a snapshot and refreshes it only
// when the generation changed, so the hot path costs one atomic load. Not thread-safe; one per
// mapper thread; must not outlive its service.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/counter.h"
#include "base/log.h"
#include "base/status.h"
#include "enrich/file_watcher.h"
#include "enrich/geo_database.h"

namespace divolte::enrich {

class GeoService {
 public:
  // Opens the database (errors: the start-up messages of enrich.md §4.1) and starts watching it.
  static base::Result<std::unique_ptr<GeoService>> Start(const std::string& path,
                                                         FileWatcher::Options watch = {});
  GeoService(const GeoService&) = delete;
  GeoService& operator=(const GeoService&) = delete;
  ~GeoService();  // stops the watcher first

  std::shared_ptr<const GeoDatabase> Current() const;
  // Increments on every successful reload. A Current() call made after reading a generation
  // returns a database at least that new.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  const base::Counter& reload_successes() const { return reload_successes_; }
  const base::Counter& reload_failures() const { return reload_failures_; }
  const std::string& path() const { return path_; }

 private:
  explicit GeoService(std::string path);
  void Reload();  // on the watcher thread

  const std::string path_;
  const base::Logger logger_;
  mutable std::mutex mutex_;
  std::shared_ptr<const GeoDatabase> current_;  // guarded by mutex_; never null after Start
  std::atomic<uint64_t> generation_{0};
  base::Counter reload_successes_;
  base::Counter reload_failures_;
  bool missing_reported_ = false;         // watcher thread only
  std::unique_ptr<FileWatcher> watcher_;  // last member: stopped before the others are destroyed
};

class GeoLookup {
 public:
  explicit GeoLookup(const GeoService& service);

  // The snapshot to use for the current event.
  const GeoDatabase& Database() {
    const uint64_t generation = service_->generation();
    if (generation != generation_) [[unlikely]]
      Refresh(generation);
    return *snapshot_;
  }

 private:
  void Refresh(uint64_t generation);

  const GeoService* service_;
  uint64_t generation_;
  std::shared_ptr<const GeoDatabase> snapshot_;
};

}  // namespace divolte::enrich
