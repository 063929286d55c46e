#include "mapping/script_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "avro/datum_json.h"
#include "event/event.h"

namespace divolte::mapping {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kSchema = R"({"type": "record", "name": "R", "fields": [
  // comments are allowed, as in Divolte's schemas
  {"name": "ts", "type": "long"},
  {"name": "remoteHost", "type": "string"},
  {"name": "pagePath", "type": ["null", "string"], "default": null},
  {"name": "source", "type": ["null", "string"], "default": null},
  {"name": "query", "type": ["null", {"type": "map", "values": {"type": "array", "items": "string"}}], "default": null},
  {"name": "pageType", "type": ["null", "string"], "default": null},
  {"name": "productId", "type": ["null", "int"], "default": null},
  {"name": "classified", "type": "boolean", "default": false},
  {"name": "pseudoSession", "type": ["null", "string"], "default": null},
  {"name": "language", "type": ["null", "string"], "default": null},
  {"name": "consent", "type": ["null", "string"], "default": null},
  {"name": "clientIp", "type": ["null", "string"], "default": null},
  {"name": "channel", "type": "string", "default": ""},
  {"name": "schemaVersion", "type": "long", "default": 0},
  {"name": "value", "type": ["null", "double"], "default": null},
  {"name": "items", "type": ["null", {"type": "array", "items": {"type": "record", "name": "Item",
      "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int", "default": 1}]}}], "default": null},
  {"name": "skus", "type": ["null", {"type": "array", "items": "string"}], "default": null},
  {"name": "coupon", "type": ["null", "string"], "default": null},
  {"name": "ratio", "type": ["null", "double"], "default": null},
  {"name": "digest", "type": ["null", "bytes"], "default": null},
  {"name": "flag", "type": ["null", "boolean"], "default": null},
  {"name": "union", "type": ["null", "string", "int"], "default": null}
]})";

std::string WriteTemp(std::string_view text, std::string_view suffix) {
  static int counter = 0;
  // Unique per process: ctest runs the tests of this file in parallel processes.
  const std::string path = ::testing::TempDir() + "script_mapping_test_" +
                           std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                           std::string(suffix);
  std::ofstream(path) << text;
  return path;
}

class ScriptMappingTest : public ::testing::Test {
 protected:
  ScriptMappingTest() {
    auto schema = avro::Schema::Parse(kSchema, "test.avsc");
    EXPECT_TRUE(schema.ok()) << schema.message();
    schema_ = std::make_unique<avro::Schema>(std::move(schema).value());
    values_.request = &request_;
    values_.timestamp = 1416245000000;
    values_.remote_host = "192.0.2.10";
    values_.party_id = "0:i1t84hgy:party";
    values_.session_id = "0:i1t84hgy:session";
    values_.event_id = "e0";
  }

  // Loads the script (wrapped in `mapping { … }` and preceded by the two required fields).
  base::Result<std::unique_ptr<ScriptMapping>> Load(std::string_view body, bool wrap = true) {
    return Load(body, wrap, {.name = "test", .ip2geo_configured = ip2geo_configured_});
  }
  base::Result<std::unique_ptr<ScriptMapping>> Load(std::string_view body, bool wrap,
                                                    const ScriptMappingOptions& options) {
    std::string text(body);
    if (wrap) {
      text = "mapping {\n  map timestamp() onto 'ts'\n  map remoteHost() onto 'remoteHost'\n" +
             text + "\n}\n";
    }
    script_path_ = WriteTemp(text, ".groovy");
    return ScriptMapping::Load(*schema_, script_path_, options);
  }

  // The record as JSON, "dropped", or "missing <field>".
  std::string Map(std::string_view body, bool wrap = true) {
    auto mapping = Load(body, wrap);
    if (!mapping.ok()) return "load failed: " + mapping.message();
    auto mapper = (*mapping)->NewMapper(enrich::ThreadEnrichment{});
    std::string datum;
    switch (mapper->Map(values_, &datum)) {
      case MapOutcome::kDropped:
        return "dropped";
      case MapOutcome::kMissingField:
        return "missing " + std::string(mapper->failure_detail());
      case MapOutcome::kInternalError:
        return "internal error";
      case MapOutcome::kRecord:
        break;
    }
    std::string json;
    EXPECT_TRUE(avro::RenderDatumAsJson(schema_->root(), datum, &json));
    return json;
  }

