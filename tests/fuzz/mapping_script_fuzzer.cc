// Mapping scripts (mapping.md): the lexer and parser (module script), then the load-time
// evaluation and type check against an Avro schema (module mapping), then the compiled program
// run on two fixed events. Input: a script, optionally preceded by the text of its schema and a
// line `@@@@` (as the seeds from tests/mapping/corpus are); without one, or when that schema
// does not parse, the script is compiled against the built-in DefaultEventRecord schema.
//
// Invariants: a script that parses prints (ast_printer.h) to text that parses to the same tree;
// every record a compiled script produces is a well-formed datum of its schema.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "avro/datum_json.h"
#include "avro/default_schema.h"
#include "avro/schema.h"
#include "base/check.h"
#include "base/log.h"
#include "enrich/thread_enrichment.h"
#include "event/event.h"
#include "event/event_values.h"
#include "event/json_value.h"
#include "event/mincode.h"
#include "mapping/script_mapping.h"
#include "script/ast_printer.h"
#include "script/parser.h"

namespace {

namespace event = divolte::event;

constexpr std::string_view kSeparator = "\n@@@@\n";

// A browser event with every value set, and a JSON event with parameters.
struct Events {
  Events() {
    request.AddHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Firefox/115.0");
    request.AddHeader("Cookie", "_dvp=0:i1t84hgy:party; consent=\"yes\"; theme=dark");
    request.AddHeader("Accept-Language", "nl-NL,nl;q=0.9, en;q=0.5");
    request.AddHeader("X-Forwarded-For", "192.0.2.1, 198.51.100.7");
    request.AddHeader("X-Custom", "a");
    request.AddHeader("x-custom", "b, \"c, d\"");
    request.SetUserAgentLine(0);
    browser.request = &request;
    browser.timestamp = 1416245000000;
    browser.client_timestamp = 1416244999000;
    browser.remote_host = "192.0.2.10";
    browser.party_id = "0:i1t84hgy:party";
    browser.session_id = "0:i1t84hgy:session";
    browser.event_id = "0:eventId";
    browser.page_view_id = "0:pageView";
    browser.event_type = "pageView";
    browser.location =
        "https://user@www.example.com:8080/products/42;x?utm_source=news&tag=a&tag=b%20c#top";
    browser.referer = "http://example.org/search?q=divolte&lang=nl";
    browser.user_agent = request.user_agent();
    browser.viewport_width = 1280;
    browser.viewport_height = 720;
    browser.screen_width = 1920;
    browser.screen_height = 1080;
    browser.device_pixel_ratio = 2;
    browser.first_in_session = true;
    browser.mincode_parameters =
        "(sfoo!hello!dbar!16!aitems!(ssku!a1!dqty!2!)(ssku!b2!jprice!1.5!).tflag!nnothing!jratio!0."
        "25!)";
    json = browser;
    json.location.reset();
    json.referer.reset();
    json.page_view_id.reset();
    json.mincode_parameters.reset();
    auto decoded = event::DecodeMincode(
        "(schannel!google!aitems!(ssku!x!dqty!1!).(deep!(er!aa!o.))dbig!1y2p0ij32e8e7!)");
    CHECK(decoded.has_value() && event::DecodeMincode(*browser.mincode_parameters).has_value());
    parameters = std::move(*decoded);
    json.json_parameters = &parameters;
    json.corrupt = false;
  }

  event::Event request;
  event::EventValues browser;
  event::EventValues json;
  event::JsonValue parameters;
};

const divolte::avro::Schema& DefaultSchema() {
  static const divolte::avro::Schema schema = [] {
    auto parsed =
        divolte::avro::Schema::Parse(divolte::avro::DefaultEventRecordSchemaJson(), "default");
    CHECK(parsed.ok());
    return std::move(parsed).value();
  }();
  return schema;
}

void CheckPrintedTree(std::string_view text) {
  const auto parsed = divolte::script::Parse(text);
  if (!parsed.errors.empty()) return;
  const std::string printed = divolte::script::PrintScript(parsed.script);
  const auto reparsed = divolte::script::Parse(printed);
  CHECK(reparsed.errors.empty());
  CHECK(divolte::script::PrintScript(reparsed.script) == printed);
}

// A seeded digest derives its key with 100000 PBKDF2 iterations when the script is compiled
// (mapping.md §7.9), a deliberate cost of a fraction of a second under ASan: scripts that may
// derive more than one key are parsed and printed but not compiled, so that the fuzzer's timeout
// reports only real hangs.
bool MayDeriveSeveralKeys(std::string_view script) {
  const size_t first = script.find("digest");
  if (first == std::string_view::npos) return false;
  return script.find("digest", first + 1) != std::string_view::npos ||
         script.find("each") != std::string_view::npos;
}

void RunMapping(const divolte::avro::Schema& schema, std::string_view script) {
  static const Events events;
  if (MayDeriveSeveralKeys(script)) return;
  auto mapping = divolte::mapping::ScriptMapping::Compile(
      schema, "fuzz.groovy", script, {.name = "fuzz", .ip2geo_configured = false});
  if (!mapping.ok()) return;
  auto mapper = (*mapping)->NewMapper(divolte::enrich::ThreadEnrichment{});
  for (const event::EventValues* values : {&events.browser, &events.json}) {
    std::string datum;
    if (mapper->Map(*values, &datum) != divolte::mapping::MapOutcome::kRecord) continue;
    std::string json;
    CHECK(divolte::avro::RenderDatumAsJson(schema.root(), datum, &json));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    divolte::base::SetLogLevel(divolte::base::LogLevel::kError);
    return true;
  }();
  (void)quiet;
  std::string_view script(reinterpret_cast<const char*>(data), size);
  std::optional<divolte::avro::Schema> own_schema;
  if (const size_t separator = script.find(kSeparator); separator != std::string_view::npos) {
    auto parsed = divolte::avro::Schema::Parse(script.substr(0, separator), "fuzz.avsc");
    if (parsed.ok()) own_schema.emplace(std::move(parsed).value());
    script.remove_prefix(separator + kSeparator.size());
  }
  CheckPrintedTree(script);
  RunMapping(own_schema ? *own_schema : DefaultSchema(), script);
  return 0;
}
