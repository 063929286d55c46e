#include "mapping/default_mapping.h"

#include <gtest/gtest.h>

#include "avro/datum_json.h"
#include "avro/default_schema.h"
#include "avro/schema.h"
#include "base/strings.h"
#include "enrich/thread_enrichment.h"
#include "enrich/user_agent_service.h"
#include "event/event.h"
#include "event/event_values.h"

namespace divolte::mapping {
namespace {

// protocol.md §6 vector 1 with its checksum.
constexpr std::string_view kVector1Query =
    "p=0%3Ai1t84hgy%3A5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG&s=0%3Ai1t84hgy%3A95CbiPCYln_"
    "1e0a6rFvuRkDkeNnc6KC8&v=0%3A1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF&e=0%3A1fF6GFGjDOQiEx_"
    "OxnTm_tl4BH91eGLF0&c=i1t8q2b6&n=f&f=f&l=http%3A%2F%2Flocalhost%3A8290%2F&i=1ak&j=sj&k=2&w="
    "uq&h=qd&t=pageView&x=si9804";

// The 207-byte encoding of schema.md §4.
constexpr std::string_view kVector1Datum =
    "00000080ddbdecb752e4e89decaa52123132372e302e302e3100022c687474703a2f2f6c6f63616c"
    "686f73743a383239302f02a41102ea0e02981a0286100256303a69317438346867793a3541463335"
    "395a6a71356b55793938753477516a6c495a7a5747684e7e476c470256303a69317438346867793a"
    "39354362695043596c6e5f316530613672467675526b446b654e6e63364b43380244303a31664636"
    "4746476a444f516945785f4f786e546d5f746c344248393165474c46107061676556696577000000"
    "00000000000000";

TEST(DefaultMappingTest, EncodesTheSchemaTestVector) {
  event::Event event;
  ASSERT_EQ(event.query.Decode(kVector1Query), event::QueryStatus::kOk);
  event.arrival_ms = 1416245000000;
  event.remote_host = "127.0.0.1";
  event.party_id = "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG";
  event::EventValues values;
  ASSERT_FALSE(event::ParseBrowserEvent(event, &values).has_value());
  EXPECT_FALSE(values.corrupt);
  std::string datum;
  ASSERT_EQ(DefaultMapping::Encode(values, nullptr, &datum), MapOutcome::kRecord);
  EXPECT_EQ(datum.size(), 207u);
  EXPECT_EQ(base::HexEncode(datum), std::string(kVector1Datum));
}

TEST(DefaultMappingTest, AnEventWithoutTypeGetsUnknown) {
  event::EventValues values;
  values.remote_host = "10.0.0.1";
  values.party_id = "0:1:a";
  values.session_id = "0:1:b";
  std::string datum;
  ASSERT_EQ(DefaultMapping::Encode(values, nullptr, &datum), MapOutcome::kRecord);
  EXPECT_NE(datum.find("\x0eunknown"), std::string::npos);
}

// The mapper fills the nine parsed fields from the thread's user-agent lookup (schema.md §2,
// enrich.md §3.5), and leaves them null without a User-Agent header.
TEST(DefaultMappingTest, MapperFillsTheParsedUserAgentFields) {
  auto service =
      enrich::UserAgentService::Start({.regexes_file = "/usr/share/uap-core/regexes.yaml"});
  ASSERT_TRUE(service.ok()) << service.message();
  enrich::ThreadEnrichmentState enrichment(
      {.user_agent = service->get(), .user_agent_cache_size = 10});
  const auto mapper = DefaultMapping().NewMapper(enrichment.view());
  auto schema = avro::Schema::Parse(avro::DefaultEventRecordSchemaJson(), "built-in");
  ASSERT_TRUE(schema.ok());

  event::EventValues values;
  values.remote_host = "10.0.0.1";
  values.user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Safari/537.36";
  std::string datum, json;
  ASSERT_EQ(mapper->Map(values, &datum), MapOutcome::kRecord);
  ASSERT_TRUE(avro::RenderDatumAsJson(schema->root(), datum, &json));
  EXPECT_NE(json.find(R"("userAgentName":"Chrome","userAgentFamily":"Chrome",)"
                      R"("userAgentVendor":"Google Inc.","userAgentType":"Browser",)"
                      R"("userAgentVersion":"120.0.0.0",)"
                      R"("userAgentDeviceCategory":"Personal computer",)"
                      R"("userAgentOsFamily":"Windows","userAgentOsVersion":"10",)"
                      R"("userAgentOsVendor":"Microsoft Corporation")"),
            std::string::npos)
      << json;

  values.user_agent.reset();
  datum.clear();
  json.clear();
  ASSERT_EQ(mapper->Map(values, &datum), MapOutcome::kRecord);
  ASSERT_TRUE(avro::RenderDatumAsJson(schema->root(), datum, &json));
  EXPECT_NE(json.find(R"("userAgentString":null,"userAgentName":null,)"), std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("userAgentOsVendor":null)"), std::string::npos) << json;
}

}  // namespace
}  // namespace divolte::mapping
