#pragma once

// JsonPath: the compiled form of `eventParameters().path('<JSONPath>')` (mapping.md §7.3),
// built once at start-up, immutable and shared by all mapper threads. Evaluation walks a
// JsonValue and returns pointers into it; it allocates only to grow the caller's match vector.
//
// Supported: `$` first; `.name`, `['name']`, `["name"]`; `[n]` (negative counts from the end);
// `*`, `[*]`; `..` deep scan (`..name`, `..*`, `..[n]`, `..[...]`); unions `[0,2]`, `['a','b']`;
// slices `[start:end]`, `[start:]`, `[:end]`, `[-n:]`; filters `[?(<expr>)]` with `&&`, `||`,
// `!`, parentheses, `@.path` (exists and is not null), comparisons `== != < <= > >=` between
// `@.path`, `$.path` and literals (numbers, 'strings', "strings", true, false, null), and
// `@.path =~ /regex/flags` (a Java regex matching the whole string).

#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "event/json_value.h"

namespace divolte::functions {

class JsonPath {
 public:
  // Errors (start-up): `unsupported JSONPath '<path>': <reason>`.
  static base::Result<JsonPath> Compile(std::string_view expression);

  // A definite path has only `$`, names and single indexes: its result is one value or absent.
  // Any other path is indefinite: its result is the array of all matches (possibly empty).
  bool definite() const;

  // The value at a definite path, or nullptr (absent) when a step does not exist or applies to
  // the wrong kind of value. A JSON null found at the end is present. REQUIRES: definite().
  const event::JsonValue* FindOne(const event::JsonValue& root) const;

  // Every match, in document order (a definite path gives at most one); clears `*matches` first.
  void FindAll(const event::JsonValue& root, std::vector<const event::JsonValue*>* matches) const;

  // The result as the mapping sees it: a copy of the value (definite; nullopt when absent) or an
  // array of copies of the matches (indefinite; always present). Allocates; for tests and tools.
  std::optional<event::JsonValue> Evaluate(const event::JsonValue& root) const;

  struct Program;  // immutable; defined in jsonpath_program.h

 private:
  explicit JsonPath(std::shared_ptr<const Program> program) : program_(std::move(program)) {}
  std::shared_ptr<const Program> program_;
};

}  // namespace divolte::functions
