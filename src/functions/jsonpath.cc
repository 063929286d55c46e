#include "functions/jsonpath.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

#include "base/check.h"
#include "event/utf8.h"
#include "functions/json_text.h"
#include "functions/jsonpath_program.h"

namespace divolte::functions {
namespace {

using event::JsonValue;
using internal::FilterNode;
using internal::FilterOperand;
using internal::PathSegment;
using internal::PathStep;

// The element of `array` at `index` (negative counts from the end), or nullptr.
const JsonValue* Element(const JsonValue& array, int64_t index) {
  if (!array.is_array()) return nullptr;
  const auto size = static_cast<int64_t>(array.AsArray().size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return nullptr;
  return &array.AsArray()[static_cast<size_t>(index)];
}

const JsonValue* Follow(const JsonValue* value, const std::vector<PathSegment>& path) {
  for (const PathSegment& segment : path) {
    if (value == nullptr) return nullptr;
    value = segment.is_index ? Element(*value, segment.index) : value->Find(segment.name);
  }
  return value;
}

bool IsNumber(const JsonValue& value) {
  return value.is_integer() || value.is_big_integer() || value.is_double();
}

long double NumberValue(const JsonValue& value) {
  if (value.is_integer()) return static_cast<long double>(value.AsInteger());
  if (value.is_double()) return value.AsDouble();
  return std::strtold(value.AsBigInteger().c_str(), nullptr);
}

// -1, 0, 1; or 2 when unordered (NaN).
int CompareNumbers(const JsonValue& a, const JsonValue& b) {
  if (a.is_integer() && b.is_integer()) {
    return a.AsInteger() < b.AsInteger() ? -1 : a.AsInteger() > b.AsInteger() ? 1 : 0;
  }
  const long double x = NumberValue(a);
  const long double y = NumberValue(b);
  if (std::isnan(x) || std::isnan(y)) return 2;
  return x < y ? -1 : x > y ? 1 : 0;
}

// A string that holds a decimal number, for equality with a number (Jayway's coercion).
std::optional<JsonValue> StringAsNumber(const JsonValue& value) {
  std::string_view text = value.AsString();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double number = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), number);
  const bool finite = result.ec == std::errc() && std::isfinite(number);
  if (text.empty() || !finite || result.ptr != text.data() + text.size()) return std::nullopt;
  return JsonValue::Double(number);
}

// The order of two values: -1, 0, 1; 2 when unordered (NaN); nullopt when only equality applies.
std::optional<int> Order(const JsonValue& a, const JsonValue& b) {
  if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a, b);
  if (a.is_string() && b.is_string()) {
    const int order = event::CompareUtf16(a.AsString(), b.AsString());
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  }
  return std::nullopt;
}

bool Equal(const JsonValue& a, const JsonValue& b) {
  if (const std::optional<int> order = Order(a, b)) return *order == 0;
  if (IsNumber(a) && b.is_string()) {
    const std::optional<JsonValue> number = StringAsNumber(b);
    return number && CompareNumbers(a, *number) == 0;
  }
  if (a.is_string() && IsNumber(b)) return Equal(b, a);
  return JsonEquals(a, b);
}

// Numbers compare by value (1 == 1.0, and 8 == '8' as in Jayway), strings in Java's order, other
// values only for equality; a missing operand makes every comparison false except `!=`.
bool Compare(FilterNode::Op op, const JsonValue* a, const JsonValue* b) {
  if (a == nullptr || b == nullptr) return op == FilterNode::Op::kNe;
  if (op == FilterNode::Op::kEq) return Equal(*a, *b);
  if (op == FilterNode::Op::kNe) return !Equal(*a, *b);
  const std::optional<int> order = Order(*a, *b);
  if (!order || *order == 2) return false;
  switch (op) {
    case FilterNode::Op::kLt:
      return *order < 0;
    case FilterNode::Op::kLe:
      return *order <= 0;
    case FilterNode::Op::kGt:
      return *order > 0;
    case FilterNode::Op::kGe:
      return *order >= 0;
    default:
      return false;
  }
}

// One evaluation of a program against a document.
class Evaluator {
 public:
  Evaluator(const JsonPath::Program& program, const JsonValue& root,
            std::vector<const JsonValue*>* out)
      : program_(program), root_(root), out_(out) {}

  void Walk(size_t step, const JsonValue& value) {
    if (step == program_.steps.size()) {
      out_->push_back(&value);
    } else if (program_.steps[step].deep) {
      Scan(step, value);
    } else {
      Apply(step, value);
    }
  }

 private:
  // ".." applies the step to `value` and to every value below it, in document order. A deep
  // filter tests each object or array itself (an element is tested once, as itself).
  void Scan(size_t step, const JsonValue& value) {
    const PathStep& s = program_.steps[step];
    if (s.kind != PathStep::Kind::kFilter) {
      Apply(step, value);
    } else if ((value.is_object() || value.is_array()) && Test(s.filter, value)) {
      Walk(step + 1, value);
    }
    if (value.is_object()) {
      for (const event::JsonMember& member : value.AsObject()) Scan(step, member.value);
    } else if (value.is_array()) {
      for (const JsonValue& element : value.AsArray()) Scan(step, element);
    }
  }

