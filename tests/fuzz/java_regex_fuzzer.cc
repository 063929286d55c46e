// Regular expressions of `match '<regex>' against <string>` (mapping.md §7.7): the translation of
// Java's syntax to PCRE2 (written by the script's author, compiled at start-up) and matching on
// event values (sent by clients). Input: the pattern, optionally followed by a line `@@@@` and a
// subject; the pattern is also matched against a few fixed subjects.
//
// Invariants: a pattern that compiles has the group count of its translation; after a match
// group 0 is the whole subject and every group that took part is a view into it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "functions/java_regex.h"
#include "functions/regex.h"

namespace {

namespace functions = divolte::functions;

constexpr std::string_view kSeparator = "\n@@@@\n";

void Match(const functions::Regex& regex, std::string_view subject) {
  static functions::RegexMatch match;  // reused, as a mapper thread does
  const bool matched = regex.Matches(subject, &match);
  CHECK(matched == match.matched());
  if (!matched) return;
  const auto whole = match.Group(0);
  CHECK(whole.has_value());
  const bool repaired = whole->data() != subject.data();  // invalid UTF-8 is matched repaired
  if (!repaired) CHECK(whole->size() == subject.size());
  for (uint32_t group = 1; group <= regex.group_count(); ++group) {
    const auto text = match.Group(group);
    if (!text || text->empty()) continue;
    CHECK(text->data() >= whole->data() &&
          text->data() + text->size() <= whole->data() + whole->size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view pattern(reinterpret_cast<const char*>(data), size);
  std::string_view subject;
  if (const size_t separator = pattern.find(kSeparator); separator != std::string_view::npos) {
    subject = pattern.substr(separator + kSeparator.size());
    pattern = pattern.substr(0, separator);
  }
  const auto translation = functions::TranslateJavaRegex(pattern);
  auto regex = functions::Regex::Compile(pattern);
  if (!translation.ok()) {
    CHECK(!regex.ok());
    return 0;
  }
  if (!regex.ok()) return 0;  // PCRE2 refused the translation (reported at start-up)
  CHECK(regex->group_count() == translation->group_count);
  CHECK(regex->pcre2_pattern() == translation->pcre2_pattern);
  Match(*regex, subject);
  Match(*regex, pattern);
  Match(*regex, "https://www.example.com/products/42?utm_source=news");
  Match(*regex, "Mozilla/5.0 (X11; Linux x86_64) \xe2\x82\xac \xf0\x9f\x98\x80");
  return 0;
}
