// The enrichment producers of mapping.md §7.8-§7.9 end to end inside the mapping module: every
// userAgent() and ip2geo() accessor, by name, onto a field of its type, read from a real user-agent
// service and a real GeoIP2-shaped database built for the test. This pins the accessor names of
// the compiler (methods.cc) to the fields of the enrich module and to their Avro types.

#include <gtest/gtest.h>

#include <string>

#include "avro/datum_json.h"
#include "avro/schema.h"
#include "enrich/geo_service.h"
#include "enrich/test_util.h"
#include "enrich/thread_enrichment.h"
#include "enrich/user_agent_service.h"
#include "mapping/script_mapping.h"

namespace divolte::mapping {
namespace {

// Every geo accessor with its type (enrich.md §4.3) and the value the test database gives it.
struct GeoAccessor {
  const char* name;
  const char* avro_type;  // JSON
  const char* expected_json;
};

constexpr GeoAccessor kGeoAccessors[] = {
    {"cityId", R"("int")", "2643743"},
    {"cityName", R"("string")", R"("London")"},
    {"continentCode", R"("string")", R"("EU")"},
    {"continentId", R"("int")", "6255148"},
    {"continentName", R"("string")", R"("Europe")"},
    {"countryCode", R"("string")", R"("GB")"},
    {"countryId", R"("int")", "2635167"},
    {"countryName", R"("string")", R"("United Kingdom")"},
    {"latitude", R"("double")", "51.5142"},
    {"longitude", R"("double")", "-0.0931"},
    {"metroCode", R"("int")", "42"},
    {"timeZone", R"("string")", R"("Europe/London")"},
    {"mostSpecificSubdivisionCode", R"("string")", R"("WSM")"},
    {"mostSpecificSubdivisionId", R"("int")", "3333218"},
    {"mostSpecificSubdivisionName", R"("string")", R"("Westminster")"},
    {"postalCode", R"("string")", R"("W1")"},
    {"registeredCountryCode", R"("string")", R"("SE")"},
    {"registeredCountryId", R"("int")", "2661886"},
    {"registeredCountryName", R"("string")", R"("Sweden")"},
    {"representedCountryCode", R"("string")", R"("US")"},
    {"representedCountryId", R"("int")", "6252001"},
    {"representedCountryName", R"("string")", R"("United States")"},
    {"subdivisionCodes", R"({"type": "array", "items": "string"})", R"(["ENG","WSM"])"},
    {"subdivisionIds", R"({"type": "array", "items": "int"})", "[6269131,3333218]"},
    {"subdivisionNames", R"({"type": "array", "items": "string"})", R"(["England","Westminster"])"},
    {"autonomousSystemNumber", R"("int")", "64500"},
    {"autonomousSystemOrganization", R"("string")", R"("Example Networks")"},
    {"domain", R"("string")", R"("example.net")"},
    {"isp", R"("string")", R"("Example ISP")"},
    {"organisation", R"("string")", R"("Example Org")"},
    {"anonymousProxy", R"("boolean")", "true"},
    {"satelliteProvider", R"("boolean")", "false"},
};

constexpr char kDatabase[] = R"({"database_type": "GeoIP2-Enterprise", "records": [{
  "network": "81.2.69.0/24",
  "data": {
    "city": {"geoname_id": 2643743, "names": {"en": "London"}},
    "continent": {"code": "EU", "geoname_id": 6255148, "names": {"en": "Europe"}},
    "country": {"geoname_id": 2635167, "iso_code": "GB", "names": {"en": "United Kingdom"}},
    "location": {"latitude": 51.5142, "longitude": -0.0931, "metro_code": 42,
                 "time_zone": "Europe/London"},
    "postal": {"code": "W1"},
    "registered_country": {"geoname_id": 2661886, "iso_code": "SE", "names": {"en": "Sweden"}},
    "represented_country": {"geoname_id": 6252001, "iso_code": "US",
                            "names": {"en": "United States"}},
    "subdivisions": [{"geoname_id": 6269131, "iso_code": "ENG", "names": {"en": "England"}},
                     {"geoname_id": 3333218, "iso_code": "WSM", "names": {"en": "Westminster"}}],
    "traits": {"autonomous_system_number": 64500,
               "autonomous_system_organization": "Example Networks", "domain": "example.net",
               "isp": "Example ISP", "organization": "Example Org", "is_anonymous_proxy": true}
  }}]})";

