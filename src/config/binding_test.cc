#include "config/binding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Bind;
using testing::BindErrors;
using testing::BindOk;
using testing::Bound;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(Binding, BuiltInDefaults) {
  Config config = BindOk("");
  const ServerConfig& server = config.global.server;
  EXPECT_EQ(server.host, "127.0.0.1");
  EXPECT_EQ(server.port, 8290);
  EXPECT_FALSE(server.use_x_forwarded_for);
  EXPECT_TRUE(server.serve_static_resources);
  EXPECT_FALSE(server.debug_requests);
  EXPECT_EQ(server.shutdown_delay, Duration(0));
  EXPECT_EQ(server.shutdown_timeout, minutes(2));
  EXPECT_EQ(server.io_threads, 2);
  EXPECT_EQ(server.backpressure_mode, BackpressureMode::kReject);
  EXPECT_EQ(server.backpressure_retry_after, seconds(5));
  EXPECT_TRUE(server.metrics_enabled);
  const MapperConfig& mapper = config.global.mapper;
  EXPECT_EQ(mapper.threads, 1);
  EXPECT_EQ(mapper.buffer_size, 1048576);
  EXPECT_EQ(mapper.duplicate_memory_size, 1000000);
  EXPECT_FALSE(mapper.ip2geo_database);
  EXPECT_EQ(mapper.user_agent_parser_type, UserAgentParserType::kNonUpdating);
  EXPECT_EQ(mapper.user_agent_cache_size, 1000);
  EXPECT_FALSE(mapper.user_agent_regexes_file);
  const GlobalConfig& global = config.global;
  EXPECT_TRUE(global.hdfs.enabled);
  EXPECT_EQ(global.hdfs.threads, 2);
  EXPECT_FALSE(global.hdfs_client);
  EXPECT_FALSE(global.gcs.enabled);
  EXPECT_EQ(global.gcs.threads, 1);
  EXPECT_FALSE(global.kafka.enabled);
  EXPECT_EQ(global.kafka.threads, 2);
  EXPECT_EQ(global.kafka.buffer_size, 1048576);
  EXPECT_FALSE(global.gcps.enabled);
  EXPECT_EQ(global.gcps.threads, 2);
  EXPECT_FALSE(global.gcps_project_id);
  EXPECT_EQ(global.kafka_producer, (PropertyBlock{{"bootstrap.servers", "localhost:9092"},
                                                  {"client.id", "divolte.collector"},
                                                  {"acks", "1"},
                                                  {"retries", "0"},
                                                  {"compression.type", "lz4"},
                                                  {"max.in.flight.requests.per.connection", "1"}}));
}

TEST(Binding, IoThreadsDefaultsToCpusAtLeastTwo) {
  EXPECT_EQ(BindOk("", 1).global.server.io_threads, 2);
  EXPECT_EQ(BindOk("", 8).global.server.io_threads, 8);
  EXPECT_EQ(BindOk("", 4096).global.server.io_threads, 1024);
  EXPECT_EQ(BindOk("divolte.global.server.io_threads = 1", 8).global.server.io_threads, 1);
}

TEST(Binding, ServerKeys) {
  Config config = BindOk(R"(divolte.global.server {
    host = 0.0.0.0, port = 9000, use_x_forwarded_for = yes, serve_static_resources = off
    debug_requests = ON, shutdown_delay = 20 seconds, shutdown_timeout = 5s, io_threads = 16
    backpressure { mode = DROP, retry_after = 2500 ms }
    metrics.enabled = false
  })");
  const ServerConfig& server = config.global.server;
  EXPECT_EQ(server.host, "0.0.0.0");
  EXPECT_EQ(server.port, 9000);
  EXPECT_TRUE(server.use_x_forwarded_for);
  EXPECT_FALSE(server.serve_static_resources);
  EXPECT_TRUE(server.debug_requests);
  EXPECT_EQ(server.shutdown_delay, seconds(20));
  EXPECT_EQ(server.shutdown_timeout, seconds(5));
  EXPECT_EQ(server.io_threads, 16);
  EXPECT_EQ(server.backpressure_mode, BackpressureMode::kDrop);
  EXPECT_EQ(server.backpressure_retry_after, milliseconds(2500));
  EXPECT_FALSE(server.metrics_enabled);
  EXPECT_EQ(BindOk("divolte.global.server.host = null").global.server.host, "127.0.0.1");
}

