// Translation of uap-core results into Divolte's nine fields (enrich.md §3.3-§3.5), through the
// real parser on the pinned Debian uap-core rules.

#include "enrich/user_agent_fields.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/check.h"
#include "enrich/user_agent_rules.h"

namespace divolte::enrich {
namespace {

const UserAgentParser& Parser() {
  static const std::shared_ptr<const UserAgentParser> parser = [] {
    auto rules = LoadUserAgentRules("/usr/share/uap-core/regexes.yaml");
    CHECK(rules.ok());
    auto compiled = UserAgentParser::Create(*rules);
    CHECK(compiled.ok());
    return *compiled;
  }();
  return *parser;
}

std::vector<std::string> Translate(const std::string& user_agent) {
  auto scratch = Parser().NewScratch();
  UapResult result;
  Parser().Parse(user_agent, *scratch, &result);
  UserAgentFields fields;
  TranslateUserAgent(result, user_agent, &fields);
  return {fields.values.begin(), fields.values.end()};
}

using Fields = std::vector<std::string>;

// enrich.md §3.5, every row: name, family, vendor, type, version, deviceCategory, osFamily,
// osVersion, osVendor.
TEST(UserAgentFields, SpecificationExamples) {
  const struct {
    const char* user_agent;
    Fields expected;
  } kExamples[] = {
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       {"Chrome", "Chrome", "Google Inc.", "Browser", "120.0.0.0", "Personal computer", "Windows",
        "10", "Microsoft Corporation"}},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.1 Safari/605.1.15",
       {"Safari", "Safari", "Apple Inc.", "Browser", "17.1", "Personal computer", "OS X", "10.15.7",
        "Apple Computer, Inc."}},
      {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
       "like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
       {"Mobile Safari", "Safari", "Apple Inc.", "Mobile Browser", "17.1.2", "Smartphone", "iOS",
        "17.1.2", "Apple Computer, Inc."}},
      {"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/16.6 Mobile/15E148 Safari/604.1",
       {"Mobile Safari", "Safari", "Apple Inc.", "Mobile Browser", "16.6", "Tablet", "iOS", "16.6",
        "Apple Computer, Inc."}},
      {"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/119.0.6045.163 Mobile Safari/537.36",
       {"Chrome Mobile", "Chrome", "Google Inc.", "Mobile Browser", "119.0.6045.163", "Smartphone",
        "Android", "13", "Google, Inc."}},
      {"Mozilla/5.0 (Linux; Android 12; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/118.0.0.0 Safari/537.36",
       {"Chrome", "Chrome", "Google Inc.", "Mobile Browser", "118.0.0.0", "Tablet", "Android", "12",
        "Google, Inc."}},
      {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
       {"Firefox", "Firefox", "Mozilla Foundation", "Browser", "121.0", "Personal computer",
        "Linux", "", "Canonical Ltd."}},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61",
       {"Edge", "Edge", "Microsoft Corporation", "Browser", "120.0.2210.61", "Personal computer",
        "Windows", "10", "Microsoft Corporation"}},
      {"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
       {"IE", "IE", "Microsoft Corporation", "Browser", "11.0", "Personal computer", "Windows", "7",
        "Microsoft Corporation"}},
      {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       {"Chrome", "Chrome", "Google Inc.", "Browser", "120.0.0.0", "Personal computer", "Linux",
        "14541.0.0", "Google, Inc."}},
      {"Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) "
       "76.0.3809.146/6.0 TV Safari/537.36",
       {"Safari", "Safari", "Apple Inc.", "Browser", "", "Smart TV", "Tizen", "6.0",
        "Samsung Electronics Co., Ltd."}},
      {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
       {"Googlebot", "Googlebot", "Google Inc.", "Robot", "2.1", "Other", "", "", ""}},
      {"curl/8.4.0", {"curl", "curl", "", "Library", "8.4.0", "Other", "", "", ""}},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Thunderbird/115.5.1",
       {"Thunderbird", "Thunderbird", "Mozilla Foundation", "Email client", "115.5.1",
        "Personal computer", "Windows", "10", "Microsoft Corporation"}},
      {"foo", {"unknown", "unknown", "", "", "", "", "", "", ""}},
  };
  for (const auto& example : kExamples) {
    EXPECT_EQ(Translate(example.user_agent), example.expected) << example.user_agent;
  }
}

TEST(UserAgentFields, EmptyHeaderIsUnknown) {
  EXPECT_EQ(Translate(""), (Fields{"unknown", "unknown", "", "", "", "", "", "", ""}));
}

// The device-category and type rules for the kinds of device the issue names. Only the values
// the rules of §3.3 decide are asserted, so a rules update that renames a browser does not break
// the test, while a translation mistake does.
TEST(UserAgentFields, GameConsoles) {
  for (const char* user_agent :
       {"Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, "
        "like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041",
        "Mozilla/5.0 (Nintendo WiiU) AppleWebKit/536.30 (KHTML, like Gecko) NX/3.0.4.2.12 "
        "NintendoBrowser/4.3.1.11264.US"}) {
    const Fields fields = Translate(user_agent);
    EXPECT_EQ(fields[UserAgentFields::kDeviceCategory], "Game console") << user_agent;
    EXPECT_EQ(fields[UserAgentFields::kType], "Browser") << user_agent;
  }
}

