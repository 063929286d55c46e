#include "enrich/user_agent_service.h"

#include <sys/stat.h>

#include <ctime>

#include "base/log.h"

namespace divolte::enrich {
namespace {

const base::Logger& Log() {
  static const base::Logger logger("UserAgentParser");
  return logger;
}

std::string ModificationTime(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return "unknown";
  std::tm utc{};
  gmtime_r(&status.st_mtime, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

base::Result<std::shared_ptr<const UserAgentParser>> LoadParser(const std::string& path) {
  auto rules = LoadUserAgentRules(path);
  if (!rules.ok()) return rules.status();
  auto parser = UserAgentParser::Create(*rules);
  if (!parser.ok()) return parser.status();
  Log().Info("Using uap-core rules {} (modified {}): {} user-agent, {} OS and {} device patterns",
             path, ModificationTime(path), (*parser)->user_agent_rules(), (*parser)->os_rules(),
             (*parser)->device_rules());
  return parser;
}

}  // namespace

base::Result<std::unique_ptr<UserAgentService>> UserAgentService::Start(const Options& options) {
  std::unique_ptr<UserAgentService> service(new UserAgentService());
  // The watcher starts first: a file replaced while the first one is being compiled is then
  // reloaded, never missed.
  if (options.reload) {
    const std::string path = options.regexes_file;
    UserAgentService* self = service.get();
    service->watcher_ =
        std::make_unique<FileWatcher>(path, options.watch, [self, path] { self->Reload(path); });
    if (base::Status status = service->watcher_->Start(); !status.ok()) return status;
  }
  auto parser = LoadParser(options.regexes_file);
  if (!parser.ok()) return parser.status();
  {
    std::lock_guard lock(service->mutex_);
    if (service->parser_ == nullptr) service->parser_ = std::move(*parser);  // else: reloaded
  }
  return service;
}

UserAgentService::~UserAgentService() { watcher_.reset(); }

std::shared_ptr<const UserAgentParser> UserAgentService::Current() const {
  std::lock_guard lock(mutex_);
  return parser_;
}

void UserAgentService::Reload(const std::string& path) {
  auto parser = LoadParser(path);
  if (!parser.ok()) {
    reload_failures_.Increment();
    Log().Warn("User-agent rules modified but could not reload: {}", parser.message());
    return;
  }
  {
    std::lock_guard lock(mutex_);
    parser_ = std::move(*parser);
  }
  generation_.fetch_add(1, std::memory_order_release);
  reload_successes_.Increment();
  Log().Info("Reloaded user-agent rules: {}", path);
}

UserAgentLookup::UserAgentLookup(const UserAgentService& service, size_t cache_size)
    : service_(service),
      generation_(service.generation()),
      parser_(service.Current()),
      scratch_(parser_->NewScratch()),
      cache_(cache_size) {}

void UserAgentLookup::Refresh() {
  generation_ = service_.generation();
  parser_ = service_.Current();
  scratch_ = parser_->NewScratch();
  cache_.Clear();
  last_ = nullptr;
}

const UserAgentFields& UserAgentLookup::Lookup(std::string_view user_agent) {
  if (service_.generation() != generation_) [[unlikely]] {
    Refresh();
  }
  if (last_ != nullptr && user_agent == last_key_) return *last_;
  const bool cached = cache_.capacity() > 0;
  const UserAgentFields* fields = cached ? cache_.Find(user_agent) : nullptr;
  if (cached) (fields != nullptr ? service_.cache_hits_ : service_.cache_misses_).Increment();
  if (fields == nullptr) {
    parser_->Parse(user_agent, *scratch_, &result_);
    TranslateUserAgent(result_, user_agent, &uncached_);
    fields = cache_.capacity() > 0 ? cache_.Insert(user_agent, uncached_) : &uncached_;
  }
  last_key_.assign(user_agent);
  last_ = fields;
  return *fields;
}

}  // namespace divolte::enrich
