#include "sinks/kafka/jaas_config.h"

#include <gtest/gtest.h>

#include <string>

namespace divolte::sinks::kafka {
namespace {

constexpr char kPlain[] = "org.apache.kafka.common.security.plain.PlainLoginModule";

std::string ErrorOf(const std::string& jaas) {
  base::Result<SaslCredentials> result = ParseSaslJaasConfig(jaas);
  EXPECT_FALSE(result.ok());
  return result.ok() ? "<ok>" : result.message();
}

TEST(ProducerJaasConfigTest, ReadsQuotedAndBareValuesInAnyOrder) {
  base::Result<SaslCredentials> result =
      ParseSaslJaasConfig(std::string(kPlain) + " REQUIRED password=pw user_x=\"1\" username=u ;");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->username, "u");
  EXPECT_EQ(result->password, "pw");
}

TEST(ProducerJaasConfigTest, QuotedValuesKeepSpacesAndEscapes) {
  base::Result<SaslCredentials> result = ParseSaslJaasConfig(
      std::string(kPlain) + " optional username=\"a b\" password=\"x\\\\y;z=\";");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->username, "a b");
  EXPECT_EQ(result->password, "x\\y;z=");
}

TEST(ProducerJaasConfigTest, ReportsMalformedEntriesWithoutQuotingValues) {
  EXPECT_EQ(ErrorOf(""),
            "expected one login module entry (<module> required username=\"…\" "
            "password=\"…\";), found 0");
  EXPECT_EQ(ErrorOf(std::string(kPlain) + " required username=\"u\" password=\"p\"; " + kPlain +
                    " required username=\"v\" password=\"q\";"),
            "expected one login module entry (<module> required username=\"…\" "
            "password=\"…\";), found 2");
  EXPECT_EQ(ErrorOf(std::string(kPlain) + " always username=\"u\" password=\"p\";"),
            std::string("expected a control flag (required, requisite, sufficient or optional) "
                        "after login module '") +
                kPlain + "'");
  EXPECT_EQ(ErrorOf(std::string(kPlain) + " required username=\"u\" password=\"secret;"),
            "unterminated quoted option value");
  EXPECT_EQ(ErrorOf(std::string(kPlain) + " required username=\"u\" password secret;"),
            "expected options of the form name=\"value\"");
  EXPECT_EQ(ErrorOf("\"" + std::string(kPlain) + "\" required;"), "expected a login module name");
  EXPECT_EQ(
      ErrorOf(std::string(kPlain) + " required username=\"u\";"),
      std::string("login module '") + kPlain + "' needs both username=\"…\" and password=\"…\"");
}

}  // namespace
}  // namespace divolte::sinks::kafka
