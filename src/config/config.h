#pragma once

// The collector's configuration as plain, immutable data (config.md §6). It is produced once at
// start-up by LoadConfig (loader.h), fully validated, with implicit defaults (config.md §5)
// applied; each component receives only its own slice. Durations are nanoseconds.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace divolte::config {

using Duration = std::chrono::nanoseconds;

// A property block (config.md §3) flattened to dotted keys, in the order they were written.
using PropertyBlock = std::vector<std::pair<std::string, std::string>>;

enum class BackpressureMode { kReject, kDrop };

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8290;
  bool use_x_forwarded_for = false;
  bool serve_static_resources = true;
  bool debug_requests = false;
  Duration shutdown_delay{0};
  Duration shutdown_timeout = std::chrono::minutes(2);
  int io_threads = 2;  // resolved: CPU cores available to the process, at least 2
  BackpressureMode backpressure_mode = BackpressureMode::kReject;
  Duration backpressure_retry_after = std::chrono::seconds(5);
  bool metrics_enabled = true;
};

enum class UserAgentParserType { kNonUpdating, kOnlineUpdating, kCachingAndUpdating };

struct MapperConfig {
  int threads = 1;
  int32_t buffer_size = 1048576;
  int32_t duplicate_memory_size = 1000000;
  std::optional<std::string> ip2geo_database;
  UserAgentParserType user_agent_parser_type = UserAgentParserType::kNonUpdating;
  int32_t user_agent_cache_size = 1000;
  std::optional<std::string> user_agent_regexes_file;
};

// divolte.global.<type> for the four sink types (config.md §6.3).
struct SinkTypeConfig {
  bool enabled = false;
  int threads = 1;
  int32_t buffer_size = 1048576;
};

struct GlobalConfig {
  ServerConfig server;
  MapperConfig mapper;
  SinkTypeConfig hdfs{.enabled = true, .threads = 2};
  std::optional<PropertyBlock> hdfs_client;  // unset unless configured
  SinkTypeConfig gcs{.enabled = false, .threads = 1};
  SinkTypeConfig kafka{.enabled = false, .threads = 2};
  PropertyBlock kafka_producer;  // the default block of config.md §6.3 merged with the user's
  SinkTypeConfig gcps{.enabled = false, .threads = 2};
  std::optional<std::string> gcps_project_id;
};

enum class SameSite { kLax, kStrict, kNone };

struct JavascriptConfig {
  std::string name = "divolte.js";
  bool logging = false;
  bool debug = false;
  bool auto_page_view_event = true;
  Duration event_timeout = std::chrono::milliseconds(750);
};

struct BrowserSourceConfig {
  std::string prefix = "/";  // always ends in '/'
  std::string event_suffix = "csc-event";
  std::string party_cookie = "_dvp";
  Duration party_timeout = std::chrono::hours(24 * 730);
  std::string session_cookie = "_dvs";
  Duration session_timeout = std::chrono::minutes(30);
  std::optional<std::string> cookie_domain;
  std::optional<SameSite> cookie_same_site;
  bool cookie_secure = false;
  bool server_side_cookies = false;
  Duration http_response_delay{0};
  JavascriptConfig javascript;
};

struct JsonSourceConfig {
  std::string event_path = "/";
  std::string party_id_parameter = "p";
  int32_t maximum_body_size = 4096;  // as configured; the limit applied is rounded up to 4096
};

enum class SourceType { kBrowser, kJson };

struct SourceConfig {
  std::string name;
  SourceType type = SourceType::kBrowser;
  BrowserSourceConfig browser;  // meaningful when type == kBrowser
  JsonSourceConfig json;        // meaningful when type == kJson
};

struct MappingConfig {
  std::string name;
  std::vector<std::string> sources;
  std::vector<std::string> sinks;
  std::optional<std::string> schema_file;  // already cleared when ignored (correction C2)
  std::optional<std::string> mapping_script_file;
  std::optional<int32_t> confluent_id;
  bool discard_corrupted = false;
  bool discard_duplicates = false;
};

enum class Codec { kNull, kDeflate, kSnappy };

struct FileStrategyConfig {
  std::string working_dir = "/tmp";
  std::string publish_dir = "/tmp";
  Duration roll_every = std::chrono::hours(1);
  int32_t sync_file_after_records = 1000;
  Duration sync_file_after_duration = std::chrono::seconds(30);
  Codec codec = Codec::kNull;
};

struct GcsRetryConfig {
  int32_t max_attempts = 0;
  Duration total_timeout = std::chrono::minutes(10);
  Duration initial_retry_delay = std::chrono::seconds(1);
  double retry_delay_multiplier = 2;
  Duration max_retry_delay = std::chrono::seconds(64);
  std::optional<Duration> jitter_delay;  // 1 second when jitter_factor is unset
  std::optional<double> jitter_factor;
};

struct GcpsRetryConfig {
  int32_t max_attempts = 0;
  Duration total_timeout = std::chrono::seconds(10);
  Duration initial_retry_delay = std::chrono::milliseconds(5);
  double retry_delay_multiplier = 2;
  Duration max_retry_delay = std::chrono::minutes(1);
  Duration initial_rpc_timeout = std::chrono::seconds(15);
  double rpc_timeout_multiplier = 2;
  Duration max_rpc_timeout = std::chrono::seconds(15);  // defaults to initial_rpc_timeout
};

struct GcpsBatchingConfig {
  int64_t element_count_threshold = 100;
  int64_t request_bytes_threshold = 1000;
  Duration delay_threshold = std::chrono::milliseconds(1);
};

enum class SinkType { kHdfs, kGcs, kKafka, kGcps };
enum class KafkaMode { kNaked, kConfluent };

struct SinkConfig {
  std::string name;
  SinkType type = SinkType::kHdfs;
  FileStrategyConfig file_strategy;  // hdfs, gcs
  int32_t replication = 3;           // hdfs (the implicit default sink uses 1)
  std::string bucket;                // gcs
  GcsRetryConfig gcs_retry;          // gcs
  std::string topic = "divolte";     // kafka, gcps
  KafkaMode kafka_mode = KafkaMode::kNaked;
  GcpsRetryConfig gcps_retry;
  GcpsBatchingConfig gcps_batching;
};

struct Config {
  GlobalConfig global;
  std::vector<SourceConfig> sources;    // configuration-file order
  std::vector<MappingConfig> mappings;  // configuration-file order
  std::vector<SinkConfig> sinks;        // configuration-file order
  // The configuration file that was used, or empty when only built-in defaults apply.
  std::string file;
};

}  // namespace divolte::config
