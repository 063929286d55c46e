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

const enrich::UserAgentParser& Parser() {
  static const std::shared_ptr<const enrich::UserAgentParser> parser = [] {
    auto rules = enrich::LoadUserAgentRules("/usr/share/uap-core/regexes.yaml");
    if (!rules.ok()) std::abort();
    auto compiled = enrich::UserAgentParser::Create(*rules);
    if (!compiled.ok()) std::abort();
    return *compiled;
  }();
  return *parser;
}

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

}  // namespace
}  // namespace divolte

BENCHMARK_MAIN();