TEST(Binding, PortFromEnvironmentString) {
  Bound bound = Bind("", 2, {{"DIVOLTE_PORT", "8300"}});
  EXPECT_EQ(bound.result.config.global.server.port, 8300);
  bound = Bind("", 2, {{"DIVOLTE_PORT", "eighty"}});
  EXPECT_THAT(bound.diagnostics.errors,
              ElementsAre("Property 'divolte.global.server.port' must be an integer. Found: "
                          "'eighty' (environment variable DIVOLTE_PORT)."));
}

TEST(Binding, MapperKeys) {
  Config config = BindOk(R"(divolte.global.mapper {
    threads = 4, buffer_size = 100, duplicate_memory_size = 7, ip2geo_database = /geo.mmdb
    user_agent_parser { type = Caching_And_Updating, cache_size = 0, regexes_file = /r.yaml }
  })");
  const MapperConfig& mapper = config.global.mapper;
  EXPECT_EQ(mapper.threads, 4);
  EXPECT_EQ(mapper.buffer_size, 100);
  EXPECT_EQ(mapper.duplicate_memory_size, 7);
  EXPECT_EQ(mapper.ip2geo_database, "/geo.mmdb");
  EXPECT_EQ(mapper.user_agent_parser_type, UserAgentParserType::kCachingAndUpdating);
  EXPECT_EQ(mapper.user_agent_cache_size, 0);
  EXPECT_EQ(mapper.user_agent_regexes_file, "/r.yaml");
  EXPECT_EQ(BindOk("divolte.global.mapper.user_agent_parser.type = online_updating")
                .global.mapper.user_agent_parser_type,
            UserAgentParserType::kOnlineUpdating);
}

TEST(Binding, SinkTypeGlobalsAndPropertyBlocks) {
  Config config = BindOk(R"(divolte.global {
    hdfs { enabled = false, threads = 3, buffer_size = 10
           client { fs.defaultFS = "hdfs://nn:8020", "dfs.replication" = 2 } }
    gcs { enabled = true, threads = 4, buffer_size = 11 }
    kafka { enabled = true, threads = 5, buffer_size = 12
            producer { bootstrap.servers = ["k1:9092", "k2:9092"], linger.ms = 5 } }
    gcps { enabled = true, threads = 6, buffer_size = 13, project_id = my-project }
  })");
  const GlobalConfig& global = config.global;
  EXPECT_FALSE(global.hdfs.enabled);
  EXPECT_EQ(global.hdfs.threads, 3);
  EXPECT_EQ(global.hdfs.buffer_size, 10);
  EXPECT_EQ(global.hdfs_client,
            (PropertyBlock{{"fs.defaultFS", "hdfs://nn:8020"}, {"dfs.replication", "2"}}));
  EXPECT_TRUE(global.gcs.enabled);
  EXPECT_EQ(global.gcs.threads, 4);
  EXPECT_EQ(global.gcs.buffer_size, 11);
  EXPECT_TRUE(global.kafka.enabled);
  EXPECT_EQ(global.kafka.threads, 5);
  EXPECT_EQ(global.kafka.buffer_size, 12);
  EXPECT_EQ(global.kafka_producer, (PropertyBlock{{"bootstrap.servers", "k1:9092,k2:9092"},
                                                  {"client.id", "divolte.collector"},
                                                  {"acks", "1"},
                                                  {"retries", "0"},
                                                  {"compression.type", "lz4"},
                                                  {"max.in.flight.requests.per.connection", "1"},
                                                  {"linger.ms", "5"}}));
  EXPECT_TRUE(global.gcps.enabled);
  EXPECT_EQ(global.gcps.threads, 6);
  EXPECT_EQ(global.gcps.buffer_size, 13);
  EXPECT_EQ(global.gcps_project_id, "my-project");
}

TEST(Binding, ProducerDefaultsFollowTheEnvironment) {
  Bound bound =
      Bind("", 2, {{"DIVOLTE_KAFKA_BROKER_LIST", "b:1,c:2"}, {"DIVOLTE_KAFKA_CLIENT_ID", "me"}});
  const PropertyBlock& producer = bound.result.config.global.kafka_producer;
  EXPECT_EQ(producer[0], (std::pair<std::string, std::string>{"bootstrap.servers", "b:1,c:2"}));
  EXPECT_EQ(producer[1], (std::pair<std::string, std::string>{"client.id", "me"}));
}

