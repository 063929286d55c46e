// Mapping throughput (issue 4, point 7): events per second on one core for the built-in default
// mapping, with Avro encoding. The reference benchmark hashes the same query with MurmurHash3 (the
// checksum's own work) so that results can be read as a ratio on this shared, noisy machine.
//
// Run: build/release/bench/mapping_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "base/murmur3.h"
#include "enrich/thread_enrichment.h"
#include "enrich/user_agent_service.h"
#include "event/event.h"
#include "event/event_values.h"
#include "mapping/default_mapping.h"
#include "mapping/script_mapping.h"

namespace divolte {
namespace {

// bench/make_request.py: a realistic beacon with a valid checksum.
constexpr std::string_view kQuery =
    "p=0%3Alb7k2xqe%3AWn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu&s=0%3Alb7k2xqf%3AHq6Tz1Nw8Kc3Vb5Mx2Ry9Lp4"
    "Sd7Gf0Ja&v=0%3APc4Lx8Wq2Zn6Tb1Ym5Rv9Kd3Hs7Fg0Je&e=0%3APc4Lx8Wq2Zn6Tb1Ym5Rv9Kd3Hs7Fg0Je0&c="
    "lb7k2xqg&n=f&f=f&l=https%3A%2F%2Fshop.example.com%2Fgarden%2Fchairs%3Fpage%3D2&r=https%3A%2F"
    "%2Fwww.google.com%2F&i=1ak&j=sj&k=2&w=uq&h=qd&t=pageView&x=pbs60";
constexpr std::string_view kUserAgent =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Safari/537.36";

event::Event MakeEvent() {
  event::Event event;
  if (event.query.Decode(kQuery) != event::QueryStatus::kOk) std::abort();
  event.arrival_ms = 1700000000000;
  event.remote_host = "192.0.2.17";
  event.party_id = "0:lb7k2xqe:Wn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu";
  event.AddHeader("User-Agent", kUserAgent);
  event.SetUserAgentLine(0);
  return event;
}

// The shipped uap-core rules, as the collector loads them for the default mapping.
const enrich::UserAgentService& UserAgents() {
  static const std::unique_ptr<enrich::UserAgentService> service = [] {
    auto started =
        enrich::UserAgentService::Start({.regexes_file = "/usr/share/uap-core/regexes.yaml"});
    if (!started.ok()) std::abort();
    return std::move(*started);
  }();
  return *service;
}

// The mapper's whole per-event work for the default mapping: read the event's values (checksum
// included), look the user agent up in the thread's cache (a hit: a site's visitors repeat a few
// thousand user agents) and encode the DefaultEventRecord datum with all 26 fields.
void BM_DefaultMapping_ParseAndEncode(benchmark::State& state) {
  event::Event event = MakeEvent();
  std::string datum;
  enrich::ThreadEnrichmentState enrichment(
      {.user_agent = &UserAgents(), .user_agent_cache_size = 1000});
  const auto mapper = mapping::DefaultMapping().NewMapper(enrichment.view());
  for (auto _ : state) {
    event::EventValues values;
    if (event::ParseBrowserEvent(event, &values).has_value()) std::abort();
    datum.clear();
    if (mapper->Map(values, &datum) != mapping::MapOutcome::kRecord) std::abort();
    benchmark::DoNotOptimize(datum.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DefaultMapping_ParseAndEncode);

// Encoding alone, from values already read, without the parsed user-agent fields.
void BM_DefaultMapping_EncodeOnly(benchmark::State& state) {
  event::Event event = MakeEvent();
  event::EventValues values;
  if (event::ParseBrowserEvent(event, &values).has_value()) std::abort();
  std::string datum;
  for (auto _ : state) {
    datum.clear();
    if (mapping::DefaultMapping::Encode(values, nullptr, &datum) != mapping::MapOutcome::kRecord) {
      std::abort();
    }
    benchmark::DoNotOptimize(datum.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DefaultMapping_EncodeOnly);

// Parse + map + encode per event through the compiled script `script_file` of bench/mapping/
// (schema forty_statements.avsc), on the beacon with an Accept-Language header and cookies.
void RunScript(benchmark::State& state, const std::string& script_file) {
  const std::string dir = DIVOLTE_BENCH_MAPPING_DIR;
  auto schema = avro::Schema::Load(dir + "/forty_statements.avsc");
  if (!schema.ok()) std::abort();
  auto mapping = mapping::ScriptMapping::Load(*schema, dir + "/" + script_file, {.name = "bench"});
  if (!mapping.ok()) {
    state.SkipWithError(mapping.message().c_str());
    return;
  }
  const auto mapper = (*mapping)->NewMapper(enrich::ThreadEnrichment{});
  event::Event event = MakeEvent();
  event.AddHeader("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
  event.AddHeader("Cookie", "consent=yes; _dvp=0:lb7k2xqe:Wn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu");
  std::string datum;
  for (auto _ : state) {
    event::EventValues values;
    if (event::ParseBrowserEvent(event, &values).has_value()) std::abort();
    datum.clear();
    if (mapper->Map(values, &datum) != mapping::MapOutcome::kRecord) std::abort();
    benchmark::DoNotOptimize(datum.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// A 40-statement script: URI and query parsing, a regex, two digests (one seeded), headers,
// cookies and conditions.
void BM_ScriptMapping_FortyStatements(benchmark::State& state) {
  RunScript(state, "forty_statements.groovy");
}
BENCHMARK(BM_ScriptMapping_FortyStatements);

// The default mapping's fields written as a script, to compare the compiled script's overhead
// with the hand-written encoder.
void BM_ScriptMapping_DefaultFieldsAsScript(benchmark::State& state) {
  RunScript(state, "default_fields.groovy");
}
BENCHMARK(BM_ScriptMapping_DefaultFieldsAsScript);

// Reference: MurmurHash3 x86 32 of the raw query, a fixed amount of CPU work per iteration.
void BM_Reference_Murmur3OfQuery(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(base::Murmur3X86_32(kQuery, 0));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reference_Murmur3OfQuery);

}  // namespace
}  // namespace divolte

BENCHMARK_MAIN();
