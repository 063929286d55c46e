#include "config/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace divolte::config {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoadText;
using ::testing::Not;

std::vector<std::string> Errors(const std::string& text,
                                std::map<std::string, std::string> env = {}) {
  LoadResult result = LoadText(text, {}, std::move(env));
  EXPECT_FALSE(result.config);
  return result.errors;
}

std::vector<std::string> Warnings(const std::string& text) {
  LoadResult result = LoadText(text);
  EXPECT_THAT(result.errors, IsEmpty());
  return result.warnings;
}

TEST(Validation, Rule1UndefinedSourcesOrSinks) {
  EXPECT_THAT(Errors("divolte.mappings { a { sources = [browser, nope], sinks = [hdfs, gone] }\n"
                     "b { sources = [nope], sinks = [hdfs] } }"),
              ElementsAre("Property 'divolte.mappings' references undefined sources or sinks: "
                          "[nope, gone]."));
}

TEST(Validation, Rule1CountsEntriesThatFailedToBindAsDefined) {
  EXPECT_THAT(Errors("divolte.sources.s { }\n"
                     "divolte.mappings.m { sources = [s], sinks = [hdfs] }"),
              ElementsAre("Property 'divolte.sources.s.type' is required."));
}

TEST(Validation, Rule1ASinkIsNotASource) {
  EXPECT_THAT(Errors("divolte.mappings.m { sources = [hdfs], sinks = [browser] }"),
              ElementsAre("Property 'divolte.mappings' references undefined sources or sinks: "
                          "[hdfs, browser]."));
}

TEST(Validation, Rule2SourceAndSinkNamesCollide) {
  EXPECT_THAT(Errors("divolte.sources.x.type = browser\ndivolte.sinks.x.type = hdfs"),
              ElementsAre("Property 'divolte' has sources and sinks with the same name: [x]."));
}

TEST(Validation, Rule3SinksFedByDifferentSchemas) {
  // mapping_script_file is gated in this release, so the rule is checked on bound data.
  BindResult bound;
  bound.config.sinks = {SinkConfig{.name = "s"}, SinkConfig{.name = "t"}};
  bound.config.mappings = {MappingConfig{.name = "a",
                                         .sinks = {"s", "t"},
                                         .schema_file = "/a.avsc",
                                         .mapping_script_file = "/a.groovy"},
                           MappingConfig{.name = "b", .sinks = {"s"}},
                           MappingConfig{.name = "c",
                                         .sinks = {"t"},
                                         .schema_file = "/a.avsc",
                                         .mapping_script_file = "/c.groovy"}};
  Diagnostics diagnostics;
  Validate(bound, testing::Env(), &diagnostics);
  EXPECT_THAT(diagnostics.errors,
              ElementsAre("Property 'divolte.sinks' has sinks fed by mappings with different "
                          "schemas: [s]."));
}

TEST(Validation, Rule4ConfluentIds) {
  BindResult bound;
  bound.config.sinks = {
      SinkConfig{.name = "k", .type = SinkType::kKafka, .kafka_mode = KafkaMode::kConfluent},
      SinkConfig{.name = "n", .type = SinkType::kKafka}};
  bound.config.mappings = {MappingConfig{.name = "a", .sinks = {"k"}},
                           MappingConfig{.name = "b", .sinks = {"k", "n"}, .confluent_id = 1},
                           MappingConfig{.name = "c", .sinks = {"n"}, .confluent_id = 2}};
  Diagnostics diagnostics;
  Validate(bound, testing::Env(), &diagnostics);
  EXPECT_THAT(diagnostics.errors,
              ElementsAre("Property 'divolte.mappings' has mappings writing to confluent-mode "
                          "sinks without a confluent_id: [a].",
                          "Property 'divolte.sinks' has sinks fed by mappings with different "
                          "confluent_id values: [k, n]."));
  EXPECT_THAT(Errors("divolte.sinks.k { type = kafka, mode = confluent }"),
              ElementsAre("Property 'divolte.mappings' has mappings writing to confluent-mode "
                          "sinks without a confluent_id: [default]."));
}

