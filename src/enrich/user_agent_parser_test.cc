// The parser's own rules (enrich.md §3.1-§3.2) on small rule files written by the tests; the
// full uap-core rules are exercised by user_agent_conformance_test.cc.

#include "enrich/user_agent_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/check.h"
#include "enrich/test_util.h"
#include "enrich/user_agent_rules.h"

namespace divolte::enrich {
namespace {

// A rules file in a temporary directory of its own.
class RulesFile {
 public:
  explicit RulesFile(const std::string& text) { CHECK(testing::WriteFile(path(), text).ok()); }
  std::string path() const { return dir_.File("regexes.yaml"); }

 private:
  testing::TempDir dir_;
};

std::shared_ptr<const UserAgentParser> Compile(const std::string& yaml) {
  RulesFile file(yaml);
  auto rules = LoadUserAgentRules(file.path());
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.message());
  if (!rules.ok()) return nullptr;
  auto parser = UserAgentParser::Create(*rules);
  EXPECT_TRUE(parser.ok());
  return parser.ok() ? *parser : nullptr;
}

UapResult Parse(const UserAgentParser& parser, std::string_view user_agent) {
  auto scratch = parser.NewScratch();
  UapResult result;
  parser.Parse(user_agent, *scratch, &result);
  return result;
}

constexpr char kRules[] = R"(
user_agent_parsers:
  - regex: '(Foo)Browser/(\d+)\.(\d+)'
  - regex: 'Bar/(\d+)'
    family_replacement: 'Bar $1 Edition'
    v1_replacement: '  $1  '
  - regex: '(Baz)(?:/(\d+)|)'
  - regex: 'QUX'
    regex_flag: 'i'
    family_replacement: 'Qux'
  - regex: 'abc.{2}def'
    family_replacement: 'Wide'
  - regex: '(Foo)'
    family_replacement: 'Second Foo'
os_parsers:
  - regex: '(Win) (\d+)\.(\d+)\.(\d+)\.(\d+)'
  - regex: 'Blank(\s*)OS'
    os_replacement: '$1'
device_parsers:
  - regex: '; (Phone) (\w+)'
    brand_replacement: 'Maker'
    model_replacement: '$2 $9'
  - regex: '(Gadget)'
)";

TEST(UserAgentParser, FirstMatchingRuleInListOrderWins) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  const UapResult result = Parse(*parser, "x FooBrowser/12.34 y");
  EXPECT_EQ(result.user_agent.family, "Foo");
  EXPECT_EQ(result.user_agent.major, "12");
  EXPECT_EQ(result.user_agent.minor, "34");
  EXPECT_EQ(result.user_agent.patch, "");
  // Only the later rule matches.
  EXPECT_EQ(Parse(*parser, "Foo").user_agent.family, "Second Foo");
}

TEST(UserAgentParser, ReplacementsSubstituteGroupsAndAreTrimmed) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  const UapResult result = Parse(*parser, "Bar/7");
  EXPECT_EQ(result.user_agent.family, "Bar 7 Edition");
  EXPECT_EQ(result.user_agent.major, "7");
  // A group that did not participate is missing; a replacement that trims to nothing too.
  EXPECT_EQ(Parse(*parser, "Baz").user_agent.major, "");
  EXPECT_EQ(Parse(*parser, "Baz/3").user_agent.major, "3");
  EXPECT_EQ(Parse(*parser, "Blank   OS").os.family, "Other");
}

TEST(UserAgentParser, CaseInsensitiveFlag) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(Parse(*parser, "a qux b").user_agent.family, "Qux");
  EXPECT_EQ(Parse(*parser, "a fOObrowser/1.2").user_agent.family, "Other");
}

TEST(UserAgentParser, FiveOsGroupsAndDeviceDefaults) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  const UapResult result = Parse(*parser, "Win 10.1.2.3; Phone X1");
  EXPECT_EQ(result.os.family, "Win");
  EXPECT_EQ(result.os.major, "10");
  EXPECT_EQ(result.os.patch_minor, "3");
  EXPECT_EQ(result.device.family, "Phone");
  EXPECT_EQ(result.device.brand, "Maker");
  EXPECT_EQ(result.device.model, "X1");  // $9 did not exist: empty, then trimmed
  const UapResult gadget = Parse(*parser, "Gadget");
  EXPECT_EQ(gadget.device.family, "Gadget");
  EXPECT_EQ(gadget.device.model, "Gadget");
  EXPECT_EQ(gadget.device.brand, "");
}

