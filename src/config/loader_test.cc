#include "config/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using testing::Env;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoadText;
using testing::TempDir;

// The example of config.md §7.
constexpr char kSpecExample[] = R"(
divolte {
  global {
    server {
      host = 0.0.0.0
      use_x_forwarded_for = true
      shutdown_delay = 20 seconds
      shutdown_timeout = 5 seconds
    }
    mapper {
      threads = 4
      ip2geo_database = "/var/lib/geoip/GeoLite2-City.mmdb"
    }
    kafka {
      enabled = true
      producer.bootstrap.servers = ["kafka1:9092", "kafka2:9092"]
    }
  }
  sources {
    browser { type = browser, cookie_domain = ".example.com", cookie_same_site = Lax }
    app     { type = json, event_path = /app-events }
  }
  mappings {
    web {
      sources = [browser, app]
      sinks = [hdfs, kafka]
      schema_file = "/etc/divolte/MyEventRecord.avsc"
      mapping_script_file = "/etc/divolte/mapping.groovy"
      confluent_id = 594
      discard_corrupted = true
    }
  }
  sinks {
    hdfs {
      type = hdfs
      file_strategy {
        working_dir = /data/divolte/inflight
        publish_dir = /data/divolte/published
        codec = snappy
      }
    }
    kafka { type = kafka, topic = clicks, mode = confluent }
  }
}
)";

std::string Replace(std::string text,
                    const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

TEST(Loader, SpecExampleWithoutGatedKeysLoads) {
  std::string text =
      Replace(kSpecExample, {{"enabled = true", ""},
                             {"app     { type = json, event_path = /app-events }", ""},
                             {"sources = [browser, app]", "sources = [browser]"},
                             {"mapping_script_file = \"/etc/divolte/mapping.groovy\"", ""},
                             {"confluent_id = 594", ""},
                             {", mode = confluent", ""}});
  LoadResult result = LoadText(text);
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_TRUE(result.config);
  const Config& config = *result.config;
  EXPECT_EQ(config.global.server.host, "0.0.0.0");
  EXPECT_TRUE(config.global.server.use_x_forwarded_for);
  EXPECT_EQ(config.global.server.shutdown_delay, seconds(20));
  EXPECT_EQ(config.global.server.shutdown_timeout, seconds(5));
  EXPECT_EQ(config.global.mapper.threads, 4);
  EXPECT_EQ(config.global.mapper.ip2geo_database, "/var/lib/geoip/GeoLite2-City.mmdb");
  EXPECT_EQ(config.global.kafka_producer.at(0).second, "kafka1:9092,kafka2:9092");
  ASSERT_EQ(config.sources.size(), 1u);
  EXPECT_EQ(config.sources[0].browser.cookie_domain, ".example.com");
  EXPECT_EQ(config.sources[0].browser.cookie_same_site, SameSite::kLax);
  ASSERT_EQ(config.mappings.size(), 1u);
  EXPECT_THAT(config.mappings[0].sources, ElementsAre("browser"));
  EXPECT_THAT(config.mappings[0].sinks, ElementsAre("hdfs", "kafka"));
  EXPECT_FALSE(config.mappings[0].schema_file);  // C2: no mapping script
  EXPECT_TRUE(config.mappings[0].discard_corrupted);
  ASSERT_EQ(config.sinks.size(), 2u);
  EXPECT_EQ(config.sinks[0].file_strategy.working_dir, "/data/divolte/inflight");
  EXPECT_EQ(config.sinks[0].file_strategy.codec, Codec::kSnappy);
  EXPECT_EQ(config.sinks[1].topic, "clicks");
  EXPECT_THAT(result.warnings,
              ElementsAre(HasSubstr("'divolte.mappings.web.schema_file' is ignored"),
                          HasSubstr("Mapping 'web' writes to sink 'kafka' of type kafka")));
}

// Every feature of the specification's full example has landed (the Kafka sink last).
TEST(Loader, FullSpecExampleLoads) {
  LoadResult result = LoadText(kSpecExample);
  EXPECT_THAT(result.errors, IsEmpty());
  ASSERT_TRUE(result.config);
  EXPECT_TRUE(result.config->global.kafka.enabled);
  EXPECT_EQ(result.config->mappings.at(0).confluent_id, 594);
}

TEST(Loader, NoFileUsesBuiltInDefaults) {
  LoadOptions options;
  options.getenv = Env();
  options.available_cpus = 6;
  LoadResult result = LoadConfig(options);
  ASSERT_TRUE(result.config);
  EXPECT_THAT(result.infos, ElementsAre("No configuration file found; using built-in defaults."));
  EXPECT_EQ(result.config->file, "");
  EXPECT_EQ(result.config->global.server.io_threads, 6);
  EXPECT_EQ(result.config->sinks.size(), 3u);
}

TEST(Loader, ConfigFileMustExist) {
  LoadOptions options;
  options.config_file = "/nonexistent/divolte.conf";
  options.getenv = Env();
  LoadResult result = LoadConfig(options);
  EXPECT_FALSE(result.config);
  EXPECT_THAT(result.errors, ElementsAre("Could not read configuration file "
                                         "'/nonexistent/divolte.conf': not found or not a "
                                         "regular file"));
}

TEST(Loader, LocatesTheFileInOrder) {
  TempDir conf_dir, install_dir;
  std::string from_env = conf_dir.Write("divolte-collector.conf", "divolte.global.server.port = 1");
  std::string installed =
      install_dir.Write("conf/divolte-collector.conf", "divolte.global.server.port = 2");
  std::string explicit_file = conf_dir.Write("other.conf", "divolte.global.server.port = 3");
  LoadOptions options;
  options.installation_dir = install_dir.path();
  options.getenv = Env({{"DIVOLTE_CONF_DIR", conf_dir.path()}});
  options.config_file = explicit_file;
  EXPECT_EQ(LoadConfig(options).config->global.server.port, 3);
  options.config_file.reset();
  LoadResult result = LoadConfig(options);
  EXPECT_EQ(result.config->global.server.port, 1);
  EXPECT_EQ(result.config->file, from_env);
  EXPECT_THAT(result.infos, ElementsAre("Using configuration file: " + from_env));
  options.getenv = Env({{"DIVOLTE_CONF_DIR", "/nonexistent"}});
  result = LoadConfig(options);
  EXPECT_EQ(result.config->global.server.port, 2);
  EXPECT_EQ(result.config->file, installed);
}

TEST(Loader, DefinesOverrideTheFileInCommandLineOrder) {
  LoadResult result =
      LoadText("divolte.global.server { port = 1000, host = h }",
               {"divolte.global.server.port=2000", "divolte.global.server.port=3000",
                "divolte.global.mapper.threads=\"3\"", "divolte.sinks.s.type=hdfs",
                "divolte.global.server.shutdown_delay=1 second"});
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config->global.server.port, 3000);
  EXPECT_EQ(result.config->global.server.host, "h");
  EXPECT_EQ(result.config->global.mapper.threads, 3);
  EXPECT_EQ(result.config->global.server.shutdown_delay, seconds(1));
  ASSERT_EQ(result.config->sinks.size(), 1u);
  EXPECT_EQ(result.config->sinks[0].replication, 3);
}

