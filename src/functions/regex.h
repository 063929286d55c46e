#pragma once

// Regex: the compiled form of `match '<regex>' against <string>` (mapping.md §7.7). The Java
// pattern is translated (java_regex.h) and compiled once at start-up with PCRE2 (UTF mode, JIT
// when available), anchored at both ends: matching is Java's Matcher.matches(), the regex must
// match the entire input. A Regex is immutable and shared by all mapper threads.
// RegexMatch holds one thread's PCRE2 match state and the groups of its last match; each mapper
// thread owns one and reuses it, so matching does not allocate once warm.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace divolte::functions {

// Matching is bounded: a match that needs more than this many backtracking steps (PCRE2's match
// limit) counts as not matching, and is logged at DEBUG.
inline constexpr uint32_t kRegexMatchLimit = 10'000'000;
// Largest JIT stack a RegexMatch grows to.
inline constexpr size_t kRegexJitStackBytes = size_t{1} << 20;

class RegexMatch {
 public:
  RegexMatch();
  ~RegexMatch();
  RegexMatch(const RegexMatch&) = delete;
  RegexMatch& operator=(const RegexMatch&) = delete;

  // Whether the last Regex::Matches call matched.
  bool matched() const { return matched_; }
  // The text of group `index` (0 is the whole input) of the last match: nullopt if it did not
  // match or the group did not participate. Views into the subject (or, for a subject that was
  // not valid UTF-8, into this object's repaired copy); valid until the next match.
  // REQUIRES: index <= group_count() of the regex matched last.
  std::optional<std::string_view> Group(uint32_t index) const;

 private:
  friend class Regex;
  void Reserve(uint32_t pairs);

  pcre2_real_match_data_8* data_ = nullptr;
  pcre2_real_match_context_8* context_ = nullptr;
  pcre2_real_jit_stack_8* jit_stack_ = nullptr;
  uint32_t capacity_ = 0;  // ovector pairs of data_
  uint32_t groups_ = 0;    // of the regex matched last
  bool matched_ = false;
  std::string_view subject_;
  std::string repaired_;
};

class Regex {
 public:
  // Errors (start-up, mapping.md §12): `invalid regular expression at index <i>: <reason>` or
  // `unsupported regular expression construct`.
  static base::Result<Regex> Compile(std::string_view java_pattern);

  // The number of capturing groups.
  uint32_t group_count() const;
  // `.group('<name>')` resolved at start-up; error `no group named <name>`.
  base::Result<uint32_t> GroupIndex(std::string_view name) const;
  // `.group(<n>)` checked at start-up; error `no group <n> in regular expression`.
  base::Status CheckGroup(int64_t index) const;

  // `.matches()`: whether the regex matches the entire `subject`; the groups are left in
  // `*match`. A subject that is not valid UTF-8 is matched as repaired (U+FFFD), as Java would
  // see it after decoding.
  bool Matches(std::string_view subject, RegexMatch* match) const;
  // As above with a per-thread RegexMatch, when the groups are not needed.
  bool Matches(std::string_view subject) const;

  // The Java source and the PCRE2 translation (diagnostics, tests).
  const std::string& pattern() const;
  const std::string& pcre2_pattern() const;

  struct Compiled;  // immutable; defined in regex.cc

 private:
  explicit Regex(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace divolte::functions