  // The one field `name` of the mapped record, as JSON text.
  std::string Field(std::string_view body, std::string_view name) {
    const std::string json = Map(body);
    const std::string key = "\"" + std::string(name) + "\":";
    const size_t start = json.find(key);
    if (start == std::string::npos) return json;
    size_t end = start + key.size();
    int depth = 0;
    bool in_string = false;
    for (; end < json.size(); ++end) {
      const char c = json[end];
      if (in_string) {
        if (c == '\\') ++end;
        if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') {
        if (depth == 0) break;
        --depth;
      }
      if (c == ',' && depth == 0) break;
    }
    return json.substr(start + key.size(), end - start - key.size());
  }

  // The load errors with the script path replaced by "s".
  std::string Errors(std::string_view body, bool wrap = true) {
    auto mapping = Load(body, wrap);
    if (mapping.ok()) return "loaded";
    std::string text = mapping.message();
    for (size_t at; (at = text.find(script_path_)) != std::string::npos;) {
      text.replace(at, script_path_.size(), "s");
    }
    return text;
  }

  std::unique_ptr<avro::Schema> schema_;
  event::Event request_;
  event::EventValues values_;
  std::string script_path_;
  bool ip2geo_configured_ = false;
};

// mapping.md §15.1.
TEST_F(ScriptMappingTest, UrlPartsAndQueryParameters) {
  values_.location = "https://www.example.com/products/42?utm_source=news&tag=a&tag=b#top";
  const std::string script = R"(
  def u = parse location() to uri
  map u.path() onto 'pagePath'
  map u.query().value('utm_source') onto 'source'
  map u.query() onto 'query')";
  EXPECT_EQ(Field(script, "ts"), "1416245000000");
  EXPECT_EQ(Field(script, "remoteHost"), "\"192.0.2.10\"");
  EXPECT_EQ(Field(script, "pagePath"), "\"/products/42\"");
  EXPECT_EQ(Field(script, "source"), "\"news\"");
  EXPECT_EQ(Field(script, "query"), R"({"utm_source":["news"],"tag":["a","b"]})");
  values_.location.reset();
  EXPECT_EQ(Field(script, "pagePath"), "null");
  EXPECT_EQ(Field(script, "query"), "null");
}

// mapping.md §15.2.
TEST_F(ScriptMappingTest, FirstMatchWinsWithSectionAndExit) {
  const std::string script = R"(
  def path = (parse location() to uri).path()
  section {
    def product = match /^\/products\/([0-9]+)$/ against path
    when product.matches() apply {
      map 'product' onto 'pageType'
      map { parse product.group(1) to int32 } onto 'productId'
      exit()
    }
    when path.equalTo('/') apply { map 'home' onto 'pageType'; exit() }
    map 'other' onto 'pageType'
  }
  map true onto 'classified')";
  values_.location = "https://shop.example.com/products/42";
  EXPECT_EQ(Field(script, "pageType"), "\"product\"");
  EXPECT_EQ(Field(script, "productId"), "42");
  EXPECT_EQ(Field(script, "classified"), "true");
  values_.location = "https://shop.example.com/";
  EXPECT_EQ(Field(script, "pageType"), "\"home\"");
  EXPECT_EQ(Field(script, "productId"), "null");
  values_.location = "https://shop.example.com/about";
  EXPECT_EQ(Field(script, "pageType"), "\"other\"");
  values_.location.reset();
  EXPECT_EQ(Field(script, "pageType"), "\"other\"");
  EXPECT_EQ(Field(script, "classified"), "true");
}

// mapping.md §15.3.
TEST_F(ScriptMappingTest, CustomParametersAndJsonConversion) {
  const std::string script = R"(
  map eventParameters().path('$.value') onto 'value'
  map eventParameters().path('$.items') onto 'items'
  map eventParameters().path('$.items[*].sku') onto 'skus'
  map eventParameters().value('coupon') onto 'coupon')";
  values_.mincode_parameters = "(jvalue!59.9!aitems!(ssku!A1!dqty!2!)(ssku!B7!scolor!red!).)";
  EXPECT_EQ(Field(script, "value"), "59.9");
  EXPECT_EQ(Field(script, "items"), R"([{"sku":"A1","qty":2},{"sku":"B7","qty":1}])");
  EXPECT_EQ(Field(script, "skus"), R"(["A1","B7"])");
  EXPECT_EQ(Field(script, "coupon"), "\"\"");
  values_.mincode_parameters = "(svalue!cheap!)";
  EXPECT_EQ(Field(script, "value"), "null");
}

