// IP geolocation throughput (enrich.md §4): lookups per second on one core, against a City-shaped
// test database of 1,000 networks (900 IPv4, 100 IPv6) built at start by
// tests/testutil/make_test_mmdb.pl. Each benchmark cycles over 4,096 addresses, about 3/4 hits.
// Goal of the issue: >= 2 million lookups per second per core. The reference benchmark hashes the
// same address strings with std::hash, so that results can be read as a ratio on this shared
// machine.
//
// Run: build/release/bench/geo_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "enrich/geo_database.h"
#include "enrich/test_util.h"

namespace divolte {
namespace {

constexpr int kIpv4Networks = 900;
constexpr int kIpv6Networks = 100;
constexpr int kCities = 50;
constexpr size_t kAddresses = 4096;
constexpr int kCountryCode = 5, kCityName = 1, kLatitude = 8;

// A City record as MaxMind ships them: names in eight languages, two subdivisions.
std::string CityRecord(int city) {
  const std::string n = std::to_string(city);
  std::string names;
  for (const char* lang : {"de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-CN"}) {
    names +=
        std::string(names.empty() ? "" : ",") + "\"" + lang + "\":\"City " + n + " " + lang + "\"";
  }
  return R"({"city":{"geoname_id":)" + std::to_string(2643743 + city) + R"(,"names":{)" + names +
         R"(}},"continent":{"code":"EU","geoname_id":6255148,"names":{"en":"Europe","de":"Europa"}},)"
         R"("country":{"geoname_id":2635167,"iso_code":"GB","names":{"en":"United Kingdom",)"
         R"("de":"Vereinigtes Königreich","fr":"Royaume-Uni"}},"location":{"accuracy_radius":50,)"
         R"("latitude":51.5)" +
         n +
         R"(,"longitude":-0.09,"time_zone":"Europe/London"},)"
         R"("postal":{"code":"EC)" +
         n +
         R"("},"registered_country":{"geoname_id":2635167,)"
         R"("iso_code":"GB","names":{"en":"United Kingdom"}},"subdivisions":[{"geoname_id":6269131,)"
         R"("iso_code":"ENG","names":{"en":"England"}},{"geoname_id":)" +
         std::to_string(3333000 + city) + R"(,"iso_code":"S)" + n + R"(","names":{"en":"Sub )" + n +
         R"("}}]})";
}

std::string Ipv4Network(int i) {
  return std::to_string(1 + i % 200) + "." + std::to_string((i / 200) * 40) + ".0.0/16";
}
std::string Ipv6Network(int i) { return "2a00:" + std::to_string(100 + i) + "::/32"; }

std::string DatabaseJson() {
  std::string records;
  for (int i = 0; i < kIpv4Networks + kIpv6Networks; ++i) {
    const std::string network = i < kIpv4Networks ? Ipv4Network(i) : Ipv6Network(i - kIpv4Networks);
    records += std::string(records.empty() ? "" : ",") + R"({"network":")" + network +
               R"(","data":)" + CityRecord(i % kCities) + "}";
  }
  return R"({"database_type":"GeoIP2-City","records":[)" + records + "]}";
}

// Builds the database once; aborts on failure.
const enrich::GeoDatabase& Database() {
  static const std::shared_ptr<const enrich::GeoDatabase> database = [] {
    const enrich::testing::TempDir dir;
    const base::Status made =
        enrich::testing::MakeTestDatabase(DatabaseJson(), dir.File("db.mmdb"));
    auto opened = made.ok() ? enrich::GeoDatabase::Open(dir.File("db.mmdb"))
                            : base::Result<std::shared_ptr<const enrich::GeoDatabase>>(made);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.message().c_str());
      std::abort();
    }
    return opened.value();
  }();
  return *database;
}

// IPv4: 3/4 inside a network, 1/4 in the unused /16s between them.
std::vector<std::string> Ipv4Addresses() {
  std::mt19937 random(42);
  std::vector<std::string> addresses;
  for (size_t i = 0; i < kAddresses; ++i) {
    const int network = static_cast<int>(random() % kIpv4Networks);
    const int second =
        (network / 200) * 40 + (i % 4 == 3 ? 1 + static_cast<int>(random() % 39) : 0);
    addresses.push_back(std::to_string(1 + network % 200) + "." + std::to_string(second) + "." +
                        std::to_string(random() % 256) + "." + std::to_string(random() % 256));
  }
  return addresses;
}

std::vector<std::string> Ipv6Addresses() {
  std::mt19937 random(43);
  std::vector<std::string> addresses;
  char text[64];
  for (size_t i = 0; i < kAddresses; ++i) {
    const int network = 100 + static_cast<int>(random() % (i % 4 == 3 ? 1000 : kIpv6Networks));
    std::snprintf(text, sizeof(text), "2a00:%d:%x:%x::%x", network, unsigned(random() % 65536),
                  unsigned(random() % 65536), unsigned(random() % 65536));
    addresses.push_back(text);
  }
  return addresses;
}

void RunLookups(benchmark::State& state, const std::vector<std::string>& addresses) {
  const enrich::GeoDatabase& database = Database();
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    const std::optional<enrich::GeoEntry> entry = database.Lookup(addresses[i]);
    hits += entry.has_value();
    benchmark::DoNotOptimize(entry);
    i = (i + 1) % addresses.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["hit_ratio"] = double(hits) / double(std::max<int64_t>(state.iterations(), 1));
}

void BM_Geo_LookupIpv4(benchmark::State& state) { RunLookups(state, Ipv4Addresses()); }
BENCHMARK(BM_Geo_LookupIpv4);

void BM_Geo_LookupIpv6(benchmark::State& state) { RunLookups(state, Ipv6Addresses()); }
BENCHMARK(BM_Geo_LookupIpv6);

// The hot use: one lookup, then three fields (a miss reads nothing).
void BM_Geo_LookupAndThreeFields(benchmark::State& state) {
  const enrich::GeoDatabase& database = Database();
  const std::vector<std::string> addresses = Ipv4Addresses();
  enrich::GeoField field;
  size_t i = 0;
  for (auto _ : state) {
    const std::optional<enrich::GeoEntry> entry = database.Lookup(addresses[i]);
    if (entry) {
      for (int index : {kCountryCode, kCityName, kLatitude}) {
        database.ReadField(*entry, index, &field);
        benchmark::DoNotOptimize(field);
      }
    }
    i = (i + 1) % addresses.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Geo_LookupAndThreeFields);

// One field of a hit, the unit cost of ReadField.
void BM_Geo_ReadOneField(benchmark::State& state) {
  const enrich::GeoDatabase& database = Database();
  const std::optional<enrich::GeoEntry> entry = database.Lookup("1.0.1.2");
  if (!entry) std::abort();
  enrich::GeoField field;
  for (auto _ : state) {
    database.ReadField(*entry, kCityName, &field);
    benchmark::DoNotOptimize(field);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Geo_ReadOneField);

// Reference: std::hash of the same IPv4 address strings, a fixed amount of CPU work.
void BM_Reference_StdHashOfAddress(benchmark::State& state) {
  const std::vector<std::string> addresses = Ipv4Addresses();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::hash<std::string>()(addresses[i]));
    i = (i + 1) % addresses.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reference_StdHashOfAddress);

}  // namespace
}  // namespace divolte

BENCHMARK_MAIN();
