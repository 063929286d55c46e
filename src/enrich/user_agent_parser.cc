#include "enrich/user_agent_parser.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <thread>

#include "base/check.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace divolte::enrich {

// RE2 reports at most this many groups to replacements ($1..$9) and default assignments.
constexpr int kMaxGroups = 9;
constexpr int64_t kRegexMaxMemory = int64_t{32} << 20;

struct CompiledRule {
  std::unique_ptr<RE2> regex;
  std::array<std::optional<std::string>, 5> replacements;
  // Groups to extract (0 to 1 + kMaxGroups): none when every field comes from a replacement
  // without `$n`, which spares RE2 its slower capturing engines.
  int groups_wanted = 0;
};

// One compiled rule list. `unfiltered` are the rules Hyperscan could not compile even as a
// prefilter: they are candidates for every user agent.
struct UserAgentParser::RuleList {
  std::vector<CompiledRule> rules;
  hs_database_t* prefilter = nullptr;
  std::vector<uint32_t> unfiltered;

  ~RuleList() { hs_free_database(prefilter); }
  size_t compiled() const;
};

namespace {

const base::Logger& Log() {
  static const base::Logger logger("UserAgentParser");
  return logger;
}

using Groups = std::array<re2::StringPiece, kMaxGroups + 1>;

// The group each result field takes when its rule has no replacement (enrich.md §3.2), 0 for
// none: user agent and OS (family, major, minor, patch, patch_minor), device (family, brand,
// model).
constexpr std::array<int, 5> kAgentGroups = {1, 2, 3, 4, 5};
constexpr std::array<int, 5> kDeviceGroups = {1, 0, 1, 0, 0};

std::string_view Group(const Groups& groups, int index) {
  const re2::StringPiece& piece = groups[index];
  return {piece.data() == nullptr ? "" : piece.data(), piece.size()};
}

// A replacement with $1..$9 substituted, trimmed (enrich.md §3.2); empty means missing.
std::string Expand(std::string_view replacement, const Groups& groups) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c == '$' && i + 1 < replacement.size() && replacement[i + 1] >= '1' &&
        replacement[i + 1] <= '9') {
      out += Group(groups, replacement[++i] - '0');
    } else {
      out += c;
    }
  }
  return std::string(base::TrimAsciiWhitespace(out));
}

// The value of one result field: its replacement when the rule has one, else the default group
// (0 for none).
std::string FieldValue(const CompiledRule& rule, size_t field, int default_group,
                       const Groups& groups) {
  if (rule.replacements[field].has_value()) return Expand(*rule.replacements[field], groups);
  if (default_group == 0) return {};
  return std::string(base::TrimAsciiWhitespace(Group(groups, default_group)));
}

base::Status CompilePrefilter(std::vector<UserAgentRule> const& rules,
                              UserAgentParser::RuleList* list) {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags, ids;
  for (uint32_t id = 0; id < list->rules.size(); ++id) {
    if (list->rules[id].regex == nullptr) continue;
    const UserAgentRule& rule = rules[id];
    const unsigned flag = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY |
                          HS_FLAG_UTF8 | (rule.case_insensitive ? HS_FLAG_CASELESS : 0U);
    std::string pattern = RelaxForPrefilter(rule.regex);
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(pattern.c_str(), flag, &info, &error) != HS_SUCCESS) {
      hs_free_compile_error(error);
      list->unfiltered.push_back(id);
      continue;
    }
    free(info);  // NOLINT: allocated by Hyperscan with malloc
    patterns.push_back(std::move(pattern));
    flags.push_back(flag);
    ids.push_back(id);
  }
  // A pattern can still fail in the whole-database compile; it then joins the unfiltered ones.
  while (!patterns.empty()) {
    std::vector<const char*> texts;
    for (const std::string& pattern : patterns) texts.push_back(pattern.c_str());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(texts.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr,
                         &list->prefilter, &error) == HS_SUCCESS) {
      break;
    }
    const int failed = error->expression;
    const std::string message = error->message;
    hs_free_compile_error(error);
    if (failed < 0) return base::Status::Error("Hyperscan: " + message);
    list->unfiltered.push_back(ids[failed]);
    patterns.erase(patterns.begin() + failed);
    flags.erase(flags.begin() + failed);
    ids.erase(ids.begin() + failed);
  }
  std::sort(list->unfiltered.begin(), list->unfiltered.end());
  return {};
}

