#include "config/feature_gates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::LoadText;

std::vector<std::string> Gated(const std::string& text, std::vector<std::string> defines = {},
                               std::map<std::string, std::string> env = {}) {
  LoadResult result = LoadText(text, std::move(defines), std::move(env));
  EXPECT_FALSE(result.config);
  return result.errors;
}

// The JSON source and back-pressure have landed: nothing about them is gated.
TEST(FeatureGates, JsonSourceAndBackpressureAreNotGated) {
  const LoadResult result = LoadText(
      "divolte.sources.app { type = json, event_path = /e }\n"
      "divolte.global.server.backpressure.mode = drop\n"
      "divolte.mappings.m { sources = [app], sinks = [hdfs] }");
  EXPECT_THAT(result.errors, IsEmpty());
}

TEST(FeatureGates, SinkTypes) {
  EXPECT_THAT(Gated("divolte.global { kafka.enabled = true, gcs.enabled = yes, gcps { enabled "
                    "= true, project_id = p } }"),
              ElementsAre("Property 'divolte.global.gcs.enabled' is not supported yet (Google "
                          "Cloud Storage sink). Found: 'yes' (test.conf:1).",
                          "Property 'divolte.global.gcps.enabled' is not supported yet (Google "
                          "Cloud Pub/Sub sink). Found: 'true' (test.conf:1)."));
  LoadResult disabled = LoadText("divolte.global { kafka.enabled = false, gcs.enabled = no }");
  EXPECT_THAT(disabled.errors, IsEmpty());
}

TEST(FeatureGates, HdfsViaWebHdfs) {
  EXPECT_THAT(
      Gated("divolte.global.hdfs.client { fs.defaultFS = \"hdfs://nn\" }\n"
            "divolte.sinks.h { type = hdfs, file_strategy { working_dir = \"hdfs://nn/in\", "
            "publish_dir = \"WEBHDFS://nn:9870/out\" } }\n"
            "divolte.sinks.g { type = gcs, bucket = b, file_strategy.working_dir = \"hdfs://x\" "
            "}"),
      ElementsAre("Property 'divolte.global.hdfs.client.fs.defaultFS' is not supported yet "
                  "(HDFS via WebHDFS). Found: 'hdfs://nn' (test.conf:1).",
                  "Property 'divolte.sinks.h.file_strategy.working_dir' is not supported yet "
                  "(HDFS via WebHDFS). Found: 'hdfs://nn/in' (test.conf:2).",
                  "Property 'divolte.sinks.h.file_strategy.publish_dir' is not supported yet "
                  "(HDFS via WebHDFS). Found: 'WEBHDFS://nn:9870/out' (test.conf:2)."));
  EXPECT_THAT(Gated("divolte.global.hdfs.client {}"),
              ElementsAre("Property 'divolte.global.hdfs.client' is not supported yet (HDFS via "
                          "WebHDFS). Found: '{}' (test.conf:1)."));
}

// Mapping scripts and the Kafka sink with its Confluent mode have landed.
TEST(FeatureGates, KafkaAndConfluentIdAreNotGated) {
  const LoadResult result = LoadText(
      "divolte.global.kafka.enabled = true\n"
      "divolte.sinks.k { type = kafka, mode = confluent }\n"
      "divolte.mappings.m { sources = [browser], sinks = [k], schema_file = "
      "/s.avsc, mapping_script_file = /m.groovy, confluent_id = 5 }");
  EXPECT_THAT(result.errors, IsEmpty());
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->mappings.at(0).confluent_id, 5);
}

// Enrichment has landed: its settings are no longer gated.
TEST(FeatureGates, EnrichmentHasLanded) {
  const LoadResult result = LoadText(
      "divolte.global.mapper { ip2geo_database = /g.mmdb\n"
      "user_agent_parser { type = online_updating, regexes_file = /r.yaml } }");
  EXPECT_THAT(result.errors, IsEmpty());
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->global.mapper.ip2geo_database, "/g.mmdb");
}

TEST(FeatureGates, TestPageAndBrowserTagHaveLanded) {
  LoadResult result = LoadText(
      "divolte.global.server.serve_static_resources = true\n"
      "divolte.sources.b { type = browser, javascript { name = x.js, logging = true, debug = true, "
      "auto_page_view_event = false, event_timeout = 2 seconds } }");
  EXPECT_THAT(result.errors, IsEmpty());
  ASSERT_TRUE(result.config);
  EXPECT_TRUE(result.config->global.server.serve_static_resources);
  const JavascriptConfig& javascript = result.config->sources.at(0).browser.javascript;
  EXPECT_EQ(javascript.name, "x.js");
  EXPECT_TRUE(javascript.logging);
  EXPECT_TRUE(javascript.debug);
  EXPECT_FALSE(javascript.auto_page_view_event);
  EXPECT_EQ(javascript.event_timeout, std::chrono::seconds(2));
  EXPECT_THAT(LoadText("divolte.global.server.serve_static_resources = false").errors, IsEmpty());
}

TEST(FeatureGates, DefinesAndEnvironmentAreUserValues) {
  EXPECT_THAT(Gated("", {"divolte.global.gcps.enabled=true", "divolte.global.gcps.project_id=p"}),
              ElementsAre("Property 'divolte.global.gcps.enabled' is not supported yet (Google "
                          "Cloud Pub/Sub sink). Found: 'true' (--define)."));
  EXPECT_THAT(Gated("divolte.global.gcs.enabled = ${?GCS_ON}", {}, {{"GCS_ON", "on"}}),
              ElementsAre("Property 'divolte.global.gcs.enabled' is not supported yet (Google "
                          "Cloud Storage sink). Found: 'on' (environment variable GCS_ON)."));
}

TEST(FeatureGates, BuiltInAndImplicitDefaultsAreNeverGated) {
  // Built-in defaults set user_agent_parser and backpressure;
  // the implicit sinks include kafka and gcps sinks.
  LoadResult result = LoadText("");
  EXPECT_THAT(result.errors, IsEmpty());
  EXPECT_TRUE(result.config);
  EXPECT_THAT(CheckFeatureGates(*testing::ParseResolved("divolte.global.gcs.enabled = true")),
              ElementsAre("Property 'divolte.global.gcs.enabled' is not supported yet (Google "
                          "Cloud Storage sink). Found: 'true' (test.conf:1)."));
}

}  // namespace
}  // namespace divolte::config