// Decision: a user agent no uap-core rule matches at all is "unknown" with seven empty values
// (§3.4), even where a device-category rule on the raw string would have applied.
TEST(UserAgentFields, NoRuleMatchingWinsOverStringRules) {
  EXPECT_EQ(Translate("Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 "
                      "(KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393"),
            (Fields{"unknown", "unknown", "", "", "", "", "", "", ""}));
}

// An e-mail client name on a console is a browser (the exception of the type rule 3).
TEST(UserAgentFields, EmailClientNameOnAConsoleIsABrowser) {
  const Fields fields = Translate(
      "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, "
      "like Gecko)");
  EXPECT_EQ(fields[UserAgentFields::kName], "Apple Mail");
  EXPECT_EQ(fields[UserAgentFields::kDeviceCategory], "Game console");
  EXPECT_EQ(fields[UserAgentFields::kType], "Browser");
}

TEST(UserAgentFields, SmartTvs) {
  for (const char* user_agent :
       {"Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/79.0.3945.79 Safari/537.36 WebAppManager",
        "Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7233) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/96.0.4664.92 Mobile Safari/537.36",
        "Roku/DVP-9.10 (519.10E04111A)",
        "Mozilla/5.0 (Linux; Android 10; BRAVIA 4K UR3 Build/QTG3.200305.006.S292) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.5060.129 Safari/537.36"}) {
    EXPECT_EQ(Translate(user_agent)[UserAgentFields::kDeviceCategory], "Smart TV") << user_agent;
  }
}

TEST(UserAgentFields, PhonesAndTablets) {
  const Fields android_phone = Translate(
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.6099.144 Mobile Safari/537.36");
  EXPECT_EQ(android_phone[UserAgentFields::kDeviceCategory], "Smartphone");
  EXPECT_EQ(android_phone[UserAgentFields::kType], "Mobile Browser");
  EXPECT_EQ(android_phone[UserAgentFields::kOsFamily], "Android");
  EXPECT_EQ(android_phone[UserAgentFields::kOsVersion], "14");

  const Fields samsung = Translate(
      "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
      "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36");
  EXPECT_EQ(samsung[UserAgentFields::kName], "Samsung Internet");
  EXPECT_EQ(samsung[UserAgentFields::kVendor], "Samsung Electronics Co., Ltd.");
  EXPECT_EQ(samsung[UserAgentFields::kDeviceCategory], "Smartphone");

  const Fields kindle = Translate(
      "Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K) AppleWebKit/537.36 (KHTML, "
      "like Gecko) Silk/3.68 like Chrome/39.0.2171.93 Safari/537.36");
  EXPECT_EQ(kindle[UserAgentFields::kDeviceCategory], "Tablet");
  EXPECT_EQ(kindle[UserAgentFields::kType], "Mobile Browser");

  const Fields windows_phone = Translate(
      "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; rv:11.0; "
      "IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 Mac OS X AppleWebKit/537 (KHTML, "
      "like Gecko) Mobile Safari/537");
  EXPECT_EQ(windows_phone[UserAgentFields::kOsFamily], "Windows");
  EXPECT_EQ(windows_phone[UserAgentFields::kDeviceCategory], "Smartphone");
}

TEST(UserAgentFields, RobotsAndLibraries) {
  const Fields bing =
      Translate("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)");
  EXPECT_EQ(bing[UserAgentFields::kType], "Robot");
  EXPECT_EQ(bing[UserAgentFields::kDeviceCategory], "Other");
  EXPECT_EQ(bing[UserAgentFields::kVendor], "Microsoft Corporation");

  const Fields wget = Translate("Wget/1.21.3");
  EXPECT_EQ(wget[UserAgentFields::kName], "Wget");
  EXPECT_EQ(wget[UserAgentFields::kType], "Library");
  EXPECT_EQ(wget[UserAgentFields::kDeviceCategory], "Other");
}

TEST(UserAgentFields, WearablesAndMediaPlayers) {
  const Fields watch =
      Translate("atc/1.0 watchOS/5.1.3 model/Watch3,4 hwp/t8004 build/16S535 (6; dt:156)");
  EXPECT_EQ(watch[UserAgentFields::kDeviceCategory], "Wearable computer");
  EXPECT_EQ(watch[UserAgentFields::kOsFamily], "iOS");
  EXPECT_EQ(watch[UserAgentFields::kOsVendor], "Apple Computer, Inc.");

  const Fields vlc = Translate("VLC/3.0.18 LibVLC/3.0.18");
  EXPECT_EQ(vlc[UserAgentFields::kName], "VLC");
  EXPECT_EQ(vlc[UserAgentFields::kType], "Multimedia Player");
}

}  // namespace
}  // namespace divolte::enrich
