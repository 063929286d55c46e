#pragma once

// UserAgentParser: the uap-core rules compiled for speed (enrich.md §3.2, dependencies.md). Each
// rule list is matched in one pass by a Hyperscan prefilter database (a superset of the real
// patterns), and the candidates are confirmed in list order with RE2, which also extracts the
// groups. Immutable after Create and shared by all mapper threads; each thread brings its own
// Scratch.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "enrich/user_agent_rules.h"

struct hs_scratch;

namespace divolte::enrich {

// The uap-core result of one user agent (enrich.md §3.2). An empty string means missing; the
// families are never empty ("Other" when nothing matched).
struct UapResult {
  struct Agent {
    std::string family;
    std::string major, minor, patch, patch_minor;
  };
  struct Device {
    std::string family, brand, model;
  };
  Agent user_agent;
  Agent os;
  Device device;
};

class UserAgentParser {
 public:
  // One thread's matching state (Hyperscan scratch space, candidate list). Not thread-safe.
  class Scratch {
   public:
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class UserAgentParser;
    Scratch() = default;
    hs_scratch* hyperscan = nullptr;
    std::vector<uint32_t> candidates;
  };

  // Compiles every rule; a rule RE2 cannot compile is skipped with one WARN line (enrich.md
  // §3.2). The three prefilter databases are compiled on parallel threads.
  static base::Result<std::shared_ptr<const UserAgentParser>> Create(const UserAgentRules& rules);
  ~UserAgentParser();

  std::unique_ptr<Scratch> NewScratch() const;

  // Parses `user_agent` into `*result` (every member overwritten).
  void Parse(std::string_view user_agent, Scratch& scratch, UapResult* result) const;

  const std::string& path() const { return path_; }
  // Rules per list after compilation, for the start-up log line.
  size_t user_agent_rules() const;
  size_t os_rules() const;
  size_t device_rules() const;

  struct RuleList;  // defined in the .cc

 private:
  UserAgentParser() = default;

  std::string path_;
  std::unique_ptr<RuleList> lists_[3];
};

// The prefilter form of a pattern: bounded repeats `{m,n}` become `{m,}` (outside character
// classes), which keeps the language a superset while making Hyperscan compile it about three
// times faster. Exposed for tests.
std::string RelaxForPrefilter(std::string_view pattern);

}  // namespace divolte::enrich