// mapping.md §15.4, with the normative digest of §7.10.
TEST_F(ScriptMappingTest, HeadersCookiesAndAPseudonymousSessionKey) {
  request_.AddHeader("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
  request_.AddHeader("Cookie", "consent=yes; _dvp=0:i1t84hgy:party");
  request_.AddHeader("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
  const std::string script = R"(
  map digest('sha-256', 'pseudoSession')
      .add(partyId())
      .add('-')
      .add(sessionId())
      .result().toBase64() onto 'pseudoSession'
  map header('Accept-Language').first() onto 'language'
  map cookie('consent') onto 'consent'
  map header('X-Forwarded-For').get(-2) onto 'clientIp')";
  EXPECT_EQ(Field(script, "pseudoSession"), "\"UjOk/N3yhwEQjF0dbMSGdUdHAHwbvoV/RxzTtzpVl/A=\"");
  EXPECT_EQ(Field(script, "language"), "\"nl-NL\"");
  EXPECT_EQ(Field(script, "consent"), "\"yes\"");
  EXPECT_EQ(Field(script, "clientIp"), "\"203.0.113.7\"");
}

// mapping.md §15.5 and the `it` rule of §4.3.
TEST_F(ScriptMappingTest, GeneratedStatementsAndInterpolation) {
  values_.location = "https://shop.example.com/?utm_source=news&utm_campaign=spring";
  // Groovy's `==` and `?:` are not in the subset (§4.4).
  const std::string script = R"(
  def q = (parse location() to uri).query()
  ['source', 'pageType'].each {
    map q.value(it == null ? 'x' : it) onto it
  })";
  EXPECT_THAT(Errors(script), HasSubstr("unsupported operator"));
  const std::string each = R"(
  def q = (parse location() to uri).query()
  ['utm_source', 'utm_campaign'].each { name ->
    map q.value(name) onto (name == 'utm_source' ? 'source' : 'pageType')
  })";
  EXPECT_THAT(Errors(each), HasSubstr("unsupported operator"));
  const std::string generated = R"(
  def q = (parse location() to uri).query()
  ['utm_source'].each { map q.value(it) onto 'source' }
  def site = 'web'
  map "$site-shop" onto 'channel'
  map 42L onto 'schemaVersion'
  ['sha-256'].each { algorithm -> map digest(algorithm, "seed-$it").result().toHexLower() onto 'pageType' }
  map digest('sha-256', 'seed-null').result().toHexLower() onto 'pseudoSession')";
  EXPECT_EQ(Field(generated, "source"), "\"news\"");
  // §4.3: inside a closure with a declared parameter, `it` is the enclosing mapping's: null.
  EXPECT_NE(Field(generated, "pageType"), "null");
  EXPECT_EQ(Field(generated, "pageType"), Field(generated, "pseudoSession"));
  EXPECT_EQ(Field(generated, "channel"), "\"web-shop\"");
  EXPECT_EQ(Field(generated, "schemaVersion"), "42");
}

// mapping.md §15.6 (without the user agent, which the enrichment module provides).
TEST_F(ScriptMappingTest, DropStopAndConditions) {
  const std::string script = R"(
  when eventType().equalTo('robot') drop()
  when { def r = parse referer() to uri
         r.host().equalTo('www.google.com').or(r.host().equalTo('www.bing.com')) } apply {
    map 'search' onto 'channel'
  }
  when corrupt() apply {
    map true onto 'flag'
    stop()
  }
  map false onto 'flag'
  map eventType() onto 'pageType')";
  values_.event_type = "robot";
  EXPECT_EQ(Map(script), "dropped");
  values_.event_type = "pageView";
  values_.corrupt = true;
  values_.referer = "https://www.google.com/";
  EXPECT_EQ(Field(script, "channel"), "\"search\"");
  EXPECT_EQ(Field(script, "flag"), "true");
  EXPECT_EQ(Field(script, "pageType"), "null");
  values_.corrupt = false;
  values_.referer.reset();
  EXPECT_EQ(Field(script, "channel"), "\"\"");
  EXPECT_EQ(Field(script, "flag"), "false");
  EXPECT_EQ(Field(script, "pageType"), "\"pageView\"");
}