TEST(Loader, SubstitutionsResolveAfterAllLayersAreMerged) {
  LoadResult result = LoadText("base = 9000\ndivolte.global.server.port = ${base}", {"base=9100"});
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config->global.server.port, 9100);
  result = LoadText("divolte.global.server.port = ${?NOPE}", {}, {{"DIVOLTE_PORT", "8400"}});
  EXPECT_EQ(result.config->global.server.port, 8400);  // the built-in ${?DIVOLTE_PORT} stays
}

TEST(Loader, ParseErrorsOfEveryLayerAreReported) {
  LoadResult result = LoadText("divolte {\n  global = [\n}", {"x=[", "novalue"});
  EXPECT_FALSE(result.config);
  EXPECT_THAT(result.errors,
              ElementsAre("test.conf:3:1: Unexpected '}' (quote strings that contain it)",
                          "Invalid --define 'x=[': Expected ']' before the end of the input "
                          "(column 4)",
                          "Invalid --define 'novalue': expected KEY=VALUE"));
}

TEST(Loader, EveryErrorIsReportedAtOnce) {
  LoadResult result = LoadText(
      "divolte.global.server { port = -1, colour = blue }\n"
      "divolte.sources.b { type = browser, cookie_same_site = None }\n"
      "divolte.mappings.m { sources = [b, ghost], sinks = [hdfs] }\n"
      "divolte.sinks.hdfs { type = hdfs, file_strategy.working_dir = \"ftp://x\" }\n"
      "divolte.global.gcs.enabled = true");
  EXPECT_FALSE(result.config);
  EXPECT_THAT(
      result.errors,
      ElementsAre(
          "Property 'divolte.global.server.port' must be between 0 and 65535. Found: '-1' "
          "(test.conf:1).",
          HasSubstr("Unknown property 'divolte.global.server.colour' (test.conf:1)."),
          "Property 'divolte.mappings' references undefined sources or sinks: [ghost].",
          "Unsupported filesystem scheme 'ftp' for ftp://x; supported: file, hdfs, webhdfs, "
          "swebhdfs",
          "Property 'divolte.sources.b.cookie_same_site' is None, which requires cookie_secure "
          "= true.",
          HasSubstr("'divolte.global.gcs.enabled' is not supported yet")));
}

