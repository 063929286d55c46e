#include "functions/uri.h"

#include <gtest/gtest.h>

#include <string>

#include "functions/query_string.h"
#include "functions/uri_host.h"

namespace divolte::functions {
namespace {

Uri Parsed(std::string_view text) {
  std::optional<Uri> uri = Uri::Parse(text);
  EXPECT_TRUE(uri) << text;
  return uri.value_or(Uri());
}

std::optional<std::string> DecodedPath(const Uri& uri) {
  std::string scratch;
  const std::optional<std::string_view> path = uri.DecodedPath(&scratch);
  if (!path) return std::nullopt;
  return std::string(*path);
}

TEST(Uri, SpecExampleUrlParts) {
  const Uri uri = Parsed("https://www.example.com/products/42?utm_source=news&tag=a&tag=b#top");
  EXPECT_FALSE(uri.opaque());
  EXPECT_EQ(uri.scheme(), "https");
  EXPECT_EQ(uri.host(), "www.example.com");
  EXPECT_EQ(uri.port(), std::nullopt);
  EXPECT_EQ(uri.raw_path(), "/products/42");
  EXPECT_EQ(DecodedPath(uri), "/products/42");
  EXPECT_EQ(uri.raw_query(), "utm_source=news&tag=a&tag=b");
  EXPECT_EQ(uri.raw_fragment(), "top");
  QueryString query;
  query.Parse(*uri.raw_query());
  EXPECT_EQ(query.FirstValue("utm_source"), "news");
}

TEST(Uri, EmptyPathAndEmptyQuery) {
  const Uri bare = Parsed("http://example.com");
  EXPECT_EQ(bare.raw_path(), "");
  EXPECT_EQ(bare.raw_query(), std::nullopt);
  EXPECT_EQ(bare.raw_fragment(), std::nullopt);
  const Uri question = Parsed("http://x/?");
  EXPECT_EQ(question.raw_query(), "");
  const Uri hash = Parsed("http://x/#");
  EXPECT_EQ(hash.raw_fragment(), "");
}

TEST(Uri, EmptyStringParses) {
  const Uri uri = Parsed("");
  EXPECT_EQ(uri.raw_path(), "");
  EXPECT_EQ(uri.scheme(), std::nullopt);
  EXPECT_EQ(uri.host(), std::nullopt);
  EXPECT_EQ(uri.raw_query(), std::nullopt);
}

TEST(Uri, ClientSideRouteInTheFragment) {
  const Uri page = Parsed("http://www.example.com/foo/#/local/path/?q=hello+world");
  ASSERT_TRUE(page.raw_fragment());
  const Uri route = Parsed(*page.raw_fragment());
  EXPECT_EQ(route.raw_path(), "/local/path/");
  QueryString query;
  query.Parse(*route.raw_query());
  EXPECT_EQ(query.FirstValue("q"), "hello world");
}

TEST(Uri, OpaqueUrisHaveOnlySchemeAndFragment) {
  const Uri uri = Parsed("mailto:a@b.c#top");
  EXPECT_TRUE(uri.opaque());
  EXPECT_EQ(uri.scheme(), "mailto");
  EXPECT_EQ(uri.raw_fragment(), "top");
  EXPECT_EQ(uri.host(), std::nullopt);
  EXPECT_EQ(uri.port(), std::nullopt);
  EXPECT_EQ(uri.raw_path(), std::nullopt);
  EXPECT_EQ(DecodedPath(uri), std::nullopt);
  EXPECT_EQ(uri.raw_query(), std::nullopt);
  const Uri port_like = Parsed("localhost:8080");
  EXPECT_TRUE(port_like.opaque());
  EXPECT_EQ(port_like.scheme(), "localhost");
}

TEST(Uri, RelativeReferences) {
  const Uri uri = Parsed("foo/bar?x=1#y");
  EXPECT_EQ(uri.scheme(), std::nullopt);
  EXPECT_EQ(uri.host(), std::nullopt);
  EXPECT_EQ(uri.raw_path(), "foo/bar");
  EXPECT_EQ(uri.raw_query(), "x=1");
  const Uri colon_in_path = Parsed("a/b:c");
  EXPECT_EQ(colon_in_path.scheme(), std::nullopt);
  EXPECT_EQ(colon_in_path.raw_path(), "a/b:c");
  const Uri network = Parsed("//cdn.example.com/x.js");
  EXPECT_EQ(network.host(), "cdn.example.com");
  EXPECT_EQ(network.raw_path(), "/x.js");
}

TEST(Uri, EmptyAuthority) {
  const Uri file = Parsed("file:///etc/hosts");
  EXPECT_EQ(file.host(), std::nullopt);
  EXPECT_EQ(file.authority(), std::nullopt);
  EXPECT_EQ(file.raw_path(), "/etc/hosts");
  EXPECT_FALSE(Uri::Parse("//"));
  EXPECT_FALSE(Uri::Parse("http://"));
  EXPECT_TRUE(Uri::Parse("//?q"));
}

TEST(Uri, SchemeRules) {
  EXPECT_EQ(Parsed("svn+ssh.x-y://h/").scheme(), "svn+ssh.x-y");
  EXPECT_EQ(Parsed("HTTP://h/").scheme(), "HTTP");
  for (const char* text : {":foo", "1http://x/", "a_b:c", "-a:b", "http:", "http:#frag"}) {
    EXPECT_FALSE(Uri::Parse(text)) << text;
  }
}

TEST(Uri, DisallowedCharactersMakeTheParseFail) {
  for (const char* text :
       {"http://x/a b",    "http://x/\"",   "http://x/<",     "http://x/>",    "http://x/\\",
        "http://x/^",      "http://x/`",    "http://x/{",     "http://x/|",    "http://x/}",
        "http://x/\t",     "http://x/\x7f", "http://x/a#b#c", "http://x/?a b", "http://x/#a b",
        "mailto:a b",      "http://x/[0]",  "http://x/a%",    "http://x/a%4",  "http://x/a%zz",
        "http://x/?a=%g0", "http://x/#%"}) {
    EXPECT_FALSE(Uri::Parse(text)) << text;
  }
}

TEST(Uri, BracketsInQueryAndFragmentAsJavaAccepts) {
  const Uri uri = Parsed("http://x/p?items[]=1&a[b]=2#sec[1]");
  EXPECT_EQ(uri.raw_query(), "items[]=1&a[b]=2");
  EXPECT_EQ(uri.raw_fragment(), "sec[1]");
}

TEST(Uri, VisibleNonAsciiIsAllowedSpacesAndControlsAreNot) {
  const Uri uri = Parsed("http://x/caf\xc3\xa9/\xf0\x9f\x98\x80?q=\xe2\x82\xac");
  EXPECT_EQ(uri.raw_path(), "/caf\xc3\xa9/\xf0\x9f\x98\x80");
  EXPECT_FALSE(Uri::Parse("http://x/a\xc2\xa0"));      // U+00A0 no-break space
  EXPECT_FALSE(Uri::Parse("http://x/a\xe2\x80\xa8"));  // U+2028 line separator
  EXPECT_FALSE(Uri::Parse("http://x/a\xe3\x80\x80"));  // U+3000 ideographic space
  EXPECT_FALSE(Uri::Parse("http://x/a\xc2\x85"));      // U+0085, a C1 control
  EXPECT_FALSE(Uri::Parse("http://x/a\xc2\x80"));      // U+0080
}

TEST(Uri, InvalidUtf8CountsAsReplacementCharacter) {
  const Uri uri = Parsed(
      "http://x/a\xff"
      "b");
  EXPECT_EQ(uri.raw_path(),
            "/a\xff"
            "b");
  EXPECT_EQ(DecodedPath(uri),
            "/a\xef\xbf\xbd"
            "b");
}

TEST(Uri, DecodedFormsDecodeEscapesAsUtf8AndKeepPlus) {
  const Uri uri = Parsed("http://x/a%20b+c/%C3%A9?x=%41%42+c#f%2Fg");
  EXPECT_EQ(DecodedPath(uri), "/a b+c/\xc3\xa9");
  EXPECT_EQ(uri.raw_path(), "/a%20b+c/%C3%A9");
  std::string scratch;
  EXPECT_EQ(uri.DecodedQuery(&scratch), "x=AB+c");
  EXPECT_EQ(uri.DecodedFragment(&scratch), "f/g");
  EXPECT_EQ(uri.raw_fragment(), "f%2Fg");
  EXPECT_EQ(Parsed("http://x/").DecodedQuery(&scratch), std::nullopt);
  EXPECT_EQ(Parsed("http://x/").DecodedFragment(&scratch), std::nullopt);
}

TEST(Uri, InvalidEscapedUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(DecodedPath(Parsed("/%C3%28")), "/\xef\xbf\xbd(");
  EXPECT_EQ(DecodedPath(Parsed("/%FF%FE")), "/\xef\xbf\xbd\xef\xbf\xbd");
  // Each run of escapes is decoded on its own: a split sequence is two errors.
  EXPECT_EQ(DecodedPath(Parsed("/%C3x%A9")), "/\xef\xbf\xbdx\xef\xbf\xbd");
  EXPECT_EQ(DecodedPath(Parsed("/%e2%82%ac")), "/\xe2\x82\xac");
}

TEST(DecodeUriComponent, ReturnsTheInputWhenNothingToDecode) {
  std::string scratch = "untouched";
  const std::string_view raw = "/plain/path";
  EXPECT_EQ(DecodeUriComponent(raw, &scratch).data(), raw.data());
  EXPECT_EQ(scratch, "untouched");
}

TEST(Uri, ServerBasedAuthority) {
  const Uri uri = Parsed("http://user:pw@www.example.com:8080/p");
  EXPECT_EQ(uri.user_info(), "user:pw");
  EXPECT_EQ(uri.host(), "www.example.com");
  EXPECT_EQ(uri.port(), 8080);
  EXPECT_EQ(uri.authority(), "user:pw@www.example.com:8080");
  EXPECT_EQ(Parsed("http://192.0.2.10:80/").host(), "192.0.2.10");
  EXPECT_EQ(Parsed("http://localhost/").host(), "localhost");
  EXPECT_EQ(Parsed("http://example.com./").host(), "example.com.");
  EXPECT_EQ(Parsed("http://123/").host(), "123");  // a single label may start with a digit
  EXPECT_EQ(Parsed("http://a-b.c0m/").host(), "a-b.c0m");
  EXPECT_EQ(Parsed("http://x:99999/").port(), 99999);
}

TEST(Uri, EmptyPortIsAbsent) {
  const Uri uri = Parsed("http://x:/p");
  EXPECT_EQ(uri.host(), "x");
  EXPECT_EQ(uri.port(), std::nullopt);
}

TEST(Uri, RegistryBasedAuthorityHasNoHostOrPort) {
  for (const char* text : {"http://my_host/p", "http://my_host:80/p", "http://1.2.3/", "http://a-/",
                           "http://-a/", "http://a..b/", "http://x:99999999999/",
                           "http://b\xc3\xbc"
                           "cher.de/",
                           "http://a%41b/", "http://:80/", "http://a@b@c/", "http://x:8o/"}) {
    const std::optional<Uri> uri = Uri::Parse(text);
    ASSERT_TRUE(uri) << text;
    EXPECT_TRUE(uri->authority()) << text;
    EXPECT_EQ(uri->host(), std::nullopt) << text;
    EXPECT_EQ(uri->port(), std::nullopt) << text;
    EXPECT_EQ(uri->user_info(), std::nullopt) << text;
  }
  EXPECT_EQ(Parsed("http://my_host/p").raw_path(), "/p");
}

TEST(Uri, AuthorityThatIsNeitherFails) {
  for (const char* text : {"http://[::g]/", "http://[::1/", "http://[::1]x/", "http://a%zz/",
                           "http://a[b/", "http://[1.2.3.4]/"}) {
    EXPECT_FALSE(Uri::Parse(text)) << text;
  }
}

TEST(Uri, Ipv6Hosts) {
  const Uri uri = Parsed("http://[2001:db8::7]:8443/x");
  EXPECT_EQ(uri.host(), "[2001:db8::7]");
  EXPECT_EQ(uri.port(), 8443);
  EXPECT_EQ(Parsed("http://[::1]/").host(), "[::1]");
  EXPECT_EQ(Parsed("http://[fe80::1%eth0]/").host(), "[fe80::1%eth0]");
  EXPECT_EQ(Parsed("http://[::ffff:192.0.2.1]/").host(), "[::ffff:192.0.2.1]");
}

TEST(Ipv6Reference, TextForms) {
  for (const char* text :
       {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1::1.2.3.4", "ABCD:ef01::", "fe80::1%eth0"}) {
    EXPECT_TRUE(IsIpv6Reference(text)) << text;
  }
  for (const char* text :
       {"", ":", ":::", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "1::2::3",
        "12345::", "::1.2.3.256", "::1.2.3", ":1::", "1:", "fe80::1%", "fe80::1%e-0", "%eth0",
        "g::", "1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(IsIpv6Reference(text)) << text;
  }
}

TEST(HostScanners, Ipv4AndHostnames) {
  EXPECT_EQ(ScanIpv4Host("1.2.3.4", 0), 7u);
  EXPECT_EQ(ScanIpv4Host("1.2.3.4:80", 0), 7u);
  EXPECT_EQ(ScanIpv4Host("255.255.255.255", 0), 15u);
  EXPECT_EQ(ScanIpv4Host("256.1.1.1", 0), kNoHost);
  EXPECT_EQ(ScanIpv4Host("1.2.3.4x", 0), kNoHost);
  EXPECT_EQ(ScanIpv4Host("1.2.3.4.5", 0), kNoHost);
  EXPECT_EQ(ScanHostname("a.b-c.d", 0), 7u);
  EXPECT_EQ(ScanHostname("a.b:80", 0), 3u);
  EXPECT_EQ(ScanHostname("a.1b", 0), kNoHost);
  EXPECT_EQ(ScanHostname("a_b", 0), kNoHost);
  EXPECT_EQ(ScanHostname("", 0), kNoHost);
}

}  // namespace
}  // namespace divolte::functions
