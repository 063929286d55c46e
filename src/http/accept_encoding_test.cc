#include "http/accept_encoding.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace divolte::http {
namespace {

// AcceptsGzip of one Accept-Encoding line per value, between two unrelated headers.
bool Accepts(std::initializer_list<std::string_view> lines) {
  std::vector<HeaderField> headers = {{Field::host, "Host", "localhost"}};
  for (std::string_view line : lines) {
    headers.push_back({Field::accept_encoding, "Accept-Encoding", line});
  }
  headers.push_back({Field::user_agent, "User-Agent", "gzip"});
  return AcceptsGzip(headers);
}

TEST(AcceptEncodingTest, ExamplesOfProtocolSection11Accept) {
  EXPECT_TRUE(Accepts({"gzip"}));
  EXPECT_TRUE(Accepts({"GZIP"}));
  EXPECT_TRUE(Accepts({"gzip;q=1"}));
  EXPECT_TRUE(Accepts({"gzip; q=0.5"}));
}

TEST(AcceptEncodingTest, ExamplesOfProtocolSection11Refuse) {
  EXPECT_FALSE(Accepts({"gzip;q=0"}));
  EXPECT_FALSE(Accepts({"gzip;q=0.000"}));
  EXPECT_FALSE(Accepts({"*"}));
  EXPECT_FALSE(Accepts({"*;q=1"}));
  EXPECT_FALSE(Accepts({"deflate, br, identity"}));
  EXPECT_FALSE(Accepts({"x-gzip"}));
  EXPECT_FALSE(Accepts({}));
  EXPECT_FALSE(Accepts({""}));
}

TEST(AcceptEncodingTest, CodingIsTrimmedAndCaseInsensitive) {
  EXPECT_TRUE(Accepts({"deflate, gzip"}));
  EXPECT_TRUE(Accepts({"br,\tGzip\t,deflate"}));
  EXPECT_TRUE(Accepts({"  gZiP  ;q=0.5"}));
  EXPECT_TRUE(Accepts({"gzip;Q=0.5"}));
  EXPECT_TRUE(Accepts({"gzip ; q=0.001 "}));
}

TEST(AcceptEncodingTest, QvalueSyntaxOfRfc9110) {
  EXPECT_TRUE(Accepts({"gzip;q=1."}));
  EXPECT_TRUE(Accepts({"gzip;q=1.0"}));
  EXPECT_TRUE(Accepts({"gzip;q=1.000"}));
  EXPECT_TRUE(Accepts({"gzip;q=0.1"}));
  EXPECT_TRUE(Accepts({"gzip;q=0.999"}));
  EXPECT_FALSE(Accepts({"gzip;q=0."}));
  EXPECT_FALSE(Accepts({"gzip;q=0.00"}));
  // Malformed weights: the element is ignored, so nothing accepts gzip here.
  for (std::string_view line :
       {"gzip;q=1.001", "gzip;q=0.0001", "gzip;q=2", "gzip;q=.5", "gzip;q=", "gzip;q",
        "gzip;q=0.5x", "gzip;q=-1", "gzip;q =0.5", "gzip;q= 0.5", "gzip;q=1e0", "gzip;q=\"1\""}) {
    EXPECT_FALSE(Accepts({line})) << line;
  }
}

TEST(AcceptEncodingTest, FirstWellFormedGzipElementDecides) {
  EXPECT_FALSE(Accepts({"gzip;q=0, gzip"}));
  EXPECT_TRUE(Accepts({"gzip, gzip;q=0"}));
  EXPECT_TRUE(Accepts({"gzip;q=abc, gzip"}));
  EXPECT_FALSE(Accepts({"gzip;q=2, gzip;q=0"}));
  EXPECT_TRUE(Accepts({"*;q=0, gzip"}));
}

TEST(AcceptEncodingTest, EveryHeaderLineCountsInOrder) {
  EXPECT_TRUE(Accepts({"deflate", "gzip"}));
  EXPECT_FALSE(Accepts({"gzip;q=0", "gzip"}));
  EXPECT_TRUE(Accepts({"gzip;q=bad", "br, gzip;q=0.8"}));
}

TEST(AcceptEncodingTest, OtherParametersAreIgnored) {
  EXPECT_TRUE(Accepts({"gzip;level=9"}));
  EXPECT_TRUE(Accepts({"gzip;level=9;q=0.5"}));
  EXPECT_FALSE(Accepts({"gzip;level=9;q=0"}));
  EXPECT_TRUE(Accepts({"gzip;"}));
}

}  // namespace
}  // namespace divolte::http