// Whether a rule reads any group: a field without a replacement takes its default group
// (`default_groups[field]`, 0 for none), and a replacement may contain `$n`.
bool UsesGroups(const std::array<std::optional<std::string>, 5>& replacements,
                const std::array<int, 5>& default_groups) {
  for (size_t field = 0; field < replacements.size(); ++field) {
    if (!replacements[field].has_value()) {
      if (default_groups[field] != 0) return true;
    } else if (replacements[field]->find('$') != std::string::npos) {
      return true;
    }
  }
  return false;
}

void CompileRegexes(const std::string& path, const std::vector<UserAgentRule>& rules,
                    const std::array<int, 5>& default_groups, UserAgentParser::RuleList* list) {
  list->rules.resize(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    RE2::Options options;
    options.set_case_sensitive(!rules[i].case_insensitive);
    options.set_log_errors(false);
    // RE2's default 8 MiB makes the DFA of the patterns with long bounded repeats (`.{0,200}`)
    // give up and fall back to the NFA: 37k parses/s. 32 MiB gives 91k/s; the memory is only
    // taken by the few patterns that need it (bench/RESULTS.md).
    options.set_max_mem(kRegexMaxMemory);
    auto regex = std::make_unique<RE2>(rules[i].regex, options);
    if (!regex->ok()) {
      Log().Warn("Skipping user-agent pattern at {}:{}: {}", path, rules[i].line, regex->error());
      continue;
    }
    CompiledRule& compiled = list->rules[i];
    compiled.regex = std::move(regex);
    compiled.replacements = rules[i].replacements;
    if (UsesGroups(compiled.replacements, default_groups)) {
      compiled.groups_wanted = std::min(compiled.regex->NumberOfCapturingGroups(), kMaxGroups) + 1;
    }
  }
}

int HyperscanCandidate(unsigned id, unsigned long long, unsigned long long, unsigned,
                       void* context) {
  static_cast<std::vector<uint32_t>*>(context)->push_back(id);
  return 0;
}

bool IsWellFormedUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = base::WellFormedUtf8Length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// The first rule of `list` matching `text`, with its groups; nullptr when none does. Hyperscan
// requires valid UTF-8 in UTF-8 mode, so other input is confirmed against every rule.
const CompiledRule* FirstMatch(const UserAgentParser::RuleList& list, std::string_view text,
                               bool use_prefilter, hs_scratch_t* scratch,
                               std::vector<uint32_t>& candidates, Groups* groups) {
  candidates.clear();
  if (use_prefilter && list.prefilter != nullptr) {
    hs_scan(list.prefilter, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
            HyperscanCandidate, &candidates);
    candidates.insert(candidates.end(), list.unfiltered.begin(), list.unfiltered.end());
    std::sort(candidates.begin(), candidates.end());
  } else {
    for (uint32_t id = 0; id < list.rules.size(); ++id) candidates.push_back(id);
  }
  const re2::StringPiece input(text.data(), text.size());
  for (const uint32_t id : candidates) {
    const CompiledRule& rule = list.rules[id];
    if (rule.regex == nullptr) continue;
    groups->fill(re2::StringPiece());
    // One call: RE2 runs its DFA first and only extracts groups once the rule matched.
    if (!rule.regex->Match(input, 0, input.size(), RE2::UNANCHORED, groups->data(),
                           rule.groups_wanted)) {
      continue;
    }
    return &rule;
  }
  return nullptr;
}

void FillAgent(const CompiledRule* rule, const Groups& groups, UapResult::Agent* agent) {
  if (rule == nullptr) {
    *agent = UapResult::Agent{.family = "Other"};
    return;
  }
  agent->family = FieldValue(*rule, 0, kAgentGroups[0], groups);
  if (agent->family.empty()) agent->family = "Other";
  agent->major = FieldValue(*rule, 1, kAgentGroups[1], groups);
  agent->minor = FieldValue(*rule, 2, kAgentGroups[2], groups);
  agent->patch = FieldValue(*rule, 3, kAgentGroups[3], groups);
  agent->patch_minor = FieldValue(*rule, 4, kAgentGroups[4], groups);
}

