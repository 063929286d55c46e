#include "http/path.h"

#include <gtest/gtest.h>

namespace divolte::http {
namespace {

TEST(PathTest, RecognisesCanonicalPaths) {
  EXPECT_TRUE(IsCanonicalPath("/"));
  EXPECT_TRUE(IsCanonicalPath("/csc-event"));
  EXPECT_TRUE(IsCanonicalPath("/a/b.js"));
  EXPECT_TRUE(IsCanonicalPath("/a/.hidden"));
  EXPECT_FALSE(IsCanonicalPath("//csc-event"));
  EXPECT_FALSE(IsCanonicalPath("/a/./b"));
  EXPECT_FALSE(IsCanonicalPath("/a/../b"));
  EXPECT_FALSE(IsCanonicalPath("/csc%2Devent"));
  EXPECT_FALSE(IsCanonicalPath(""));
}

TEST(PathTest, CanonicalisesAsProtocolSection13Says) {
  EXPECT_EQ(CanonicalPath("//csc-event"), "/csc-event");
  EXPECT_EQ(CanonicalPath("/a//b///c"), "/a/b/c");
  EXPECT_EQ(CanonicalPath("/./csc-event"), "/csc-event");
  EXPECT_EQ(CanonicalPath("/x/../csc-event"), "/csc-event");
  EXPECT_EQ(CanonicalPath("/../../csc-event"), "/csc-event");  // never above "/"
  EXPECT_EQ(CanonicalPath("/csc%2Devent"), "/csc-event");      // percent-decoded
  EXPECT_EQ(CanonicalPath("/a%2Fb"), "/a%2Fb");                // encoded slash kept
  EXPECT_EQ(CanonicalPath("/a%2fb"), "/a%2fb");
  EXPECT_EQ(CanonicalPath("/%zz"), "/%zz");  // bad escape kept literally
  EXPECT_EQ(CanonicalPath("/a/"), "/a/");
  EXPECT_EQ(CanonicalPath("/a/."), "/a/");
  EXPECT_EQ(CanonicalPath("/a/b/.."), "/a/");
  EXPECT_EQ(CanonicalPath("/.."), "/");
  EXPECT_EQ(CanonicalPath("/%2e%2e/ping"), "/ping");
}

}  // namespace
}  // namespace divolte::http