  void Apply(size_t step, const JsonValue& value) {
    const PathStep& s = program_.steps[step];
    switch (s.kind) {
      case PathStep::Kind::kName:
      case PathStep::Kind::kNames:
        for (const std::string& name : s.names) Next(step, value.Find(name));
        return;
      case PathStep::Kind::kIndex:
      case PathStep::Kind::kIndexes:
        for (const int64_t index : s.indexes) Next(step, Element(value, index));
        return;
      case PathStep::Kind::kWildcard:
        if (value.is_object()) {
          for (const event::JsonMember& member : value.AsObject()) Walk(step + 1, member.value);
        } else if (value.is_array()) {
          for (const JsonValue& element : value.AsArray()) Walk(step + 1, element);
        }
        return;
      case PathStep::Kind::kSlice:
        return Slice(step, s, value);
      case PathStep::Kind::kFilter:
        return Filter(step, s, value);
    }
  }

  void Next(size_t step, const JsonValue* value) {
    if (value != nullptr) Walk(step + 1, *value);
  }

  // Python-style bounds: negative counts from the end, both clamped to the array.
  void Slice(size_t step, const PathStep& s, const JsonValue& value) {
    if (!value.is_array()) return;
    const auto size = static_cast<int64_t>(value.AsArray().size());
    auto bound = [size](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + size : i, 0, size); };
    const int64_t start = bound(s.start.value_or(0));
    const int64_t end = bound(s.end.value_or(size));
    for (int64_t i = start; i < end; ++i) Walk(step + 1, value.AsArray()[static_cast<size_t>(i)]);
  }

  // On an array, each element that passes; on an object, the object itself if it passes.
  void Filter(size_t step, const PathStep& s, const JsonValue& value) {
    if (value.is_array()) {
      for (const JsonValue& element : value.AsArray()) {
        if (Test(s.filter, element)) Walk(step + 1, element);
      }
    } else if (value.is_object() && Test(s.filter, value)) {
      Walk(step + 1, value);
    }
  }

  const JsonValue* Resolve(const FilterOperand& operand, const JsonValue& current) const {
    switch (operand.kind) {
      case FilterOperand::Kind::kCurrent:
        return Follow(&current, operand.path);
      case FilterOperand::Kind::kRoot:
        return Follow(&root_, operand.path);
      case FilterOperand::Kind::kLiteral:
        return &operand.literal;
    }
    return nullptr;
  }

  bool Test(int index, const JsonValue& current) const {
    const FilterNode& node = program_.filter_nodes[static_cast<size_t>(index)];
    switch (node.op) {
      case FilterNode::Op::kOr:
        return Test(node.left, current) || Test(node.right, current);
      case FilterNode::Op::kAnd:
        return Test(node.left, current) && Test(node.right, current);
      case FilterNode::Op::kNot:
        return !Test(node.left, current);
      case FilterNode::Op::kExists: {
        const JsonValue* value = Resolve(node.a, current);
        return value != nullptr && !value->is_null();
      }
      case FilterNode::Op::kRegex:
        return RegexTest(node, Resolve(node.a, current));
      default:
        return Compare(node.op, Resolve(node.a, current), Resolve(node.b, current));
    }
  }

  // Jayway's input to a regex: a string as it is, a number or boolean as text, anything else
  // (null, a container, a missing value) as "".
  static bool RegexTest(const FilterNode& node, const JsonValue* value) {
    if (value != nullptr && value->is_string()) return node.regex->Matches(value->AsString());
    thread_local std::string text;
    text.clear();
    if (value != nullptr && !value->is_null()) AppendJsonScalarText(*value, &text);
    return node.regex->Matches(text);
  }

  const JsonPath::Program& program_;
  const JsonValue& root_;
  std::vector<const JsonValue*>* out_;
};

}  // namespace

base::Result<JsonPath> JsonPath::Compile(std::string_view expression) {
  base::Result<Program> program = internal::CompileJsonPath(expression);
  if (!program.ok()) {
    return base::Result<JsonPath>::Error("unsupported JSONPath '" + std::string(expression) +
                                         "': " + program.message());
  }
  return JsonPath(std::make_shared<const Program>(std::move(program.value())));
}

bool JsonPath::definite() const { return program_->definite; }

const JsonValue* JsonPath::FindOne(const JsonValue& root) const {
  CHECK(definite());
  const JsonValue* value = &root;
  for (const PathStep& step : program_->steps) {
    value = step.kind == PathStep::Kind::kName ? value->Find(step.names[0])
                                               : Element(*value, step.indexes[0]);
    if (value == nullptr) return nullptr;
  }
  return value;
}

void JsonPath::FindAll(const JsonValue& root, std::vector<const JsonValue*>* matches) const {
  matches->clear();
  Evaluator(*program_, root, matches).Walk(0, root);
}

std::optional<JsonValue> JsonPath::Evaluate(const JsonValue& root) const {
  if (definite()) {
    const JsonValue* value = FindOne(root);
    if (value == nullptr) return std::nullopt;
    return *value;
  }
  std::vector<const JsonValue*> matches;
  FindAll(root, &matches);
  event::JsonArray elements;
  elements.reserve(matches.size());
  for (const JsonValue* match : matches) elements.push_back(*match);
  return JsonValue::Array(std::move(elements));
}

}  // namespace divolte::functions
