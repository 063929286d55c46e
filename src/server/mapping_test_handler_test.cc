// The mapping test tool's answers (mapping.md §16), with the built-in mapping and schema and with
// a fake mapping for the outcomes the built-in one never has.
#include "server/mapping_test_handler.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "avro/default_schema.h"
#include "mapping/default_mapping.h"

namespace divolte::server {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

avro::Schema DefaultSchema() {
  auto schema = avro::Schema::Parse(avro::DefaultEventRecordSchemaJson(), "default");
  EXPECT_TRUE(schema.ok()) << schema.message();
  return std::move(schema).value();
}

struct Answer {
  int status = 0;
  std::string head;
  std::string body;
};

Answer Post(http::Handler& handler, std::string_view body,
            std::vector<http::HeaderField> headers = {}) {
  http::PeerAddress peer;
  auto* address = reinterpret_cast<sockaddr_in*>(&peer.storage);
  address->sin_family = AF_INET;
  address->sin_addr.s_addr = htonl(0x7f000001);
  peer.length = sizeof(sockaddr_in);
  http::Request request;
  request.method = http::Verb::post;
  request.path = "/any/path";
  request.headers = headers;
  request.body = body;
  request.peer = &peer;
  std::string out;
  http::Response response(&out, 11, true);
  handler.Handle(request, response);
  const size_t head_end = out.find("\r\n\r\n");
  return {response.status(), out.substr(0, head_end), out.substr(head_end + 4)};
}

class MappingTestHandlerTest : public ::testing::Test {
 protected:
  avro::Schema schema_ = DefaultSchema();
  mapping::DefaultMapping mapping_;
  MappingTestHandler handler_{schema_, mapping_};
};

TEST_F(MappingTestHandlerTest, AnswersTheRecordAsJsonInSchemaOrder) {
  const Answer answer =
      Post(handler_,
           R"({"location": "http://example.com/", "event_type": "click", "corrupt": true,
               "viewport_pixel_width": 800, "party_id": "0:i1t84hgy:p"})",
           {{http::Field::user_agent, "User-Agent", "Mozilla/5.0"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_THAT(answer.head, HasSubstr("\r\nContent-Type: application/json\r\n"));
  EXPECT_THAT(answer.body, StartsWith(R"({"detectedDuplicate":false,"detectedCorruption":true,)"
                                      R"("firstInSession":false,"timestamp":)"));
  const auto record = nlohmann::ordered_json::parse(answer.body);
  EXPECT_EQ(record["remoteHost"], "127.0.0.1");  // the peer
  EXPECT_EQ(record["location"], "http://example.com/");
  EXPECT_EQ(record["referer"], nullptr);
  EXPECT_EQ(record["viewportPixelWidth"], 800);
  EXPECT_EQ(record["partyId"], "0:i1t84hgy:p");
  EXPECT_EQ(record["eventType"], "click");
  EXPECT_EQ(record["userAgentString"], "Mozilla/5.0");
  EXPECT_EQ(record["timestamp"], record["clientTimestamp"]);
  EXPECT_EQ(record.size(), 26U);
  EXPECT_EQ(record.begin().key(), "detectedDuplicate");
}

TEST_F(MappingTestHandlerTest, BadBodiesAnswer400WithTheReason) {
  Answer answer = Post(handler_, "{\"location\": ");
  EXPECT_EQ(answer.status, 400);
  EXPECT_THAT(answer.head, HasSubstr("Content-Type: text/plain; charset=utf-8"));
  EXPECT_THAT(answer.body, StartsWith("Invalid JSON: "));
  answer = Post(handler_, "[1]");
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body, "The body must be a JSON object.\n");
  answer = Post(handler_, R"({"screen_pixel_width": "wide"})");
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body, "'screen_pixel_width' must be a 32-bit integer.\n");
}

// A mapping that answers a fixed outcome (and datum), for the outcomes of scripts.
class FakeMapping final : public mapping::Mapping {
 public:
  FakeMapping(mapping::MapOutcome outcome, std::string datum, std::string detail)
      : outcome_(outcome), datum_(std::move(datum)), detail_(std::move(detail)) {}
  std::unique_ptr<mapping::Mapper> NewMapper(const enrich::ThreadEnrichment&) const override {
    return std::make_unique<FakeMapper>(*this);
  }

 private:
  class FakeMapper final : public mapping::Mapper {
   public:
    explicit FakeMapper(const FakeMapping& mapping) : mapping_(mapping) {}
    mapping::MapOutcome Map(const event::EventValues&, std::string* datum) override {
      datum->append(mapping_.datum_);
      return mapping_.outcome_;
    }
    std::string_view failure_detail() const override { return mapping_.detail_; }

   private:
    const FakeMapping& mapping_;
  };

  mapping::MapOutcome outcome_;
  std::string datum_;
  std::string detail_;
};

Answer PostTo(const avro::Schema& schema, const FakeMapping& mapping) {
  MappingTestHandler handler(schema, mapping);
  return Post(handler, "{}");
}

TEST(MappingTestHandlerOutcomeTest, DroppedEventsAnswerNull) {
  const avro::Schema schema = DefaultSchema();
  const Answer answer = PostTo(schema, FakeMapping(mapping::MapOutcome::kDropped, "", ""));
  EXPECT_EQ(answer.status, 200);
  EXPECT_THAT(answer.head, HasSubstr("Content-Type: application/json"));
  EXPECT_EQ(answer.body, "null");
}

TEST(MappingTestHandlerOutcomeTest, RecordsThatCannotBeBuiltAnswer422WithTheReason) {
  const avro::Schema schema = DefaultSchema();
  Answer answer = PostTo(schema, FakeMapping(mapping::MapOutcome::kMissingField, "", "sessionId"));
  EXPECT_EQ(answer.status, 422);
  EXPECT_THAT(answer.head, HasSubstr("Content-Type: text/plain"));
  EXPECT_EQ(answer.body,
            "The record cannot be built: field 'sessionId' has no value and no "
            "default.\n");
  answer = PostTo(schema, FakeMapping(mapping::MapOutcome::kInternalError, "", "regex failed"));
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.body, "The record cannot be built: regex failed\n");
}

TEST(MappingTestHandlerOutcomeTest, DatumsTheSchemaCannotReadAnswer500) {
  const avro::Schema schema = DefaultSchema();
  const Answer answer = PostTo(schema, FakeMapping(mapping::MapOutcome::kRecord, "\x01", ""));
  EXPECT_EQ(answer.status, 500);
  EXPECT_THAT(answer.body, EndsWith("\n"));
}

}  // namespace
}  // namespace divolte::server