TEST(Binding, PropertyBlockErrors) {
  EXPECT_THAT(BindErrors("divolte.global.kafka.producer { acks = null, x = [[1]], y = [{}] }"),
              ElementsAre("Property 'divolte.global.kafka.producer.acks' must not be null. "
                          "Found: 'null' (test.conf:1).",
                          "Property 'divolte.global.kafka.producer.x' must be a scalar or an "
                          "array of scalars. Found: '[[1]]' (test.conf:1).",
                          "Property 'divolte.global.kafka.producer.y' must be a scalar or an "
                          "array of scalars. Found: '[{}]' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.hdfs.client = x"),
              ElementsAre("Property 'divolte.global.hdfs.client' must be an object. Found: 'x' "
                          "(test.conf:1)."));
}

TEST(Binding, BrowserSourceKeys) {
  Config config = BindOk(R"(divolte.sources.web {
    type = browser, prefix = /t, event_suffix = ev, party_cookie = p, party_timeout = 1 day
    session_cookie = s, session_timeout = 10 minutes, cookie_domain = ".example.com"
    cookie_same_site = strict, cookie_secure = true, server_side_cookies = true
    http_response_delay = 1s
    javascript { name = tag.js, logging = true, debug = true, auto_page_view_event = false
                 event_timeout = 1 second }
  })");
  ASSERT_EQ(config.sources.size(), 1u);
  const SourceConfig& source = config.sources[0];
  EXPECT_EQ(source.name, "web");
  EXPECT_EQ(source.type, SourceType::kBrowser);
  const BrowserSourceConfig& browser = source.browser;
  EXPECT_EQ(browser.prefix, "/t/");
  EXPECT_EQ(browser.event_suffix, "ev");
  EXPECT_EQ(browser.party_cookie, "p");
  EXPECT_EQ(browser.party_timeout, hours(24));
  EXPECT_EQ(browser.session_cookie, "s");
  EXPECT_EQ(browser.session_timeout, minutes(10));
  EXPECT_EQ(browser.cookie_domain, ".example.com");
  EXPECT_EQ(browser.cookie_same_site, SameSite::kStrict);
  EXPECT_TRUE(browser.cookie_secure);
  EXPECT_TRUE(browser.server_side_cookies);
  EXPECT_EQ(browser.http_response_delay, seconds(1));
  EXPECT_EQ(browser.javascript.name, "tag.js");
  EXPECT_TRUE(browser.javascript.logging);
  EXPECT_TRUE(browser.javascript.debug);
  EXPECT_FALSE(browser.javascript.auto_page_view_event);
  EXPECT_EQ(browser.javascript.event_timeout, seconds(1));
}

TEST(Binding, BrowserSourceDefaults) {
  Config config = BindOk("divolte.sources.b.type = browser");
  const BrowserSourceConfig& browser = config.sources.at(0).browser;
  EXPECT_EQ(browser.prefix, "/");
  EXPECT_EQ(browser.event_suffix, "csc-event");
  EXPECT_EQ(browser.party_cookie, "_dvp");
  EXPECT_EQ(browser.party_timeout, hours(24 * 730));
  EXPECT_EQ(browser.session_cookie, "_dvs");
  EXPECT_EQ(browser.session_timeout, minutes(30));
  EXPECT_FALSE(browser.cookie_domain);
  EXPECT_FALSE(browser.cookie_same_site);
  EXPECT_FALSE(browser.cookie_secure);
  EXPECT_FALSE(browser.server_side_cookies);
  EXPECT_EQ(browser.http_response_delay, Duration(0));
  EXPECT_EQ(browser.javascript.name, "divolte.js");
  EXPECT_FALSE(browser.javascript.logging);
  EXPECT_FALSE(browser.javascript.debug);
  EXPECT_TRUE(browser.javascript.auto_page_view_event);
  EXPECT_EQ(browser.javascript.event_timeout, milliseconds(750));
  EXPECT_EQ(BindOk("divolte.sources.b { type = browser, prefix = /x/ }").sources[0].browser.prefix,
            "/x/");
}

