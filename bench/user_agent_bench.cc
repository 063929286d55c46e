// User-agent parsing throughput (issue 6, point 4), one core. Uncached parses cycle over the 1425
// user agents of uap-core's test_ua.yaml (goal: at least 50,000 per second); cached lookups hit a
// warm per-thread LRU cache (goal: at least 10 million per second). The reference benchmark hashes
// the same strings with MurmurHash3, so results can be read as a ratio on this shared machine.
//
// Run: build/release/bench/user_agent_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "base/murmur3.h"
#include "enrich/user_agent_parser.h"
#include "enrich/user_agent_rules.h"
#include "enrich/user_agent_service.h"

namespace divolte {
namespace {

const std::vector<std::string>& TestUserAgents() {
  static const std::vector<std::string> agents = [] {
    std::vector<std::string> out;
    const YAML::Node root = YAML::LoadFile("/usr/share/uap-core/tests/test_ua.yaml");
    for (const YAML::Node& test_case : root["test_cases"]) {
      out.push_back(test_case["user_agent_string"].Scalar());
    }
    return out;
  }();
  return agents;
}

const enrich::UserAgentService& Service() {
  static const std::unique_ptr<enrich::UserAgentService> service = [] {
    auto started =
        enrich::UserAgentService::Start({.regexes_file = "/usr/share/uap-core/regexes.yaml"});
    if (!started.ok()) std::abort();
    return std::move(*started);
  }();
  return *service;
}

const enrich::UserAgentParser& Parser() { return *Service().Current(); }

void BM_Reference_Murmur3(benchmark::State& state) {
  const auto& agents = TestUserAgents();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(base::Murmur3X86_32(agents[i], 0));
    if (++i == agents.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reference_Murmur3);

void BM_UserAgent_UncachedParse(benchmark::State& state) {
  const auto& agents = TestUserAgents();
  auto scratch = Parser().NewScratch();
  enrich::UapResult result;
  size_t i = 0;
  for (auto _ : state) {
    Parser().Parse(agents[i], *scratch, &result);
    benchmark::DoNotOptimize(result.device.family.data());
    if (++i == agents.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UserAgent_UncachedParse);

// Cached lookups as a mapper thread does them: a warm cache holding every one of the 1425 strings,
// visited in turn, so each lookup hashes and compares a different string (no last-result memo).
void BM_UserAgent_CachedLookup(benchmark::State& state) {
  const auto& agents = TestUserAgents();
  enrich::UserAgentLookup lookup(Service(), 2 * agents.size());
  for (const std::string& agent : agents) lookup.Lookup(agent);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(lookup.Lookup(agents[i]).values.data());
    if (++i == agents.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UserAgent_CachedLookup);

}  // namespace
}  // namespace divolte

BENCHMARK_MAIN();