// The nine user-agent accessors in the order of the default record (schema.md §2).
constexpr const char* kUserAgentAccessors[] = {"name",     "family",    "vendor",
                                               "type",     "version",   "deviceCategory",
                                               "osFamily", "osVersion", "osVendor"};

std::string Schema() {
  std::string fields = R"({"name": "ts", "type": "long"})";
  for (const GeoAccessor& geo : kGeoAccessors) {
    fields += std::string(R"(, {"name": ")") + geo.name + R"(", "type": ["null", )" +
              geo.avro_type + R"(], "default": null})";
  }
  for (const char* accessor : kUserAgentAccessors) {
    fields += std::string(R"(, {"name": "ua_)") + accessor +
              R"(", "type": ["null", "string"], "default": null})";
  }
  return R"({"type": "record", "name": "Enriched", "fields": [)" + fields + "]}";
}

std::string Script() {
  std::string script = "mapping {\n  map timestamp() onto 'ts'\n  def geo = ip2geo()\n";
  for (const GeoAccessor& geo : kGeoAccessors) {
    script += std::string("  map geo.") + geo.name + "() onto '" + geo.name + "'\n";
  }
  script += "  def ua = userAgent()\n";
  for (const char* accessor : kUserAgentAccessors) {
    script += std::string("  map ua.") + accessor + "() onto 'ua_" + accessor + "'\n";
  }
  return script + "}\n";
}

TEST(EnrichmentProducers, EveryAccessorReadsItsFieldWithItsType) {
  const enrich::testing::TempDir dir;
  ASSERT_TRUE(enrich::testing::MakeTestDatabase(kDatabase, dir.File("city.mmdb")).ok());
  auto geo = enrich::GeoService::Start(dir.File("city.mmdb"));
  ASSERT_TRUE(geo.ok()) << geo.message();
  auto user_agents =
      enrich::UserAgentService::Start({.regexes_file = "/usr/share/uap-core/regexes.yaml"});
  ASSERT_TRUE(user_agents.ok()) << user_agents.message();
  enrich::ThreadEnrichmentState enrichment(
      {.user_agent = user_agents->get(), .user_agent_cache_size = 10, .geo = geo->get()});

  auto schema = avro::Schema::Parse(Schema(), "enriched.avsc");
  ASSERT_TRUE(schema.ok()) << schema.message();
  ASSERT_TRUE(enrich::testing::WriteFile(dir.File("enriched.groovy"), Script()).ok());
  auto mapping = ScriptMapping::Load(*schema, dir.File("enriched.groovy"),
                                     {.name = "test", .ip2geo_configured = true});
  ASSERT_TRUE(mapping.ok()) << mapping.message();
  EXPECT_TRUE((*mapping)->UsesUserAgent());
  const auto mapper = (*mapping)->NewMapper(enrichment.view());

  event::EventValues values;
  values.remote_host = "81.2.69.160";
  values.user_agent = "curl/8.4.0";  // enrich.md §3.5
  std::string datum, json;
  ASSERT_EQ(mapper->Map(values, &datum), MapOutcome::kRecord) << mapper->failure_detail();
  ASSERT_TRUE(avro::RenderDatumAsJson(schema->root(), datum, &json));

  std::string expected = R"({"ts":0)";
  for (const GeoAccessor& accessor : kGeoAccessors) {
    expected += std::string(",\"") + accessor.name + "\":" + accessor.expected_json;
  }
  const char* curl[] = {"curl", "curl", "", "Library", "8.4.0", "Other", "", "", ""};
  for (size_t i = 0; i < std::size(kUserAgentAccessors); ++i) {
    expected += std::string(",\"ua_") + kUserAgentAccessors[i] + "\":\"" + curl[i] + "\"";
  }
  EXPECT_EQ(json, expected + "}");
}

}  // namespace
}  // namespace divolte::mapping