TEST(Validation, Rule5GcsJitter) {
  EXPECT_THAT(Errors("divolte.sinks.g { type = gcs, bucket = b, retry_settings { jitter_delay "
                     "= 1s, jitter_factor = 0.5 } }"),
              ElementsAre("Property 'divolte.sinks.g.retry_settings' sets both jitter_delay and "
                          "jitter_factor."));
}

TEST(Validation, Rule6PubSubProjectId) {
  BindResult bound;
  bound.config.global.gcps.enabled = true;
  Diagnostics diagnostics;
  Validate(bound, testing::Env(), &diagnostics);
  EXPECT_THAT(diagnostics.errors,
              ElementsAre("Property 'divolte.global.gcps.project_id' is required: Pub/Sub is "
                          "enabled and no Google Cloud project id was found."));
  for (const char* variable : {"GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"}) {
    Diagnostics found;
    Validate(bound, testing::Env({{variable, "p"}}), &found);
    EXPECT_THAT(found.errors, IsEmpty()) << variable;
  }
  bound.config.global.gcps_project_id = "p";
  Diagnostics configured;
  Validate(bound, testing::Env(), &configured);
  EXPECT_THAT(configured.errors, IsEmpty());
}

TEST(Validation, Rule8SamePrefixAndSameRoutes) {
  EXPECT_THAT(Errors("divolte.sources { a.type = browser, b { type = browser, prefix = \"\" }\n"
                     "c { type = browser, prefix = /c, event_suffix = divolte.js } }"),
              ElementsAre("Property 'divolte.sources' has browser sources with the same prefix: "
                          "[a, b].",
                          "Property 'divolte.sources' has routes with the same path "
                          "'/c/divolte.js': [c, c]."));
  EXPECT_THAT(Errors("divolte.sources { p { type = browser, prefix = /, event_suffix = ping }\n"
                     "m { type = browser, prefix = /x, event_suffix = ../metrics } }\n"),
              ElementsAre("Property 'divolte.sources' has routes with the same path '/ping': "
                          "[/ping, p]."));
  EXPECT_THAT(Errors("divolte.sources { p { type = browser, event_suffix = metrics } }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path '/metrics': "
                          "[/metrics, p]."));
  EXPECT_TRUE(LoadText("divolte.global.server.metrics.enabled = false\n"
                       "divolte.sources { p { type = browser, event_suffix = metrics } }")
                  .config);
}

TEST(Validation, Rule8JsonSourceRoutes) {
  BindResult bound;
  bound.config.sources = {SourceConfig{.name = "b"},
                          SourceConfig{.name = "j", .type = SourceType::kJson}};
  bound.config.sources[1].json.event_path = "/csc-event";
  Diagnostics diagnostics;
  Validate(bound, testing::Env(), &diagnostics);
  EXPECT_THAT(diagnostics.errors, Contains("Property 'divolte.sources' has routes with the same "
                                           "path '/csc-event': [b, j]."));
}

TEST(Validation, Rule8JsonAndBrowserSourcesWithTheSameEventPath) {
  EXPECT_THAT(Errors("divolte.sources { b.type = browser, j { type = json, event_path = "
                     "/csc-event } }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path "
                          "'/csc-event': [b, j]."));
  EXPECT_THAT(Errors("divolte.sources { j { type = json, event_path = /t/divolte.js }\n"
                     "b { type = browser, prefix = /t } }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path "
                          "'/t/divolte.js': [j, b]."));
  EXPECT_THAT(Errors("divolte.sources { j.type = json, k.type = json }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path '/': "
                          "[j, k]."));
}

TEST(Validation, Rule8JsonEventPathCannotTakeBuiltInRoutes) {
  EXPECT_THAT(Errors("divolte.sources.j { type = json, event_path = /ping }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path '/ping': "
                          "[/ping, j]."));
  EXPECT_THAT(Errors("divolte.sources.j { type = json, event_path = /metrics }"),
              ElementsAre("Property 'divolte.sources' has routes with the same path '/metrics': "
                          "[/metrics, j]."));
  LoadResult without_metrics = LoadText(
      "divolte.global.server.metrics.enabled = false\n"
      "divolte.sources.j { type = json, event_path = /metrics }");
  EXPECT_THAT(without_metrics.errors, IsEmpty());
}