TEST(Binding, JsonSourceKeysAndDefaults) {
  Config config = BindOk(R"(divolte.sources {
    a { type = json, event_path = /e, party_id_parameter = pid, maximum_body_size = 10000 }
    b { type = json }
  })");
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[0].type, SourceType::kJson);
  EXPECT_EQ(config.sources[0].json.event_path, "/e");
  EXPECT_EQ(config.sources[0].json.party_id_parameter, "pid");
  EXPECT_EQ(config.sources[0].json.maximum_body_size, 10000);
  EXPECT_EQ(config.sources[1].json.event_path, "/");
  EXPECT_EQ(config.sources[1].json.party_id_parameter, "p");
  EXPECT_EQ(config.sources[1].json.maximum_body_size, 4096);
}

TEST(Binding, SourceValueRules) {
  EXPECT_THAT(
      BindErrors("divolte.sources.b { type = browser, party_cookie = \"a b\", session_cookie = "
                 "\"x;\"\njavascript.name = \"bad name.js\" }"),
      ElementsAre("Property 'divolte.sources.b.party_cookie' must be an RFC 6265 token. Found: "
                  "'a b' (test.conf:1).",
                  "Property 'divolte.sources.b.session_cookie' must be an RFC 6265 token. Found: "
                  "'x;' (test.conf:1).",
                  "Property 'divolte.sources.b.javascript.name' must match "
                  "^[A-Za-z0-9_-]+\\.js$. Found: 'bad name.js' (test.conf:2)."));
  EXPECT_THAT(BindErrors("divolte.sources.b { type = browser, javascript.name = x.jsx }"),
              ElementsAre(HasSubstr("must match")));
  EXPECT_THAT(BindErrors("divolte.sources.b { type = browser, cookie_same_site = Loose }"),
              ElementsAre("Property 'divolte.sources.b.cookie_same_site' must be one of 'Lax', "
                          "'Strict', 'None'. Found: 'Loose' (test.conf:1)."));
}

TEST(Binding, MappingKeys) {
  Config config = BindOk(R"(divolte.mappings {
    m { sources = [a, b], sinks = s, schema_file = /x.avsc, mapping_script_file = /m.groovy
        confluent_id = -5, discard_corrupted = true, discard_duplicates = true }
    n { sources = [], sinks = [] }
  })");
  ASSERT_EQ(config.mappings.size(), 2u);
  const MappingConfig& m = config.mappings[0];
  EXPECT_EQ(m.name, "m");
  EXPECT_THAT(m.sources, ElementsAre("a", "b"));
  EXPECT_THAT(m.sinks, ElementsAre("s"));
  EXPECT_EQ(m.schema_file, "/x.avsc");
  EXPECT_EQ(m.mapping_script_file, "/m.groovy");
  EXPECT_EQ(m.confluent_id, -5);
  EXPECT_TRUE(m.discard_corrupted);
  EXPECT_TRUE(m.discard_duplicates);
  const MappingConfig& n = config.mappings[1];
  EXPECT_FALSE(n.schema_file || n.mapping_script_file || n.confluent_id);
  EXPECT_FALSE(n.discard_corrupted || n.discard_duplicates);
}

TEST(Binding, SchemaFileWithoutScriptIsIgnoredWithAWarning) {
  Bound bound = Bind("divolte.mappings.m { sources = [], sinks = [], schema_file = /x.avsc }");
  EXPECT_FALSE(bound.result.config.mappings.at(0).schema_file);
  EXPECT_THAT(bound.diagnostics.warnings,
              ElementsAre("Property 'divolte.mappings.m.schema_file' is ignored because "
                          "mapping_script_file is not set; the built-in schema is used."));
}

TEST(Binding, RequiredKeys) {
  EXPECT_THAT(BindErrors("divolte.mappings.m {}\ndivolte.sources.s {}\ndivolte.sinks.k {}\n"
                         "divolte.sinks.g { type = gcs }"),
              ElementsAre("Property 'divolte.sources.s.type' is required.",
                          "Property 'divolte.mappings.m.sources' is required.",
                          "Property 'divolte.mappings.m.sinks' is required.",
                          "Property 'divolte.sinks.k.type' is required.",
                          "Property 'divolte.sinks.g.bucket' is required."));
  EXPECT_THAT(BindErrors("divolte.sources.s.type = ftp"),
              ElementsAre("Property 'divolte.sources.s.type' must be one of 'browser', 'json'. "
                          "Found: 'ftp' (test.conf:1)."));
}

