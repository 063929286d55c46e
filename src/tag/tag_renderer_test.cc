#include "tag/tag_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tag/tag_template.h"

namespace divolte::tag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Every placeholder once, one of them twice, and text that only resembles a placeholder.
constexpr std::string_view kTemplate =
    "f(__DIVOLTE_PARTY_COOKIE_NAME__,__DIVOLTE_PARTY_ID_TIMEOUT_SECONDS__,"
    "__DIVOLTE_SESSION_COOKIE_NAME__,__DIVOLTE_SESSION_ID_TIMEOUT_SECONDS__,"
    "__DIVOLTE_COOKIE_DOMAIN__,__DIVOLTE_COOKIE_SAME_SITE__,__DIVOLTE_COOKIE_SECURE__,"
    "__DIVOLTE_LOGGING__,__DIVOLTE_SCRIPT_NAME__,__DIVOLTE_EVENT_SUFFIX__,"
    "__DIVOLTE_AUTO_PAGE_VIEW_EVENT__,__DIVOLTE_EVENT_TIMEOUT_SECONDS__);"
    "g(__DIVOLTE_LOGGING__,__DIVOLTE_OTHER__,__DIVOLTE_";

TEST(TagRendererTest, SubstitutesTheDefaultsOfTagMdSection2) {
  const RenderedTag rendered = RenderTag(kTemplate, config::BrowserSourceConfig{});
  EXPECT_EQ(rendered.script,
            "f(\"_dvp\",63072000,\"_dvs\",1800,\"\",\"\",false,false,\"divolte.js\","
            "\"csc-event\",true,0.75);g(false,__DIVOLTE_OTHER__,__DIVOLTE_");
  EXPECT_THAT(rendered.warnings, IsEmpty());
}