TEST(Loader, RequiredKeys) {
  LoadResult result = LoadText(
      "divolte.sources.s.type = null\ndivolte.sinks { k {}, g.type = gcs }\n"
      "divolte.mappings.m { sinks = [g] }\ndivolte.mappings.n { sources = [s] }");
  EXPECT_FALSE(result.config);
  EXPECT_THAT(result.errors, ElementsAre("Property 'divolte.sources.s.type' is required.",
                                         "Property 'divolte.mappings.m.sources' is required.",
                                         "Property 'divolte.mappings.n.sinks' is required.",
                                         "Property 'divolte.sinks.k.type' is required.",
                                         "Property 'divolte.sinks.g.bucket' is required."));
}

TEST(Loader, TypeErrorsNameTheOriginOfTheValue) {
  LoadResult result = LoadText(
      "divolte.global.mapper.threads = many\n"
      "divolte.global.server.debug_requests = ${?DEBUG}\n"
      "divolte.global.server.shutdown_delay = ${divolte.global.server.serve_static_resources}",
      {"divolte.global.server.port=eighty"}, {{"DEBUG", "maybe"}});
  EXPECT_THAT(result.errors,
              ElementsAre("Property 'divolte.global.server.port' must be an integer. Found: "
                          "'eighty' (--define).",
                          "Property 'divolte.global.server.debug_requests' must be a boolean. "
                          "Found: 'maybe' (environment variable DEBUG).",
                          "Property 'divolte.global.server.shutdown_delay' is not a valid "
                          "duration: No number in duration value 'true'. Found: 'true' (built-in "
                          "default).",
                          "Property 'divolte.global.mapper.threads' must be an integer. Found: "
                          "'many' (test.conf:1)."));
}

// config.md §5: each absent section is supplied; a present one, even empty, is not.
TEST(Loader, ImplicitDefaultsOfAbsentSections) {
  LoadResult result = LoadText(
      "divolte.sources { a.type = browser, j { type = json, event_path "
      "= /j } }");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.warnings, IsEmpty());
  const Config& config = *result.config;
  ASSERT_EQ(config.sinks.size(), 3u);
  EXPECT_EQ(config.sinks[0].name, "hdfs");
  EXPECT_EQ(config.sinks[0].replication, 1);
  EXPECT_EQ(config.sinks[1].name, "kafka");
  EXPECT_EQ(config.sinks[2].name, "gcps");
  ASSERT_EQ(config.mappings.size(), 1u);
  EXPECT_EQ(config.mappings[0].name, "default");
  EXPECT_THAT(config.mappings[0].sources, ElementsAre("a", "j"));
  EXPECT_THAT(config.mappings[0].sinks, ElementsAre("hdfs", "kafka", "gcps"));

  result = LoadText("divolte.sinks.out.type = hdfs");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config->sources.size(), 1u);
  EXPECT_EQ(result.config->sources[0].name, "browser");
  EXPECT_EQ(result.config->sinks.at(0).replication, 3);
  EXPECT_THAT(result.config->mappings.at(0).sources, ElementsAre("browser"));
  EXPECT_THAT(result.config->mappings.at(0).sinks, ElementsAre("out"));

  result = LoadText("divolte { sources {}, mappings {}, sinks {} }");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_TRUE(result.config->sources.empty() && result.config->mappings.empty() &&
              result.config->sinks.empty());
}

TEST(Loader, SubstitutionErrorsStopBeforeBinding) {
  LoadResult result = LoadText("divolte.global.server.port = ${nope}\na = ${b}\nb = ${a}");
  EXPECT_THAT(result.errors,
              ElementsAre("Could not resolve substitution to a value: ${nope} (test.conf:1).",
                          "Substitution cycle: ${b} -> ${a} (test.conf:3)."));
}

TEST(Loader, NeverThrowsOnHostileInput) {
  for (const char* text : {"\xFF\xFE\x00garbage", "divolte = 5", "divolte.sources = [1]",
                           "divolte.sinks.x = null", "divolte { global = null }",
                           "divolte.mappings.m = 1", "a = \"\"\"", "${?", "include \"/\""}) {
    LoadResult result = LoadText(text);
    EXPECT_EQ(result.config.has_value(), result.errors.empty()) << text;
  }
  EXPECT_THAT(LoadText("divolte = 5").errors,
              ElementsAre("Property 'divolte' must be an object. Found: '5' (test.conf:1)."));
}

}  // namespace
}  // namespace divolte::config