TEST(Validation, Rule9SameSiteNoneRequiresSecure) {
  EXPECT_THAT(Errors("divolte.sources.b { type = browser, cookie_same_site = none }"),
              ElementsAre("Property 'divolte.sources.b.cookie_same_site' is None, which requires "
                          "cookie_secure = true."));
  EXPECT_TRUE(LoadText("divolte.sources.b { type = browser, cookie_same_site = None, "
                       "cookie_secure = true }")
                  .config);
}

TEST(Validation, Rule7JavascriptName) {
  EXPECT_THAT(Errors("divolte.sources.b { type = browser, javascript.name = \"tag.txt\" }"),
              ElementsAre("Property 'divolte.sources.b.javascript.name' must match "
                          "^[A-Za-z0-9_-]+\\.js$. Found: 'tag.txt' (test.conf:1)."));
  for (const char* name : {".js", "a b.js", "dir/x.js", "x.JS", "x.jsx", "x.js.map", "é.js"}) {
    EXPECT_THAT(Errors(std::string("divolte.sources.b { type = browser\njavascript.name = \"") +
                       name + "\" }"),
                ElementsAre("Property 'divolte.sources.b.javascript.name' must match "
                            "^[A-Za-z0-9_-]+\\.js$. Found: '" +
                            std::string(name) + "' (test.conf:2)."));
  }
  EXPECT_TRUE(LoadText("divolte.sources.b { type = browser, javascript.name = a-Z_09.js }").config);
}

TEST(Validation, Rule10CookieNamesAreTokens) {
  EXPECT_THAT(Errors("divolte.sources.b { type = browser, party_cookie = \"my cookie\" }"),
              ElementsAre("Property 'divolte.sources.b.party_cookie' must be an RFC 6265 token. "
                          "Found: 'my cookie' (test.conf:1)."));
  EXPECT_THAT(Errors("divolte.sources.b { type = browser\nsession_cookie = \"s=1\" }"),
              ElementsAre("Property 'divolte.sources.b.session_cookie' must be an RFC 6265 "
                          "token. Found: 's=1' (test.conf:2)."));
  // (as written in HOCON, the value found)
  const std::pair<std::string, std::string> kNotTokens[] = {
      {"", ""},       {"a;b", "a;b"},    {"a,b", "a,b"}, {"(a)", "(a)"},        {"a\\\"b", "a\"b"},
      {"a/b", "a/b"}, {"a\\tb", "a\tb"}, {"é", "é"},     {"a\\u007f", "a\x7f"}, {"[a]", "[a]"}};
  for (const auto& [written, found] : kNotTokens) {
    EXPECT_THAT(Errors("divolte.sources.b { type = browser, party_cookie = \"" + written + "\" }"),
                ElementsAre("Property 'divolte.sources.b.party_cookie' must be an RFC 6265 token. "
                            "Found: '" +
                            found + "' (test.conf:1)."));
  }
  // A multi-line value is still reported on one line.
  EXPECT_THAT(Errors("divolte.sources.b { type = browser, party_cookie = \"\"\"a\nb\"\"\" }"),
              ElementsAre("Property 'divolte.sources.b.party_cookie' must be an RFC 6265 token. "
                          "Found: 'a\\nb' (test.conf:1)."));
  EXPECT_TRUE(LoadText("divolte.sources.b { type = browser, party_cookie = \"!#$%&'*+-.^_`|~\", "
                       "session_cookie = Abc09 }")
                  .config);
}

TEST(Validation, Rule11UnsupportedFilesystemScheme) {
  EXPECT_THAT(Errors("divolte.sinks.h { type = hdfs, file_strategy { working_dir = "
                     "\"s3a://bucket/in\", publish_dir = \"file:///tmp\" } }"),
              ElementsAre("Unsupported filesystem scheme 's3a' for s3a://bucket/in; supported: "
                          "file, hdfs, webhdfs, swebhdfs"));
  EXPECT_EQ(UriScheme("/tmp"), std::nullopt);
  EXPECT_EQ(UriScheme("relative/dir"), std::nullopt);
  EXPECT_EQ(UriScheme("hdfs://nn/x"), "hdfs");
  EXPECT_EQ(UriScheme("file:/x"), "file");
}