TEST(Binding, Ranges) {
  EXPECT_THAT(
      BindErrors("divolte.global.server { port = 70000, io_threads = 0 }\n"
                 "divolte.global.mapper { threads = 1025, buffer_size = 0, "
                 "duplicate_memory_size = 2147483648, user_agent_parser.cache_size = -1 }\n"
                 "divolte.sinks.h { type = hdfs, replication = 32768, file_strategy { "
                 "sync_file_after_records = 0, roll_every = 0s, sync_file_after_duration = -1s "
                 "} }\ndivolte.sources.j { type = json, maximum_body_size = 0 }\n"
                 "divolte.mappings.m { sources = [], sinks = [], confluent_id = 2147483648 }"),
      ElementsAre(
          "Property 'divolte.global.server.port' must be between 0 and 65535. Found: '70000' "
          "(test.conf:1).",
          "Property 'divolte.global.server.io_threads' must be between 1 and 1024. Found: '0' "
          "(test.conf:1).",
          "Property 'divolte.global.mapper.threads' must be between 1 and 1024. Found: '1025' "
          "(test.conf:2).",
          "Property 'divolte.global.mapper.buffer_size' must be between 1 and 2147483647. "
          "Found: '0' (test.conf:2).",
          "Property 'divolte.global.mapper.duplicate_memory_size' must be between 1 and "
          "2147483647. Found: '2147483648' (test.conf:2).",
          "Property 'divolte.global.mapper.user_agent_parser.cache_size' must be between 0 and "
          "2147483647. Found: '-1' (test.conf:2).",
          "Property 'divolte.sources.j.maximum_body_size' must be between 1 and 2147483647. "
          "Found: '0' (test.conf:4).",
          "Property 'divolte.mappings.m.confluent_id' must be between -2147483648 and "
          "2147483647. Found: '2147483648' (test.conf:5).",
          "Property 'divolte.sinks.h.file_strategy.roll_every' must be greater than zero. "
          "Found: '0s' (test.conf:3).",
          "Property 'divolte.sinks.h.file_strategy.sync_file_after_records' must be between 1 "
          "and 2147483647. Found: '0' (test.conf:3).",
          "Property 'divolte.sinks.h.file_strategy.sync_file_after_duration' must not be "
          "negative. Found: '-1s' (test.conf:3).",
          "Property 'divolte.sinks.h.replication' must be between 1 and 32767. Found: '32768' "
          "(test.conf:3)."));
}

TEST(Binding, TypeErrors) {
  EXPECT_THAT(
      BindErrors("divolte.global.server { host = [a], port = 80.5, debug_requests = maybe, "
                 "shutdown_delay = soon, shutdown_timeout = 5 fortnights }\n"
                 "divolte.global.mapper.threads = \"4\"\n"
                 "divolte.mappings.m { sources = [{}], sinks = {} }"),
      ElementsAre(
          "Property 'divolte.global.server.host' must be a string. Found: '[\"a\"]' "
          "(test.conf:1).",
          "Property 'divolte.global.server.port' must be an integer. Found: '80.5' "
          "(test.conf:1).",
          "Property 'divolte.global.server.debug_requests' must be a boolean. Found: 'maybe' "
          "(test.conf:1).",
          "Property 'divolte.global.server.shutdown_delay' is not a valid duration: No number "
          "in duration value 'soon'. Found: 'soon' (test.conf:1).",
          "Property 'divolte.global.server.shutdown_timeout' is not a valid duration: Could not "
          "parse time unit 'fortnights' (try ns, us, ms, s, m, h, d). Found: '5 fortnights' "
          "(test.conf:1).",
          "Property 'divolte.mappings.m.sources' must be a list of strings. Found: '[{}]' "
          "(test.conf:3).",
          "Property 'divolte.mappings.m.sinks' must be a list of strings. Found: '{}' "
          "(test.conf:3)."));
  EXPECT_EQ(BindOk("divolte.global.mapper.threads = \"4\"").global.mapper.threads, 4);
  EXPECT_EQ(BindOk("divolte.global.mapper.threads = 4.0").global.mapper.threads, 4);
  EXPECT_EQ(BindOk("divolte.global.server.host = 10").global.server.host, "10");
  EXPECT_THAT(BindErrors("divolte.global.server.port = null"),
              ElementsAre("Property 'divolte.global.server.port' must be an integer. Found: "
                          "'null' (test.conf:1)."));
  EXPECT_THAT(BindErrors("divolte.global.server = 5"),
              ElementsAre("Property 'divolte.global.server' must be an object. Found: '5' "
                          "(test.conf:1)."));
}