void FillDevice(const CompiledRule* rule, const Groups& groups, UapResult::Device* device) {
  if (rule == nullptr) {
    *device = UapResult::Device{.family = "Other"};
    return;
  }
  device->family = FieldValue(*rule, 0, kDeviceGroups[0], groups);
  if (device->family.empty()) device->family = "Other";
  device->brand = FieldValue(*rule, 1, kDeviceGroups[1], groups);
  device->model = FieldValue(*rule, 2, kDeviceGroups[2], groups);
}

}  // namespace

std::string RelaxForPrefilter(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A leading '^' and then a leading ']' belong to the class.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    // An anchor that is not the pattern's first character only narrows the language; Hyperscan
    // rejects such embedded anchors, so the prefilter drops them.
    if ((c == '^' && i > 0) || (c == '$' && i + 1 < pattern.size())) continue;
    if (c == '{') {
      size_t j = i + 1;
      while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j]))) ++j;
      const std::string_view low = pattern.substr(i + 1, j - i - 1);
      size_t k = j + 1;
      while (k < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[k]))) ++k;
      if (!low.empty() && j < pattern.size() && pattern[j] == ',' && k > j + 1 &&
          k < pattern.size() && pattern[k] == '}') {
        out += '{';
        out += low;
        out += ",}";
        i = k;
        continue;
      }
    }
    out += c;
  }
  return out;
}

base::Result<std::shared_ptr<const UserAgentParser>> UserAgentParser::Create(
    const UserAgentRules& rules) {
  std::shared_ptr<UserAgentParser> parser(new UserAgentParser());
  parser->path_ = rules.path;
  const std::vector<UserAgentRule>* sources[3] = {&rules.user_agent, &rules.os, &rules.device};
  for (int i = 0; i < 3; ++i) {
    parser->lists_[i] = std::make_unique<RuleList>();
    CompileRegexes(rules.path, *sources[i], i == 2 ? kDeviceGroups : kAgentGroups,
                   parser->lists_[i].get());
  }
  // Hyperscan compilation takes most of the start-up time: one thread per list.
  base::Status statuses[3];
  {
    std::vector<std::jthread> threads;
    for (int i = 1; i < 3; ++i) {
      threads.emplace_back(
          [&, i] { statuses[i] = CompilePrefilter(*sources[i], parser->lists_[i].get()); });
    }
    statuses[0] = CompilePrefilter(*sources[0], parser->lists_[0].get());
  }
  for (const base::Status& status : statuses) {
    if (!status.ok()) return base::Status::Error(rules.path + ": " + status.message());
  }
  return std::shared_ptr<const UserAgentParser>(std::move(parser));
}

UserAgentParser::~UserAgentParser() = default;

UserAgentParser::Scratch::~Scratch() { hs_free_scratch(hyperscan); }

std::unique_ptr<UserAgentParser::Scratch> UserAgentParser::NewScratch() const {
  std::unique_ptr<Scratch> scratch(new Scratch());
  for (const auto& list : lists_) {
    if (list->prefilter != nullptr) {
      CHECK(hs_alloc_scratch(list->prefilter, &scratch->hyperscan) == HS_SUCCESS);
    }
  }
  return scratch;
}

void UserAgentParser::Parse(std::string_view user_agent, Scratch& scratch,
                            UapResult* result) const {
  const bool use_prefilter = IsWellFormedUtf8(user_agent);
  Groups groups;
  const CompiledRule* rule = FirstMatch(*lists_[0], user_agent, use_prefilter, scratch.hyperscan,
                                        scratch.candidates, &groups);
  FillAgent(rule, groups, &result->user_agent);
  rule = FirstMatch(*lists_[1], user_agent, use_prefilter, scratch.hyperscan, scratch.candidates,
                    &groups);
  FillAgent(rule, groups, &result->os);
  rule = FirstMatch(*lists_[2], user_agent, use_prefilter, scratch.hyperscan, scratch.candidates,
                    &groups);
  FillDevice(rule, groups, &result->device);
}

size_t UserAgentParser::RuleList::compiled() const {
  return static_cast<size_t>(std::count_if(
      rules.begin(), rules.end(), [](const CompiledRule& rule) { return rule.regex != nullptr; }));
}

size_t UserAgentParser::user_agent_rules() const { return lists_[0]->compiled(); }
size_t UserAgentParser::os_rules() const { return lists_[1]->compiled(); }
size_t UserAgentParser::device_rules() const { return lists_[2]->compiled(); }

}  // namespace divolte::enrich