// mapping.md §15.7 (ip2geo is configured there; here it is not, which is its own error).
TEST_F(ScriptMappingTest, StartupErrorsAreReportedTogether) {
  EXPECT_EQ(Errors(R"(mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def geo = ip2geo()
  def u = parse location() to uri
  map u onto 'source'
  map viewportPixelWidth() onto 'source'
  map 42.0 onto 'ratio'
})",
                   false),
            "s:4:13: error: Attempt to use a ip2geo mapping, while the ip2geo lookup database is "
            "not configured.\n"
            "s:6:3: error: Cannot map the result of parse(location() to uri) onto field source: "
            "cannot map an URI directly; map one of its properties.\n"
            "s:7:3: error: Cannot map the result of viewportPixelWidth() onto field source: an int "
            "value cannot be mapped onto a field of type [\"null\",\"string\"]\n"
            "s:8:3: error: Type error. Cannot map literal 42.0 of type BigDecimal. Only primitive "
            "types are allowed. hint: write 42.0D for a double");
}

TEST_F(ScriptMappingTest, NamesAndStatementsAreChecked) {
  EXPECT_EQ(Errors("map lcation() onto 'source'"),
            "s:4:5: error: unknown function 'lcation'; did you mean 'location'?");
  EXPECT_EQ(Errors("map nope onto 'source'"), "s:4:5: error: unknown variable 'nope'");
  EXPECT_EQ(Errors("map location() onto 'nope'"),
            "s:4:1: error: Field nope does not exist in Avro schema; error in mapping location() "
            "onto nope");
  EXPECT_EQ(Errors("map location()"),
            "s:4:1: error: incomplete 'map' statement; expected 'onto <field>'");
  EXPECT_EQ(Errors("map((parse location() to uri).path) onto 'source'"),
            "s:4:31: error: unknown property 'path' on URI; did you mean 'path()'?");
  EXPECT_EQ(Errors("map 42 onto 'ts'"),
            "s:4:1: error: Type mismatch. Cannot map literal 42 of type Integer onto a field of "
            "type \"long\" (type of value and schema of field do not match).");
  EXPECT_EQ(Errors("when location() apply { }"),
            "s:4:1: error: condition must be a boolean value, found string");
  EXPECT_EQ(Errors("map location() onto 'union'"),
            "s:4:1: error: Cannot map the result of location() onto field union: mapping to "
            "non-trivial unions ([\"null\",\"string\",\"int\"]) is not supported");
  EXPECT_EQ(Errors("map location() onto 'ts'\nmap 1 onto 'x'", false),
            "s:1:1: error: 'map' is only available inside mapping { }\n"
            "s:1:1: error: script declares no mapping { } block\n"
            "s:2:1: error: 'map' is only available inside mapping { }");
  EXPECT_EQ(Errors("mapping { map timestamp() onto 'ts' }", false),
            "s:1:1: error: field remoteHost has no default value and is never mapped; every event "
            "would fail");
}

TEST_F(ScriptMappingTest, ARequiredFieldMappedUnderAFalseConditionFailsTheEvent) {
  EXPECT_EQ(Map("mapping { map timestamp() onto 'ts'\n"
                "when location().isPresent() apply { map remoteHost() onto 'remoteHost' } }",
                false),
            "missing remoteHost");
}

// userAgent() and ip2geo() type-check and compile now; until the enrichment module provides
// them, every accessor is absent (the field keeps its default).
TEST_F(ScriptMappingTest, EnrichmentProducersCompileAndAreAbsentUntilEnrichmentLands) {
  request_.AddHeader("User-Agent", "Mozilla/5.0");
  request_.SetUserAgentLine(0);
  values_.user_agent = "Mozilla/5.0";
  ip2geo_configured_ = true;
  const std::string script = R"(
  map userAgent().family() onto 'source'
  map ip2geo().countryCode() onto 'language'
  map ip2geo(header('X-Forwarded-For').first()).cityName() onto 'consent'
  map ip2geo().cityId() onto 'productId'
  when userAgent().type().equalTo('Robot') drop())";
  EXPECT_EQ(Field(script, "source"), "null");
  EXPECT_EQ(Field(script, "language"), "null");
  EXPECT_EQ(Field(script, "productId"), "null");
  EXPECT_EQ(Field(script, "consent"), "null");
  EXPECT_EQ(Errors("map ip2geo().latitude() onto 'source'"),
            "s:4:1: error: Cannot map the result of ip2geo(<remote host IP>).latitude() onto field "
            "source: a double value cannot be mapped onto a field of type [\"null\",\"string\"]");
  EXPECT_EQ(Errors("map userAgent() onto 'source'"),
            "s:4:1: error: Cannot map the result of userAgent() onto field source: cannot map a "
            "user agent directly; map one of its properties instead.");
}