TEST(UserAgentParser, NothingMatchesGivesOther) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  const UapResult result = Parse(*parser, "nothing here");
  EXPECT_EQ(result.user_agent.family, "Other");
  EXPECT_EQ(result.os.family, "Other");
  EXPECT_EQ(result.device.family, "Other");
  EXPECT_EQ(result.device.model, "");
}

// Input that is not valid UTF-8 cannot go through the prefilter; it is matched against every rule
// and gives what RE2 alone gives. Multi-byte characters count as one for `.` in both paths.
TEST(UserAgentParser, NonUtf8AndMultiByteInput) {
  const auto parser = Compile(kRules);
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(Parse(*parser, "\xff\xfe FooBrowser/1.2").user_agent.family, "Foo");
  EXPECT_EQ(Parse(*parser,
                  "abc\xc3\xa9\xc3\xa9"
                  "def")
                .user_agent.family,
            "Wide");
  EXPECT_EQ(Parse(*parser,
                  "abc\xc3\xa9"
                  "def")
                .user_agent.family,
            "Other");
}

TEST(UserAgentParser, PatternRe2CannotCompileIsSkipped) {
  const auto parser = Compile(R"(
user_agent_parsers:
  - regex: '(?<=x)(Look)'
  - regex: '(Look)behind'
    family_replacement: 'Fallback'
os_parsers: []
device_parsers: []
)");
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(Parse(*parser, "xLookbehind").user_agent.family, "Fallback");
}

TEST(UserAgentParser, RelaxForPrefilter) {
  EXPECT_EQ(RelaxForPrefilter("a.{0,200}b[x{1,2}]c{3}d{2,5}"), "a.{0,}b[x{1,2}]c{3}d{2,}");
  EXPECT_EQ(RelaxForPrefilter(R"(\{1,2\}x{1,2})"), R"(\{1,2\}x{1,})");
  EXPECT_EQ(RelaxForPrefilter("[]{1,2}]{1,2}"), "[]{1,2}]{1,}");
  EXPECT_EQ(RelaxForPrefilter("^a(b|^c)d$|e$"), "^a(b|c)d|e$");
  EXPECT_EQ(RelaxForPrefilter("[^^]x"), "[^^]x");
}

TEST(UserAgentRules, ErrorsNameTheFile) {
  RulesFile broken("user_agent_parsers:\n  - regex: [unclosed\n");
  auto rules = LoadUserAgentRules(broken.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.message().find(broken.path() + ":"), std::string::npos) << rules.message();

  RulesFile missing_list("user_agent_parsers: []\nos_parsers: []\n");
  rules = LoadUserAgentRules(missing_list.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.message().find("device_parsers"), std::string::npos) << rules.message();

  rules = LoadUserAgentRules("/nonexistent/regexes.yaml");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.message().find("/nonexistent/regexes.yaml"), std::string::npos);
}

TEST(UserAgentRules, FindRegexesFileSearchOrder) {
  RulesFile file(kRules);
  auto found = FindRegexesFile(file.path(), "/nonexistent");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, file.path());

  found = FindRegexesFile(std::string("/nonexistent/regexes.yaml"), "");
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.message().find("regexes_file"), std::string::npos);

  // Without a configured file: the installation's copy, then Debian's.
  const testing::TempDir install;
  std::filesystem::create_directories(install.File("share/uap-core"));
  ASSERT_TRUE(testing::WriteFile(install.File("share/uap-core/regexes.yaml"), kRules).ok());
  found = FindRegexesFile(std::nullopt, install.path());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, install.File("share/uap-core/regexes.yaml"));
  std::filesystem::remove(install.File("share/uap-core/regexes.yaml"));
  found = FindRegexesFile(std::nullopt, install.path());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, "/usr/share/uap-core/regexes.yaml");
}

}  // namespace
}  // namespace divolte::enrich
