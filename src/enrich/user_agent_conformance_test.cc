// uap-core's own conformance suites (Debian package uap-core) run through our parser (issue 6,
// point 2): every user-agent and OS case must pass, and at least 99% of the device cases. The
// failures are printed so that a rules update can be judged at a glance.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/check.h"
#include "enrich/user_agent_parser.h"
#include "enrich/user_agent_rules.h"

namespace divolte::enrich {
namespace {

constexpr char kRegexes[] = "/usr/share/uap-core/regexes.yaml";
constexpr char kTests[] = "/usr/share/uap-core/tests/";

const UserAgentParser& Parser() {
  static const std::shared_ptr<const UserAgentParser> parser = [] {
    auto rules = LoadUserAgentRules(kRegexes);
    CHECK(rules.ok());
    auto compiled = UserAgentParser::Create(*rules);
    CHECK(compiled.ok());
    return *compiled;
  }();
  return *parser;
}

std::string Expected(const YAML::Node& test_case, const char* key) {
  const YAML::Node value = test_case[key];
  return value && !value.IsNull() ? value.Scalar() : std::string();
}

struct Outcome {
  size_t cases = 0;
  std::vector<std::string> failures;
};

// Runs one conformance file; `actual` picks the compared fields out of a result, in the order of
// `keys`.
template <typename Pick>
Outcome RunSuite(const std::string& file, const std::vector<const char*>& keys, Pick actual) {
  const YAML::Node root = YAML::LoadFile(std::string(kTests) + file);
  auto scratch = Parser().NewScratch();
  Outcome outcome;
  UapResult result;
  for (const YAML::Node& test_case : root["test_cases"]) {
    const std::string user_agent = test_case["user_agent_string"].Scalar();
    Parser().Parse(user_agent, *scratch, &result);
    const std::vector<std::string> got = actual(result);
    ++outcome.cases;
    std::string mismatch;
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::string want = Expected(test_case, keys[i]);
      if (got[i] != want) {
        mismatch += std::string(" ") + keys[i] + ": want '" + want + "' got '" + got[i] + "'";
      }
    }
    if (!mismatch.empty()) outcome.failures.push_back(user_agent + " =>" + mismatch);
  }
  return outcome;
}

void Report(const char* suite, const Outcome& outcome) {
  std::printf("%s: %zu of %zu cases pass\n", suite, outcome.cases - outcome.failures.size(),
              outcome.cases);
  for (const std::string& failure : outcome.failures) std::printf("  FAIL %s\n", failure.c_str());
}

TEST(UserAgentConformance, EveryUserAgentCase) {
  const Outcome outcome =
      RunSuite("test_ua.yaml", {"family", "major", "minor", "patch"}, [](const UapResult& r) {
        return std::vector<std::string>{r.user_agent.family, r.user_agent.major, r.user_agent.minor,
                                        r.user_agent.patch};
      });
  Report("test_ua.yaml", outcome);
  EXPECT_EQ(outcome.cases, 1425u);
  EXPECT_TRUE(outcome.failures.empty());
}

TEST(UserAgentConformance, EveryOsCase) {
  const Outcome outcome = RunSuite(
      "test_os.yaml", {"family", "major", "minor", "patch", "patch_minor"}, [](const UapResult& r) {
        return std::vector<std::string>{r.os.family, r.os.major, r.os.minor, r.os.patch,
                                        r.os.patch_minor};
      });
  Report("test_os.yaml", outcome);
  EXPECT_EQ(outcome.cases, 456u);
  EXPECT_TRUE(outcome.failures.empty());
}

TEST(UserAgentConformance, NinetyNinePercentOfDeviceCases) {
  const Outcome outcome =
      RunSuite("test_device.yaml", {"family", "brand", "model"}, [](const UapResult& r) {
        return std::vector<std::string>{r.device.family, r.device.brand, r.device.model};
      });
  Report("test_device.yaml", outcome);
  EXPECT_EQ(outcome.cases, 16111u);
  EXPECT_GE(static_cast<double>(outcome.cases - outcome.failures.size()),
            0.99 * static_cast<double>(outcome.cases));
}

}  // namespace
}  // namespace divolte::enrich
