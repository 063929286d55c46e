// The route table: exact paths, duplicate owners, the catch-all fallback and method checks.
#include "http/router.h"

#include <gtest/gtest.h>

namespace divolte::http {
namespace {

TEST(RouterTest, FindsExactPathsOnly) {
  Router router;
  ASSERT_TRUE(router.Add({.path = "/ping", .owner = "/ping"}).ok());
  ASSERT_NE(router.Find("/ping"), nullptr);
  EXPECT_EQ(router.Find("/ping")->owner, "/ping");
  EXPECT_EQ(router.Find("/ping/"), nullptr);
  EXPECT_EQ(router.Find("/"), nullptr);
}

TEST(RouterTest, SamePathTwiceNamesBothOwners) {
  Router router;
  ASSERT_TRUE(router.Add({.path = "/x", .owner = "first"}).ok());
  const base::Status status = router.Add({.path = "/x", .owner = "second"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "Routes with the same path '/x': [first, second]");
}

TEST(RouterTest, FallbackAnswersEveryPathNoExactRouteOwns) {
  Router router;
  ASSERT_TRUE(router.Add({.path = "/ping", .owner = "/ping"}).ok());
  router.SetFallback({.path = "", .owner = "catch-all"});
  EXPECT_EQ(router.Find("/ping")->owner, "/ping");
  for (const char* path : {"/", "/anything", "/a/b/c", ""}) {
    ASSERT_NE(router.Find(path), nullptr) << path;
    EXPECT_EQ(router.Find(path)->owner, "catch-all") << path;
  }
  // The fallback owns no path, so an exact route may still be added.
  EXPECT_TRUE(router.Add({.path = "/", .owner = "root"}).ok());
  EXPECT_EQ(router.Find("/")->owner, "root");
}

TEST(RouterTest, MethodsAreCheckedPerRoute) {
  const Route any{.path = "/any"};
  const Route post{.path = "/post", .methods = {Verb::post}, .allow = "POST"};
  EXPECT_TRUE(Router::Allows(any, Verb::delete_));
  EXPECT_TRUE(Router::Allows(post, Verb::post));
  EXPECT_FALSE(Router::Allows(post, Verb::get));
  EXPECT_FALSE(Router::Allows(post, Verb::unknown));
}

}  // namespace
}  // namespace divolte::http