// Equal producers share one node: a URI written twice is parsed once per event (§1.4), and
// values derived from absent ones are absent (§1.3).
TEST_F(ScriptMappingTest, AbsenceEqualityAndConditionsFollowSectionSix) {
  const std::string script = R"(
  map referer().equalTo(location()) onto 'flag'
  when referer().isAbsent().and(location().isAbsent()) apply { map 'both absent' onto 'source' }
  when not(referer().isPresent()) apply { map 'no referer' onto 'pageType' }
  map timestamp().equalTo(5) onto 'classified')";
  EXPECT_EQ(Field(script, "flag"), "true");  // both absent
  EXPECT_EQ(Field(script, "source"), "\"both absent\"");
  EXPECT_EQ(Field(script, "pageType"), "\"no referer\"");
  EXPECT_EQ(Field(script, "classified"), "false");  // a long never equals the Integer 5
  values_.location = "http://a/";
  values_.referer = "http://a/";
  EXPECT_EQ(Field(script, "flag"), "true");
  values_.referer = "http://b/";
  EXPECT_EQ(Field(script, "flag"), "false");
  EXPECT_EQ(Field(script, "source"), "null");
}

// Lists compare element by element with list literals (§6).
TEST_F(ScriptMappingTest, ListsEqualListLiterals) {
  request_.AddHeader("X-Test", "a, b");
  const std::string script = R"(
  map header('X-Test').equalTo(['a', 'b']) onto 'flag'
  map header('X-Test').equalTo(['b', 'a']) onto 'classified')";
  EXPECT_EQ(Field(script, "flag"), "true");
  EXPECT_EQ(Field(script, "classified"), "false");
}

TEST_F(ScriptMappingTest, LiteralsAndLoadTimeArithmetic) {
  const std::string script = R"(
  def n = 2147483647 + 1
  map "${n}" onto 'source'
  map 'a' + 1 + 2.5D + true onto 'pageType'
  map 0x1F + 0b1 + 017 onto 'productId'
  map 1.5D onto 'ratio'
  def list = ['a'] + ['b']
  map "$list" onto 'channel'
  println "loaded $n")";
  EXPECT_EQ(Field(script, "source"), "\"2147483648\"");
  EXPECT_EQ(Field(script, "pageType"), "\"a12.5true\"");
  EXPECT_EQ(Field(script, "productId"), "47");
  EXPECT_EQ(Field(script, "ratio"), "1.5");
  EXPECT_EQ(Field(script, "channel"), "\"[a, b]\"");
}

TEST_F(ScriptMappingTest, AtMostTwentyErrorsAreReported) {
  std::string script;
  for (int i = 0; i < 30; ++i) script += "map nope" + std::to_string(i) + " onto 'source'\n";
  const std::string errors = Errors(script);
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 19);
  EXPECT_THAT(errors, HasSubstr("s:23:5: error: unknown variable 'nope19'"));
}

TEST_F(ScriptMappingTest, CompileTakesTheTextAndNamesItInErrors) {
  auto compiled = ScriptMapping::Compile(*schema_, "inline.groovy",
                                         "mapping {\n  map nope onto 'x'\n}", {.name = "test"});
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(compiled.message(), HasSubstr("inline.groovy:2:7: error: unknown variable 'nope'"));
  compiled = ScriptMapping::Compile(
      *schema_, "inline.groovy",
      "mapping {\n  map timestamp() onto 'ts'\n  map remoteHost() onto 'remoteHost'\n}", {});
  EXPECT_TRUE(compiled.ok()) << compiled.message();
}

}  // namespace
}  // namespace divolte::mapping
