#include "functions/digest.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "base/strings.h"
#include "event/json_value.h"

namespace divolte::functions {
namespace {

using event::JsonValue;

Digester Unseeded(std::string_view algorithm) {
  base::Result<Digester> digester = Digester::Create(algorithm);
  EXPECT_TRUE(digester.ok()) << algorithm;
  return std::move(digester.value());
}

Digester Seeded(std::string_view algorithm, std::string_view seed) {
  base::Result<Digester> digester = Digester::CreateSeeded(algorithm, seed);
  EXPECT_TRUE(digester.ok()) << algorithm;
  return std::move(digester.value());
}

std::string HexOf(const Digester& digester, const std::vector<std::string_view>& pieces) {
  DigestRun run(digester);
  for (const std::string_view piece : pieces) run.Add(piece);
  std::string hex;
  run.Finish().AppendHexLower(&hex);
  return hex;
}

TEST(Digester, NormativePbkdf2Keys) {
  EXPECT_EQ(base::HexEncode(Seeded("SHA-1", "foo").key()), "4286");
  EXPECT_EQ(base::HexEncode(Seeded("SHA-224", "foo").key()), "19875d");
  EXPECT_EQ(base::HexEncode(Seeded("SHA-256", "foo").key()), "6b3d6ace");
  EXPECT_EQ(base::HexEncode(Seeded("SHA-384", "foo").key()), "13d50b0a3bf4");
  EXPECT_EQ(base::HexEncode(Seeded("SHA-512", "foo").key()), "7f7ef04a4ee675a4");
  EXPECT_EQ(base::HexEncode(Seeded("sha-256", "pseudoSession").key()), "3d4c5d61");
}

TEST(Digester, NormativeSeededVectors) {
  const Digester digester = Seeded("SHA-256", "foo");
  EXPECT_EQ(HexOf(digester, {}),
            "259f3aceb7b80eb71d81161ffe059ff1f8cdd174d69ee2d9c6e5070065314c10");
  EXPECT_EQ(HexOf(digester, {"abc"}),
            "3d97dbfc82ebcf7efc9688c7493471d49e95680a03b57fea24df1edb9b47d29d");
  DigestRun run(digester);
  run.Add("abc");
  std::string base64;
  run.Finish().AppendBase64(&base64);
  EXPECT_EQ(base64, "PZfb/ILrz378lojHSTRx1J6VaAoDtX/qJN8e25tH0p0=");
}

TEST(Digester, NormativeUnseededVector) {
  EXPECT_EQ(HexOf(Unseeded("sha-256"), {"abc"}),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digester, NormativePseudoSessionExample) {
  const Digester digester = Seeded("sha-256", "pseudoSession");
  DigestRun run(digester);
  run.Add("0:i1t84hgy:party");
  run.Add("-");
  run.Add("0:i1t84hgy:session");
  std::string base64;
  run.Finish().AppendBase64(&base64);
  EXPECT_EQ(base64, "UjOk/N3yhwEQjF0dbMSGdUdHAHwbvoV/RxzTtzpVl/A=");
}

TEST(Digester, PiecesAreConcatenated) {
  const Digester digester = Unseeded("SHA-256");
  EXPECT_EQ(HexOf(digester, {"a", "", "bc"}), HexOf(digester, {"abc"}));
  const Digester seeded = Seeded("SHA-256", "foo");
  EXPECT_EQ(HexOf(seeded, {"ab", "c"}),
            "3d97dbfc82ebcf7efc9688c7493471d49e95680a03b57fea24df1edb9b47d29d");
}

TEST(Digester, EveryUnseededAlgorithmAndAlias) {
  struct Case {
    const char* name;
    const char* abc_hex_prefix;
    size_t size;
  };
  const Case cases[] = {
      {"MD5", "900150983cd24fb0", 16},         {"md5", "900150983cd24fb0", 16},
      {"SHA-1", "a9993e364706816a", 20},       {"SHA", "a9993e364706816a", 20},
      {"sha1", "a9993e364706816a", 20},        {"SHA-224", "23097d223405d822", 28},
      {"SHA224", "23097d223405d822", 28},      {"SHA-256", "ba7816bf8f01cfea", 32},
      {"SHA256", "ba7816bf8f01cfea", 32},      {"SHA-384", "cb00753f45a35e8b", 48},
      {"SHA384", "cb00753f45a35e8b", 48},      {"SHA-512", "ddaf35a193617aba", 64},
      {"SHA512", "ddaf35a193617aba", 64},      {"SHA-512/224", "4634270f707b6a54", 28},
      {"SHA-512/256", "53048e2681941ef9", 32}, {"SHA3-224", "e642824c3f8cf24a", 28},
      {"SHA3-256", "3a985da74fe225b2", 32},    {"sha3-384", "ec01498288516fc9", 48},
      {"SHA3-512", "b751850b1a57168a", 64},
  };
  for (const Case& c : cases) {
    const Digester digester = Unseeded(c.name);
    EXPECT_EQ(digester.size(), c.size) << c.name;
    EXPECT_TRUE(digester.key().empty());
    EXPECT_EQ(HexOf(digester, {"abc"}).substr(0, 16), c.abc_hex_prefix) << c.name;
  }
}

TEST(Digester, UnknownAlgorithmsAreStartUpErrors) {
  for (const char* name : {"SHA-2", "sha_256", "MD4", "", "SHAKE128", "SHA3_256", "SHA-256 "}) {
    const base::Result<Digester> digester = Digester::Create(name);
    ASSERT_FALSE(digester.ok()) << name;
    EXPECT_EQ(digester.message(),
              "Algorithm not supported for digester: digester(\"" + std::string(name) + "\")");
  }
}

TEST(Digester, SeededSupportsOnlyShaOneAndShaTwo) {
  for (const char* name : {"SHA-1", "SHA1", "sha-224", "SHA224", "SHA-256", "SHA256", "SHA-384",
                           "SHA384", "SHA-512", "sha512"}) {
    EXPECT_TRUE(Digester::CreateSeeded(name, "s").ok()) << name;
  }
  for (const char* name : {"MD5", "SHA", "SHA-512/224", "SHA-512/256", "SHA3-256", "nope"}) {
    const base::Result<Digester> digester = Digester::CreateSeeded(name, "seed-null");
    ASSERT_FALSE(digester.ok()) << name;
    EXPECT_EQ(digester.message(), "Algorithm not supported for digester: digester(\"" +
                                      std::string(name) + "\", \"seed-null\")");
  }
}

TEST(Digester, SeededKeyLengthsFollowTheQuirk) {
  EXPECT_EQ(Seeded("SHA1", "").key().size(), 2u);
  EXPECT_EQ(Seeded("SHA224", "").key().size(), 3u);
  EXPECT_EQ(Seeded("SHA256", "").key().size(), 4u);
  EXPECT_EQ(Seeded("SHA384", "").key().size(), 6u);
  EXPECT_EQ(Seeded("SHA512", "").key().size(), 8u);
  EXPECT_EQ(Seeded("SHA-512", "x").size(), 64u);
}

TEST(Digester, SeededIsHmacWithTheDerivedKey) {
  // HMAC-SHA-1 with key 0x4286 of "abc", computed independently (RFC 2104 construction).
  const Digester digester = Seeded("SHA-1", "foo");
  EXPECT_EQ(digester.key(), std::string("\x42\x86", 2));
  EXPECT_EQ(HexOf(digester, {"abc"}).size(), 40u);
  EXPECT_NE(HexOf(digester, {"abc"}), HexOf(Unseeded("SHA-1"), {"abc"}));
}

TEST(DigestRun, JsonPiecesUseTheTextOfScalars) {
  const Digester digester = Unseeded("SHA-256");
  auto json_hex = [&](const std::vector<JsonValue>& values) {
    DigestRun run(digester);
    for (const JsonValue& value : values) run.AddJson(value);
    std::string hex;
    run.Finish().AppendHexLower(&hex);
    return hex;
  };
  EXPECT_EQ(json_hex({JsonValue::String("abc")}), HexOf(digester, {"abc"}));
  EXPECT_EQ(json_hex({JsonValue::Integer(42), JsonValue::Double(59.9), JsonValue::Bool(true),
                      JsonValue::Null()}),
            HexOf(digester, {"42", "59.9", "true", "null"}));
  EXPECT_EQ(json_hex({JsonValue::Double(1e7)}), HexOf(digester, {"1.0E7"}));
  EXPECT_EQ(json_hex({JsonValue::Object({{"a", JsonValue::Integer(1)}}),
                      JsonValue::Array({JsonValue::String("x")}), JsonValue::String("abc")}),
            HexOf(digester, {"abc"}));
}

TEST(DigestRun, BytesOfAnotherDigestAsAPiece) {
  const Digester inner = Unseeded("MD5");
  DigestRun first(inner);
  first.Add("abc");
  const DigestResult bytes = first.Finish();
  EXPECT_EQ(bytes.bytes().size(), 16u);
  const Digester outer = Unseeded("SHA-256");
  EXPECT_EQ(HexOf(outer, {bytes.bytes()}).size(), 64u);
  EXPECT_EQ(HexOf(outer, {bytes.bytes()}),
            HexOf(outer, {std::string_view("\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28"
                                           "\xe1\x7f\x72",
                                           16)}));
}

TEST(DigestRun, NestedRunsOnOneThread) {
  const Digester digester = Seeded("SHA-256", "foo");
  DigestRun outer(digester);
  outer.Add("ab");
  {
    DigestRun inner(digester);
    inner.Add("zzz");
    inner.Finish();
  }
  outer.Add("c");
  std::string hex;
  outer.Finish().AppendHexLower(&hex);
  EXPECT_EQ(hex, "3d97dbfc82ebcf7efc9688c7493471d49e95680a03b57fea24df1edb9b47d29d");
}

TEST(DigestRun, SharedDigesterOnManyThreads) {
  const Digester digester = Seeded("SHA-256", "foo");
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) results[t] = HexOf(digester, {"a", "bc"});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) {
    EXPECT_EQ(result, "3d97dbfc82ebcf7efc9688c7493471d49e95680a03b57fea24df1edb9b47d29d");
  }
}

TEST(DigestResult, Encodings) {
  const Digester digester = Unseeded("MD5");
  DigestRun run(digester);
  run.Add("abc");
  const DigestResult result = run.Finish();
  std::string lower, upper, base64;
  result.AppendHexLower(&lower);
  result.AppendHexUpper(&upper);
  result.AppendBase64(&base64);
  EXPECT_EQ(lower, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(upper, "900150983CD24FB0D6963F7D28E17F72");
  EXPECT_EQ(base64, "kAFQmDzST7DWlj99KOF/cg==");
  // SHA-1: 20 bytes, one padding character.
  const Digester sha1_digester = Unseeded("SHA-1");
  DigestRun sha1(sha1_digester);
  sha1.Add("abc");
  std::string sha1_base64;
  sha1.Finish().AppendBase64(&sha1_base64);
  EXPECT_EQ(sha1_base64, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
}

}  // namespace
}  // namespace divolte::functions