TEST(Validation, Warnings) {
  EXPECT_THAT(Warnings("divolte.sources { a.type = browser, b { type = browser, prefix = /b } }\n"
                       "divolte.sinks { h.type = hdfs, k.type = kafka, unused.type = hdfs }\n"
                       "divolte.mappings.m { sources = [a], sinks = [h, k] }"),
              ElementsAre("Sink 'unused' is not used by any mapping; it is not instantiated.",
                          "Mapping 'm' writes to sink 'k' of type kafka, which is disabled "
                          "(divolte.global.kafka.enabled = false); its records for that sink are "
                          "discarded.",
                          "Source 'b' does not feed any mapping; its events are accepted and "
                          "discarded."));
}

TEST(Validation, WarningForADisabledSinkFedByTheImplicitMapping) {
  EXPECT_THAT(Warnings("divolte.sinks { h.type = hdfs, k.type = kafka }"),
              ElementsAre("Mapping 'default' writes to sink 'k' of type kafka, which is disabled "
                          "(divolte.global.kafka.enabled = false); its records for that sink are "
                          "discarded."));
}

TEST(Validation, WarningForSchemaFileWithoutMappingScript) {
  EXPECT_THAT(Warnings("divolte.mappings.m { sources = [browser], sinks = [hdfs], schema_file = "
                       "/s.avsc }"),
              ElementsAre("Property 'divolte.mappings.m.schema_file' is ignored because "
                          "mapping_script_file is not set; the built-in schema is used."));
}

TEST(Validation, NoWarningsForTheBuiltInConfiguration) {
  EXPECT_THAT(Warnings(""), IsEmpty());
  // Implicit sinks that a user mapping does not use are not worth a warning.
  EXPECT_THAT(Warnings("divolte.mappings.m { sources = [browser], sinks = [hdfs] }"), IsEmpty());
}

// Rules 1, 2, 7, 8 (both parts), 9 and 10, a range and a required key in one load.
TEST(Validation, IndependentProblemsAreReportedTogether) {
  EXPECT_THAT(
      Errors("divolte.global.server.port = 65536\n"
             "divolte.sources { a { type = browser, prefix = /web, party_cookie = \"my cookie\" }\n"
             "b { type = browser, prefix = /web/, javascript.name = tag.txt }\n"
             "j { type = json, event_path = /ping }\n"
             "shared { type = json, event_path = /s, }\n"
             "c { type = browser, prefix = /c, cookie_same_site = None } }\n"
             "divolte.sinks { shared.type = hdfs, out.type = hdfs, g.type = gcs }\n"
             "divolte.mappings.m { sources = [a, b, c, j, ghost], sinks = [out, nowhere] }"),
      ElementsAre("Property 'divolte.global.server.port' must be between 0 and 65535. Found: "
                  "'65536' (test.conf:1).",
                  "Property 'divolte.sources.a.party_cookie' must be an RFC 6265 token. Found: "
                  "'my cookie' (test.conf:2).",
                  "Property 'divolte.sources.b.javascript.name' must match ^[A-Za-z0-9_-]+\\.js$. "
                  "Found: 'tag.txt' (test.conf:3).",
                  "Property 'divolte.sinks.g.bucket' is required.",
                  "Property 'divolte.mappings' references undefined sources or sinks: [ghost, "
                  "nowhere].",
                  "Property 'divolte' has sources and sinks with the same name: [shared].",
                  "Property 'divolte.sources' has browser sources with the same prefix: [a, b].",
                  "Property 'divolte.sources' has routes with the same path '/ping': [/ping, j].",
                  "Property 'divolte.sources.c.cookie_same_site' is None, which requires "
                  "cookie_secure = true."));
}

TEST(Validation, ValidConfigurationHasNoErrors) {
  LoadResult result = LoadText(
      "divolte.sinks.h { type = hdfs, file_strategy { working_dir = "
      "\"file:///data/in\", publish_dir = /data/out } }");
  EXPECT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.warnings, Not(Contains(HasSubstr("Sink"))));
}

}  // namespace
}  // namespace divolte::config