TEST(TagRendererTest, SubstitutesConfiguredValues) {
  config::BrowserSourceConfig config;
  config.party_cookie = "_p";
  config.party_timeout = std::chrono::milliseconds(10'999);
  config.session_cookie = "_s";
  config.session_timeout = std::chrono::seconds(60);
  config.cookie_domain = ".example.com";
  config.cookie_same_site = config::SameSite::kStrict;
  config.cookie_secure = true;
  config.event_suffix = "e";
  config.javascript = {.name = "t.js",
                       .logging = true,
                       .auto_page_view_event = false,
                       .event_timeout = std::chrono::seconds(2)};
  EXPECT_EQ(RenderTag(kTemplate, config).script,
            "f(\"_p\",10,\"_s\",60,\".example.com\",\"Strict\",true,true,\"t.js\",\"e\",false,2);"
            "g(true,__DIVOLTE_OTHER__,__DIVOLTE_");
  config.cookie_same_site = config::SameSite::kLax;
  EXPECT_THAT(RenderTag(kTemplate, config).script, HasSubstr(",\"Lax\","));
  config.cookie_same_site = config::SameSite::kNone;
  EXPECT_THAT(RenderTag(kTemplate, config).script, HasSubstr(",\"None\","));
}

TEST(TagRendererTest, SubstitutedValuesAreNotScannedAgain) {
  config::BrowserSourceConfig config;
  config.party_cookie = "__DIVOLTE_LOGGING__";
  EXPECT_THAT(RenderTag(kTemplate, config).script, HasSubstr("f(\"__DIVOLTE_LOGGING__\","));
}

TEST(TagRendererTest, CapsTimeoutsWithAWarning) {
  config::BrowserSourceConfig config;
  config.party_timeout = std::chrono::seconds(2147483648);
  config.session_timeout = std::chrono::seconds(2147483647);
  const RenderedTag rendered = RenderTag(kTemplate, config);
  EXPECT_THAT(rendered.script, HasSubstr("f(\"_dvp\",2147483647,\"_dvs\",2147483647,"));
  EXPECT_THAT(rendered.warnings,
              ElementsAre("party_timeout of 2147483648 seconds exceeds the maximum of 2147483647 "
                          "seconds; the tag uses 2147483647."));
}

TEST(TagRendererTest, MissingPlaceholderIsAProgrammingError) {
  EXPECT_DEATH(RenderTag("f(__DIVOLTE_LOGGING__)", config::BrowserSourceConfig{}),
               "lacks the placeholder __DIVOLTE_PARTY_COOKIE_NAME__");
}

TEST(TagRendererTest, EmbeddedTemplatesRenderCompletely) {
  config::JavascriptConfig javascript;
  EXPECT_EQ(TemplateFor(javascript), MinifiedTemplate());
  javascript.debug = true;
  EXPECT_EQ(TemplateFor(javascript), ReadableTemplate());
  for (std::string_view text : {MinifiedTemplate(), ReadableTemplate()}) {
    EXPECT_THAT(RenderTag(text, config::BrowserSourceConfig{}).script,
                Not(HasSubstr("__DIVOLTE_")));
  }
}

TEST(JavascriptStringTest, EscapesIntoPureAscii) {
  EXPECT_EQ(JavascriptString(""), "\"\"");
  EXPECT_EQ(JavascriptString("plain .-_/'"), "\"plain .-_/'\"");
  EXPECT_EQ(JavascriptString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JavascriptString("\n\r\t"), "\"\\n\\r\\t\"");
  EXPECT_EQ(JavascriptString(std::string_view("\x00\x01\x08\x0c\x1f\x7f", 6)),
            "\"\\u0000\\u0001\\u0008\\u000c\\u001f\\u007f\"");
  EXPECT_EQ(JavascriptString("</script>"), "\"\\u003c/script\\u003e\"");
  EXPECT_EQ(JavascriptString("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\\u00e9 \\u20ac\"");
  EXPECT_EQ(JavascriptString("\xe2\x80\xa8\xe2\x80\xa9"), "\"\\u2028\\u2029\"");
  EXPECT_EQ(JavascriptString("\xef\xbb\xbf\xef\xbf\xbf"), "\"\\ufeff\\uffff\"");
}

TEST(JavascriptStringTest, UsesSurrogatePairsAboveTheBmp) {
  EXPECT_EQ(JavascriptString("\xf0\x9f\x98\x80"), "\"\\ud83d\\ude00\"");  // U+1F600
  EXPECT_EQ(JavascriptString("\xf0\x90\x80\x80"), "\"\\ud800\\udc00\"");  // U+10000
  EXPECT_EQ(JavascriptString("\xf4\x8f\xbf\xbf"), "\"\\udbff\\udfff\"");  // U+10FFFF
}

TEST(JavascriptStringTest, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(JavascriptString("a\xff"
                             "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(JavascriptString("\xc3"), "\"\\ufffd\"");                        // truncated
  EXPECT_EQ(JavascriptString("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong
  EXPECT_EQ(JavascriptString("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(JavascriptString("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(JavascriptString("\xe2\x82"
                             "x"),
            "\"\\ufffd\\ufffdx\"");
}

TEST(JavascriptSecondsTest, ShortestDecimalWithNanosecondPrecision) {
  using std::chrono::milliseconds;
  using std::chrono::nanoseconds;
  using std::chrono::seconds;
  EXPECT_EQ(JavascriptSeconds(milliseconds(750)), "0.75");
  EXPECT_EQ(JavascriptSeconds(seconds(1)), "1");
  EXPECT_EQ(JavascriptSeconds(nanoseconds(1)), "0.000000001");
  EXPECT_EQ(JavascriptSeconds(nanoseconds(0)), "0");
  EXPECT_EQ(JavascriptSeconds(milliseconds(1500)), "1.5");
  EXPECT_EQ(JavascriptSeconds(seconds(120)), "120");
  EXPECT_EQ(JavascriptSeconds(nanoseconds(123456789)), "0.123456789");
  EXPECT_EQ(JavascriptSeconds(nanoseconds(10'000'000'010)), "10.00000001");
  EXPECT_EQ(JavascriptSeconds(milliseconds(-250)), "-0.25");
}

}  // namespace
}  // namespace divolte::tag
