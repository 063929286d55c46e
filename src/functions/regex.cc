#include "functions/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

#include "base/check.h"
#include "base/log.h"
#include "event/utf8.h"
#include "functions/java_regex.h"

namespace divolte::functions {
namespace {

constexpr size_t kJitStackStartBytes = 32 * 1024;
constexpr size_t kErrorTextBytes = 256;

const base::Logger& Log() {
  static const base::Logger logger("Mapping");
  return logger;
}

// A PCRE2 compile error of the translation, reported against the Java source: an unknown
// property name is Java's error too; anything else is a valid Java construct PCRE2 cannot run
// (a look-behind of unbounded or variable length, a name or count too long).
base::Status CompileError(int code, size_t offset, const JavaRegexTranslation& translation) {
  if (code != PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY) {
    return base::Status::Error(std::string(kUnsupportedRegexMessage));
  }
  size_t index = 0;
  for (const auto& [pcre2_offset, java_index] : translation.source_map) {
    if (pcre2_offset > offset) break;
    index = java_index;
  }
  return base::Status::Error("invalid regular expression at index " + std::to_string(index) +
                             ": Unknown character script name");
}

}  // namespace

struct Regex::Compiled {
  ~Compiled() { pcre2_code_free(code); }

  std::string pattern;
  std::string pcre2_pattern;
  pcre2_code* code = nullptr;
  uint32_t group_count = 0;
  std::vector<std::pair<std::string, uint32_t>> group_names;
};

base::Result<Regex> Regex::Compile(std::string_view java_pattern) {
  base::Result<JavaRegexTranslation> translation = TranslateJavaRegex(java_pattern);
  if (!translation.ok()) return translation.status();
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translation->pcre2_pattern.data()),
                    translation->pcre2_pattern.size(),
                    PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_NEVER_BACKSLASH_C,
                    &error_code, &error_offset, nullptr);
  if (code == nullptr) return CompileError(error_code, error_offset, *translation);
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT support, the interpreter runs
  auto compiled = std::make_shared<Compiled>();
  compiled->pattern = std::string(java_pattern);
  compiled->pcre2_pattern = std::move(translation->pcre2_pattern);
  compiled->code = code;
  compiled->group_count = translation->group_count;
  compiled->group_names = std::move(translation->group_names);
  return Regex(std::move(compiled));
}

uint32_t Regex::group_count() const { return compiled_->group_count; }

const std::string& Regex::pattern() const { return compiled_->pattern; }

const std::string& Regex::pcre2_pattern() const { return compiled_->pcre2_pattern; }

base::Result<uint32_t> Regex::GroupIndex(std::string_view name) const {
  for (const auto& [group_name, index] : compiled_->group_names) {
    if (group_name == name) return index;
  }
  return base::Result<uint32_t>::Error("no group named " + std::string(name));
}

base::Status Regex::CheckGroup(int64_t index) const {
  if (index >= 0 && index <= static_cast<int64_t>(compiled_->group_count)) return {};
  return base::Status::Error("no group " + std::to_string(index) + " in regular expression");
}

bool Regex::Matches(std::string_view subject, RegexMatch* match) const {
  match->Reserve(compiled_->group_count + 1);
  match->groups_ = compiled_->group_count;
  match->matched_ = false;
  if (!event::IsValidUtf8(subject)) {
    match->repaired_.clear();
    event::AppendSanitisedUtf8(subject, &match->repaired_);
    subject = match->repaired_;
  }
  if (subject.data() == nullptr) subject = "";  // PCRE2 needs a non-null subject
  match->subject_ = subject;
  const int rc = pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
                             subject.size(), 0, PCRE2_NO_UTF_CHECK, match->data_, match->context_);
  if (rc >= 0) {
    match->matched_ = true;
  } else if (rc != PCRE2_ERROR_NOMATCH) {
    char text[kErrorTextBytes];
    pcre2_get_error_message(rc, reinterpret_cast<PCRE2_UCHAR*>(text), sizeof text);
    Log().Debug("regular expression '{}' counted as not matching an input of {} bytes: {}",
                compiled_->pattern, subject.size(), text);
  }
  return match->matched_;
}

bool Regex::Matches(std::string_view subject) const {
  thread_local RegexMatch match;
  return Matches(subject, &match);
}

RegexMatch::RegexMatch() {
  context_ = pcre2_match_context_create(nullptr);
  jit_stack_ = pcre2_jit_stack_create(kJitStackStartBytes, kRegexJitStackBytes, nullptr);
  CHECK(context_ != nullptr && jit_stack_ != nullptr);
  pcre2_set_match_limit(context_, kRegexMatchLimit);
  pcre2_jit_stack_assign(context_, nullptr, jit_stack_);
}

RegexMatch::~RegexMatch() {
  pcre2_match_data_free(data_);
  pcre2_jit_stack_free(jit_stack_);
  pcre2_match_context_free(context_);
}

void RegexMatch::Reserve(uint32_t pairs) {
  if (pairs <= capacity_) return;
  pcre2_match_data_free(data_);
  data_ = pcre2_match_data_create(pairs, nullptr);
  CHECK(data_ != nullptr);
  capacity_ = pairs;
}

std::optional<std::string_view> RegexMatch::Group(uint32_t index) const {
  CHECK(index <= groups_);
  if (!matched_) return std::nullopt;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data_);
  const PCRE2_SIZE start = ovector[2 * index];
  if (start == PCRE2_UNSET) return std::nullopt;
  return subject_.substr(start, ovector[2 * index + 1] - start);
}

}  // namespace divolte::functions
