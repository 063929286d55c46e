#pragma once

// The compiled form of a JSONPath (jsonpath.h): steps applied left to right, filter expressions
// as a tree of nodes. Internal to this module: built by jsonpath_parser.cc, run by jsonpath.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event/json_value.h"
#include "functions/jsonpath.h"
#include "functions/regex.h"

namespace divolte::functions::internal {

// One step of a path inside a filter (`@.a[0]`): a member name or an array index.
struct PathSegment {
  bool is_index = false;
  std::string name;
  int64_t index = 0;
};

struct FilterOperand {
  enum class Kind { kCurrent, kRoot, kLiteral };
  Kind kind = Kind::kLiteral;
  std::vector<PathSegment> path;  // kCurrent, kRoot
  event::JsonValue literal;       // kLiteral
};

struct FilterNode {
  enum class Op { kOr, kAnd, kNot, kExists, kEq, kNe, kLt, kLe, kGt, kGe, kRegex };
  Op op = Op::kExists;
  int left = -1;   // kOr, kAnd, kNot: child nodes
  int right = -1;  // kOr, kAnd
  FilterOperand a;
  FilterOperand b;
  std::optional<Regex> regex;  // kRegex
};

struct PathStep {
  enum class Kind { kName, kIndex, kWildcard, kNames, kIndexes, kSlice, kFilter };
  Kind kind = Kind::kName;
  bool deep = false;               // preceded by ".."
  std::vector<std::string> names;  // kName (one), kNames
  std::vector<int64_t> indexes;    // kIndex (one), kIndexes
  std::optional<int64_t> start;    // kSlice
  std::optional<int64_t> end;      // kSlice
  int filter = -1;                 // kFilter: the root node
};

}  // namespace divolte::functions::internal

namespace divolte::functions {

struct JsonPath::Program {
  std::string expression;
  std::vector<internal::PathStep> steps;
  std::vector<internal::FilterNode> filter_nodes;
  bool definite = true;
};

namespace internal {
// Compiles `expression` (jsonpath_parser.cc); the error is the reason only.
base::Result<JsonPath::Program> CompileJsonPath(std::string_view expression);
}  // namespace internal

}  // namespace divolte::functions
