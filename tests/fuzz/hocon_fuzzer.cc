// The HOCON parser and substitution resolver (config.md §2) on a configuration file's text, with
// a fixed environment. Includes are looked up in a directory that does not exist.
//
// Invariants: a resolved tree contains only plain values; rendered as JSON (config::Render) it
// parses and resolves to a tree that renders identically (unless the JSON form nests beyond the
// parser's limit).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "base/check.h"
#include "config/hocon_parser.h"
#include "config/hocon_resolver.h"
#include "config/hocon_value.h"

namespace {

namespace config = divolte::config;

std::optional<std::string> FixedEnvironment(const std::string& name) {
  if (name == "HOME") return "/home/divolte";
  if (name == "DIVOLTE_PORT") return "8290";
  if (name == "DIVOLTE_KAFKA_BROKER_LIST") return "kafka1:9092,kafka2:9092";
  return std::nullopt;
}

void CheckPlain(const config::Value& value) {
  CHECK(!value.IsUnresolved());
  for (const config::ValuePtr& item : value.items()) CheckPlain(*item);
  for (const auto& [key, field] : value.fields()) CheckPlain(*field);
}

// The nesting the parser counts for the JSON rendering of `value`: one per array, two per object
// member (its braces and its key).
int RenderedNesting(const config::Value& value) {
  int deepest = 0;
  for (const config::ValuePtr& item : value.items())
    deepest = std::max(deepest, RenderedNesting(*item));
  for (const auto& [key, field] : value.fields()) {
    deepest = std::max(deepest, 1 + RenderedNesting(*field));
  }
  return value.type() == config::ValueType::kArray || value.type() == config::ValueType::kObject
             ? deepest + 1
             : 0;
}

std::optional<std::string> ParseAndResolve(std::string_view text, int* nesting) {
  auto parsed = config::ParseDocument(text, config::Origin::File("fuzz.conf", 0),
                                      "/nonexistent/divolte-fuzz");
  if (!parsed.ok()) return std::nullopt;
  CHECK(*parsed != nullptr && (*parsed)->type() == config::ValueType::kObject);
  config::ResolveResult resolved = config::Resolve(*parsed, FixedEnvironment);
  if (!resolved.errors.empty()) return std::nullopt;
  CheckPlain(*resolved.root);
  *nesting = RenderedNesting(*resolved.root);
  return config::Render(*resolved.root);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int nesting = 0;
  const auto rendered =
      ParseAndResolve(std::string_view(reinterpret_cast<const char*>(data), size), &nesting);
  // A dotted key nests less than the objects it stands for, so a tree within the limit may
  // render beyond it.
  if (!rendered || nesting > config::kMaxNestingDepth) return 0;
  const auto again = ParseAndResolve(*rendered, &nesting);
  if (!again || *again != *rendered) {
    std::fprintf(stderr, "rendered: %s\nagain:    %s\n", rendered->c_str(),
                 again ? again->c_str() : "(error)");
    CHECK(false);
  }
  return 0;
}