TEST(Binding, UnknownKeysListAvailableProperties) {
  EXPECT_THAT(
      BindErrors("divolte.global.server.prot = 1\ndivolte.global.metrics = 2\n"
                 "divolte.sinks.k { type = kafka, topics = x }\ndivolte.other = 1\nother = 1"),
      ElementsAre("Unknown property 'divolte.global.server.prot' (test.conf:1). Available "
                  "properties: 'host', 'port', 'use_x_forwarded_for', 'serve_static_resources', "
                  "'debug_requests', 'shutdown_delay', 'shutdown_timeout', 'io_threads', "
                  "'backpressure', 'metrics'.",
                  "Unknown property 'divolte.global.metrics' (test.conf:2). Available "
                  "properties: 'server', 'mapper', 'hdfs', 'gcs', 'kafka', 'gcps'.",
                  "Unknown property 'divolte.sinks.k.topics' (test.conf:3). Available "
                  "properties: 'type', 'topic', 'mode'.",
                  "Unknown property 'divolte.other' (test.conf:4). Available properties: "
                  "'global', 'sources', 'mappings', 'sinks'."));
}

TEST(Binding, UnknownKeysOfSourceTypes) {
  EXPECT_THAT(BindErrors("divolte.sources.j { type = json, prefix = /x }"),
              ElementsAre("Unknown property 'divolte.sources.j.prefix' (test.conf:1). Available "
                          "properties: 'type', 'event_path', 'party_id_parameter', "
                          "'maximum_body_size'."));
  EXPECT_THAT(BindErrors("divolte.sinks.h { type = hdfs, bucket = x }"),
              ElementsAre(HasSubstr("Unknown property 'divolte.sinks.h.bucket'")));
}

TEST(Binding, ImplicitDefaults) {
  BindResult result = Bind("").result;
  const Config& config = result.config;
  ASSERT_EQ(config.sources.size(), 1u);
  EXPECT_EQ(config.sources[0].name, "browser");
  EXPECT_EQ(config.sources[0].type, SourceType::kBrowser);
  ASSERT_EQ(config.sinks.size(), 3u);
  EXPECT_EQ(config.sinks[0].name, "hdfs");
  EXPECT_EQ(config.sinks[0].type, SinkType::kHdfs);
  EXPECT_EQ(config.sinks[0].replication, 1);
  EXPECT_EQ(config.sinks[0].file_strategy.working_dir, "/tmp");
  EXPECT_EQ(config.sinks[1].name, "kafka");
  EXPECT_EQ(config.sinks[1].type, SinkType::kKafka);
  EXPECT_EQ(config.sinks[2].name, "gcps");
  EXPECT_EQ(config.sinks[2].type, SinkType::kGcps);
  ASSERT_EQ(config.mappings.size(), 1u);
  EXPECT_EQ(config.mappings[0].name, "default");
  EXPECT_THAT(config.mappings[0].sources, ElementsAre("browser"));
  EXPECT_THAT(config.mappings[0].sinks, ElementsAre("hdfs", "kafka", "gcps"));
  EXPECT_TRUE(result.implicit_sources && result.implicit_sinks && result.implicit_mappings);
}

TEST(Binding, PresentSectionsRemoveImplicitDefaults) {
  Config config = BindOk("divolte.sources {}\ndivolte.sinks { s { type = kafka } }");
  EXPECT_THAT(config.sources, IsEmpty());
  ASSERT_EQ(config.sinks.size(), 1u);
  ASSERT_EQ(config.mappings.size(), 1u);
  EXPECT_THAT(config.mappings[0].sources, IsEmpty());
  EXPECT_THAT(config.mappings[0].sinks, ElementsAre("s"));
  EXPECT_THAT(BindOk("divolte.mappings {}").mappings, IsEmpty());
}

}  // namespace
}  // namespace divolte::config
