#include "event/mincode.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace divolte::event {
namespace {

JsonValue Str(const char* s) { return JsonValue::String(s); }
JsonValue Int(int64_t i) { return JsonValue::Integer(i); }
JsonValue Dbl(double d) { return JsonValue::Double(d); }

// protocol.md §7.3: every example, with the JSON value derived from the JavaScript value.
TEST(MincodeTest, SpecExamples) {
  EXPECT_EQ(DecodeMincode("(sfoo!hello!dbar!16!)"),
            JsonValue::Object({{"foo", Str("hello")}, {"bar", Int(42)}}));
  EXPECT_EQ(DecodeMincode("sa~!b~~c!"), Str("a!b~c"));
  EXPECT_EQ(DecodeMincode("ad1!sx!tnn."), JsonValue::Array({Int(1), Str("x"), JsonValue::Bool(true),
                                                            JsonValue::Null(), JsonValue::Null()}));
  EXPECT_EQ(DecodeMincode("((a!ab!j1.5!d-3!.))"),
            JsonValue::Object(
                {{"a", JsonValue::Object({{"b", JsonValue::Array({Dbl(1.5), Int(-3)})}})}}));
  EXPECT_EQ(DecodeMincode("j1e+21!"), Dbl(1e21));
  EXPECT_EQ(DecodeMincode("j0.1!"), Dbl(0.1));
  EXPECT_EQ(DecodeMincode("d21i3v9!"), Int(123456789));
  EXPECT_EQ(DecodeMincode("dlfls!"), Int(1000000));
  EXPECT_EQ(DecodeMincode("j-0.5!"), Dbl(-0.5));
  EXPECT_EQ(DecodeMincode("j2.5e-7!"), Dbl(2.5e-7));
  EXPECT_EQ(DecodeMincode("(sd!2020-01-02T03:04:05.006Z!)"),
            JsonValue::Object({{"d", Str("2020-01-02T03:04:05.006Z")}}));
  EXPECT_EQ(DecodeMincode("(nn!(e!)al!.)"),
            JsonValue::Object(
                {{"n", JsonValue::Null()}, {"e", JsonValue::Object()}, {"l", JsonValue::Array()}}));
  EXPECT_EQ(DecodeMincode("(swe~!rd~~!x!)"), JsonValue::Object({{"we!rd~", Str("x")}}));
}

TEST(MincodeTest, ScalarsAndEmptyObject) {
  EXPECT_EQ(DecodeMincode("t"), JsonValue::Bool(true));
  EXPECT_EQ(DecodeMincode("f"), JsonValue::Bool(false));
  EXPECT_EQ(DecodeMincode("n"), JsonValue::Null());
  EXPECT_EQ(DecodeMincode("o"), JsonValue::Object());
  EXPECT_EQ(DecodeMincode("(oe!)"), JsonValue::Object({{"e", JsonValue::Object()}}));
  EXPECT_EQ(DecodeMincode("s!"), Str(""));
  EXPECT_EQ(DecodeMincode("s\xc3\xa9~\xc3\xa9!"), Str("\xc3\xa9\xc3\xa9"));
  EXPECT_EQ(DecodeMincode("(s!empty name!)"), JsonValue::Object({{"", Str("empty name")}}));
  EXPECT_EQ(DecodeMincode("(sk!1!sk!2!)"), JsonValue::Object({{"k", Str("1")}, {"k", Str("2")}}));
}

TEST(MincodeTest, TrailingInputIsIgnored) {
  EXPECT_EQ(DecodeMincode("tgarbage"), JsonValue::Bool(true));
  EXPECT_EQ(DecodeMincode("d1!)))"), Int(1));
  EXPECT_EQ(DecodeMincode("a.a"), JsonValue::Array());
}

TEST(MincodeTest, Base36Integers) {
  EXPECT_EQ(DecodeMincode("d0!"), Int(0));
  EXPECT_EQ(DecodeMincode("d-0!"), Int(0));
  EXPECT_EQ(DecodeMincode("d+Z!"), Int(35));
  EXPECT_EQ(DecodeMincode("d1y2p0ij32e8e7!"), Int(INT64_MAX));
  EXPECT_EQ(DecodeMincode("d-1y2p0ij32e8e8!"), Int(INT64_MIN));
  EXPECT_EQ(DecodeMincode("d1y2p0ij32e8e8!"), JsonValue::BigInteger("9223372036854775808"));
  EXPECT_EQ(DecodeMincode("d-1y2p0ij32e8e9!"), JsonValue::BigInteger("-9223372036854775809"));
  EXPECT_EQ(DecodeMincode("dzzzzzzzzzzzzzzz!"), JsonValue::BigInteger("221073919720733357899775"));
  EXPECT_EQ(DecodeMincode("d00000000000000000000001!"), Int(1));
  // 36^20 = 13367494538843734067838845976576: checks limb carries and zero padding.
  EXPECT_EQ(DecodeMincode("d100000000000000000000!"),
            JsonValue::BigInteger("13367494538843734067838845976576"));
}

TEST(MincodeTest, DecimalNumbers) {
  EXPECT_EQ(DecodeMincode("j42!"), Int(42));
  EXPECT_EQ(DecodeMincode("j-7!"), Int(-7));
  EXPECT_EQ(DecodeMincode("j1.0!"), Dbl(1.0));
  EXPECT_EQ(DecodeMincode("j1E3!"), Dbl(1000.0));
  EXPECT_EQ(DecodeMincode("j-9223372036854775808!"), Int(INT64_MIN));
  EXPECT_EQ(DecodeMincode("j9223372036854775808!"), JsonValue::BigInteger("9223372036854775808"));
  EXPECT_EQ(DecodeMincode("j-000100000000000000000000!"),
            JsonValue::BigInteger("-100000000000000000000"));
  EXPECT_EQ(DecodeMincode("j123456789012345678901234567890!"),
            JsonValue::BigInteger("123456789012345678901234567890"));
}

TEST(MincodeTest, ErrorsGiveNothing) {
  for (const char* text : {
           "",         // no value
           "x",        // unknown record type
           ")",        // object end outside an object
           ".",        // array end outside an array
           "(",        // end of input in an object
           "(sa!b!",   // object not closed
           "a",        // end of input in an array
           "ad1!",     // array not closed
           "a)",       // object end inside an array
           "(.",       // array end inside an object
           "(ta",      // member name not terminated
           "sabc",     // unterminated string
           "sabc~",    // unterminated escape
           "d!",       // empty integer
           "d-!",      // sign only
           "d1.5!",    // not base 36
           "d12",      // unterminated integer
           "j!",       // empty number
           "j1.!",     // fraction without digits
           "j.5!",     // no integer digits
           "j1e!",     // exponent without digits
           "j0x10!",   // not decimal
           "jNaN!",    // not a number
           "j1e999!",  // outside the double range
           "(x!n!)",   // unknown record type inside an object
       }) {
    EXPECT_EQ(DecodeMincode(text), std::nullopt) << text;
  }
}

// Converting a long base-36 integer to decimal is quadratic: a `u` of a megabyte of digits kept
// a mapper thread busy for minutes before numbers were bounded (found while writing
// mincode_fuzzer).
TEST(MincodeTest, NumberLengthIsBounded) {
  const std::string longest(kMaxMincodeNumberLength, 'z');
  const auto decoded = DecodeMincode("d" + longest + "!");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->AsBigInteger().size(), 1557u);  // 36^1000 has 1557 decimal digits
  EXPECT_EQ(DecodeMincode("d" + longest + "z!"), std::nullopt);
  EXPECT_EQ(DecodeMincode("d-" + longest + "!"), std::nullopt);  // the sign counts
  EXPECT_EQ(DecodeMincode("j" + std::string(kMaxMincodeNumberLength + 1, '9') + "!"), std::nullopt);
  EXPECT_EQ(DecodeMincode("(sa!b!dn!" + std::string(1000000, '1') + "!)"), std::nullopt);
  EXPECT_TRUE(
      DecodeMincode("j1." + std::string(kMaxMincodeNumberLength - 2, '5') + "!").has_value());
}

TEST(MincodeTest, NestingIsBounded) {
  const std::string deepest_allowed =
      std::string(kMaxMincodeDepth, 'a') + std::string(kMaxMincodeDepth, '.');
  EXPECT_TRUE(DecodeMincode(deepest_allowed).has_value());
  const std::string too_deep =
      std::string(kMaxMincodeDepth + 1, 'a') + std::string(kMaxMincodeDepth + 1, '.');
  EXPECT_EQ(DecodeMincode(too_deep), std::nullopt);
  // Objects: the outer one, then members that are objects, each closed.
  auto nested_objects = [](int depth) {
    std::string text = "(";
    for (int i = 1; i < depth; ++i) text += "(k!";
    return text + std::string(depth, ')');
  };
  EXPECT_TRUE(DecodeMincode(nested_objects(kMaxMincodeDepth)).has_value());
  EXPECT_EQ(DecodeMincode(nested_objects(kMaxMincodeDepth + 1)), std::nullopt);
  // Hostile input far beyond the bound must not exhaust the stack.
  EXPECT_EQ(DecodeMincode(std::string(1000000, 'a')), std::nullopt);
}

}  // namespace
}  // namespace divolte::event
