#include "sources/json/content_type.h"

#include <gtest/gtest.h>

#include <string_view>

namespace divolte::sources {
namespace {

TEST(JsonContentTypeTest, Accepted) {
  for (const char* value : {
           "application/json",
           "Application/JSON",
           "APPLICATION/JSON",
           "application/json; charset=utf-8",
           "application/json;charset=UTF-8",
           "application/json ; charset=utf-8",
           "application/json;\tcharset=Utf-8 ",
           "application/json; CHARSET=utf-8",
           "application/json; charset=\"utf-8\"",
           "application/json; charset=\"UTF-8\"",
           "application/json; charset=\"utf\\-8\"",
           " application/json ",
           "application/json;",
           "application/json; ",
           "application/json;;charset=utf-8;",
       }) {
    EXPECT_TRUE(IsJsonContentType({value})) << value;
  }
}

TEST(JsonContentTypeTest, Rejected) {
  for (const char* value : {
           "",
           "application/jsonx",
           "application/json+x",
           "application / json",
           "application/ json",
           "application",
           "text/json",
           "text/plain",
           "application/x-www-form-urlencoded",
           "application/json; charset=iso-8859-1",
           "application/json; charset=utf8",
           "application/json; charset=\"utf-8",
           "application/json; charset=",
           "application/json; charset = utf-8",
           "application/json; charset =utf-8",
           "application/json; charset= utf-8",
           "application/json; boundary=x",
           "application/json; charset=utf-8; boundary=x",
           "application/json; boundary=x; charset=utf-8",
           "application/json; charset=utf-8; charset=utf-8",
           "application/json; charset",
           "application/json charset=utf-8",
           "application/json, text/plain",
           "application/json; =utf-8",
       }) {
    EXPECT_FALSE(IsJsonContentType({value})) << value;
  }
}

TEST(JsonContentTypeTest, ExactlyOneHeader) {
  EXPECT_FALSE(IsJsonContentType({}));
  EXPECT_FALSE(IsJsonContentType({"application/json", "application/json"}));
  EXPECT_FALSE(IsJsonContentType({"application/json", "text/plain"}));
  EXPECT_TRUE(IsJsonContentType({"application/json"}));
}

}  // namespace
}  // namespace divolte::sources
