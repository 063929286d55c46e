// Deterministic pseudo-random inputs for every parser of untrusted bytes: none may crash, hang or
// trip a sanitizer. (The fuzzers in tests/fuzz explore further; this keeps a cheap guard in the
// unit tests.)

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "event/base36.h"
#include "event/checksum.h"
#include "event/identifier.h"
#include "event/ip_address.h"
#include "event/mincode.h"
#include "event/query.h"
#include "event/utf8.h"

namespace divolte::event {
namespace {

// Random strings biased towards the characters the parsers care about.
std::string RandomInput(std::mt19937* rng) {
  static constexpr char kInteresting[] = "%&=+:.![]()~asdjtfnoxz019AFeE-,\t \xc3\xa9\xf0\x9f\xff";
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> pick(0, sizeof(kInteresting) - 2);
  std::uniform_int_distribution<int> any_byte(0, 255);
  std::string text;
  for (int n = length(*rng); n > 0; --n) {
    text.push_back((*rng)() % 4 == 0 ? static_cast<char>(any_byte(*rng))
                                     : kInteresting[pick(*rng)]);
  }
  return text;
}

TEST(RobustnessTest, RandomInputsNeverCrash) {
  std::mt19937 rng(20240601);
  QueryParams params;
  for (int i = 0; i < 20000; ++i) {
    const std::string input = RandomInput(&rng);
    if (params.Decode(input) == QueryStatus::kOk) {
      for (size_t k = 0; k < params.size(); ++k) {
        ASSERT_TRUE(IsValidUtf8(params.name(k)));
        ASSERT_TRUE(IsValidUtf8(params.value(k)));
      }
      (void)IsChecksumValid(params);
    }
    (void)DecodeMincode(input);
    (void)IpAddress::ParseLiteral(input);
    (void)ForwardedForAddress(input);
    (void)NormaliseIdentifier(input);
    (void)ParsePixelRatio(input);
    std::string repaired;
    AppendSanitisedUtf8(input, &repaired);
    ASSERT_TRUE(IsValidUtf8(repaired));
    std::string utf16;
    AppendUtf16Le(input, &utf16);
    ASSERT_EQ(utf16.size() % 2, 0u);
  }
}

}  // namespace
}  // namespace divolte::event
