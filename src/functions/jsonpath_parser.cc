// Compilation of the JSONPath subset of mapping.md §7.3 into a JsonPath::Program.

#include <algorithm>
#include <charconv>
#include <string>
#include <system_error>
#include <utility>

#include "functions/jsonpath_program.h"

namespace divolte::functions::internal {
namespace {

using event::JsonValue;

// Characters that end a member name in dot notation inside a filter.
constexpr std::string_view kFilterNameEnd = " \t.[]()=!<>&|,~";

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class JsonPathParser {
 public:
  explicit JsonPathParser(std::string_view text) : text_(text) {}

  base::Result<JsonPath::Program> Run();

 private:
  // Path steps.
  void Step();
  void DotName(bool deep);
  void Bracket(bool deep);
  void BracketNames(PathStep* step);
  void BracketNumbers(PathStep* step);
  std::optional<int64_t> Integer();
  std::string Quoted();

  // Filters: return the index of the node built.
  int Or();
  int And();
  int Unary();
  int Comparison();
  FilterOperand Operand();
  std::vector<PathSegment> OperandPath();
  JsonValue NumberLiteral();
  std::optional<Regex> RegexLiteral();
  int AddNode(FilterNode node);

  // Cursor.
  char At(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : 0; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool Accept(std::string_view token) {
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  void Expect(char c) {
    SkipSpace();
    if (!Accept(std::string_view(&c, 1))) Fail(std::string("expected '") + c + "'");
  }
  void SkipSpace() {
    while (At() == ' ' || At() == '\t') ++pos_;
  }
  void Fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason) + " at position " + std::to_string(pos_);
  }
  bool failed() const { return !error_.empty(); }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
  JsonPath::Program program_;
};

base::Result<JsonPath::Program> JsonPathParser::Run() {
  program_.expression = std::string(text_);
  if (!Accept("$")) Fail("a path must start with '$'");
  while (!failed() && !AtEnd()) Step();
  if (failed()) return base::Result<JsonPath::Program>::Error(error_);
  for (const PathStep& step : program_.steps) {
    const bool single = step.kind == PathStep::Kind::kName || step.kind == PathStep::Kind::kIndex;
    if (step.deep || !single) program_.definite = false;
  }
  return std::move(program_);
}

void JsonPathParser::Step() {
  if (Accept("..")) {
    if (At() == '[') return Bracket(true);
    if (Accept("*")) {
      program_.steps.push_back(PathStep{.kind = PathStep::Kind::kWildcard, .deep = true});
      return;
    }
    return DotName(true);
  }
  if (Accept(".")) {
    if (Accept("*")) {
      program_.steps.push_back(PathStep{.kind = PathStep::Kind::kWildcard});
      return;
    }
    return DotName(false);
  }
  if (At() == '[') return Bracket(false);
  Fail(std::string("unexpected '") + At() + "'");
}

void JsonPathParser::DotName(bool deep) {
  const size_t start = pos_;
  while (!AtEnd() && At() != '.' && At() != '[') ++pos_;
  const std::string_view name = text_.substr(start, pos_ - start);
  if (name.empty()) return Fail("a property name is missing");
  if (name.find_first_of("()") != std::string_view::npos) {
    return Fail("functions are not supported");
  }
  if (name.find_first_of(" \t") != std::string_view::npos) return Fail("unexpected whitespace");
  program_.steps.push_back(
      PathStep{.kind = PathStep::Kind::kName, .deep = deep, .names = {std::string(name)}});
}

void JsonPathParser::Bracket(bool deep) {
  ++pos_;  // '['
  SkipSpace();
  PathStep step{.deep = deep};
  if (Accept("*")) {
    step.kind = PathStep::Kind::kWildcard;
  } else if (Accept("?")) {
    Expect('(');
    step.kind = PathStep::Kind::kFilter;
    step.filter = Or();
    Expect(')');
  } else if (At() == '\'' || At() == '"') {
    BracketNames(&step);
  } else if (IsDigit(At()) || At() == '-' || At() == ':') {
    BracketNumbers(&step);
  } else {
    return Fail("unsupported bracket expression");
  }
  Expect(']');
  if (!failed()) program_.steps.push_back(std::move(step));
}

void JsonPathParser::BracketNames(PathStep* step) {
  do {
    SkipSpace();
    step->names.push_back(Quoted());
    SkipSpace();
  } while (!failed() && Accept(","));
  step->kind = step->names.size() == 1 ? PathStep::Kind::kName : PathStep::Kind::kNames;
}

void JsonPathParser::BracketNumbers(PathStep* step) {
  std::optional<int64_t> first = At() == ':' ? std::nullopt : Integer();
  SkipSpace();
  if (Accept(":")) {
    step->kind = PathStep::Kind::kSlice;
    step->start = first;
    SkipSpace();
    if (IsDigit(At()) || At() == '-') step->end = Integer();
    SkipSpace();
    if (At() == ':') Fail("slice steps are not supported");
    return;
  }
  step->indexes.push_back(first.value_or(0));
  while (!failed() && Accept(",")) {
    SkipSpace();
    step->indexes.push_back(Integer().value_or(0));
    SkipSpace();
  }
  step->kind = step->indexes.size() == 1 ? PathStep::Kind::kIndex : PathStep::Kind::kIndexes;
}

std::optional<int64_t> JsonPathParser::Integer() {
  int64_t value = 0;
  const char* begin = text_.data() + pos_;
  const auto result = std::from_chars(begin, text_.data() + text_.size(), value);
  if (result.ec != std::errc() || result.ptr == begin) {
    Fail("expected an integer");
    return std::nullopt;
  }
  pos_ += result.ptr - begin;
  return value;
}

// 'text' or "text"; a backslash takes the next character literally.
std::string JsonPathParser::Quoted() {
  std::string value;
  const char quote = At();
  if (quote != '\'' && quote != '"') {
    Fail("expected a quoted name");
    return value;
  }
  ++pos_;
  while (!AtEnd() && At() != quote) {
    if (At() == '\\' && pos_ + 1 < text_.size()) ++pos_;
    value.push_back(text_[pos_++]);
  }
  if (!Accept(std::string_view(&quote, 1))) Fail("unterminated string");
  return value;
}

int JsonPathParser::AddNode(FilterNode node) {
  program_.filter_nodes.push_back(std::move(node));
  return static_cast<int>(program_.filter_nodes.size() - 1);
}

int JsonPathParser::Or() {
  int node = And();
  while (!failed() && (SkipSpace(), Accept("||"))) {
    const int right = And();
    node = AddNode(FilterNode{.op = FilterNode::Op::kOr, .left = node, .right = right});
  }
  return node;
}

int JsonPathParser::And() {
  int node = Unary();
  while (!failed() && (SkipSpace(), Accept("&&"))) {
    const int right = Unary();
    node = AddNode(FilterNode{.op = FilterNode::Op::kAnd, .left = node, .right = right});
  }
  return node;
}

int JsonPathParser::Unary() {
  SkipSpace();
  if (At() == '!' && At(1) != '=') {
    ++pos_;
    const int operand = Unary();
    return AddNode(FilterNode{.op = FilterNode::Op::kNot, .left = operand});
  }
  if (Accept("(")) {
    const int node = Or();
    Expect(')');
    return node;
  }
  return Comparison();
}

int JsonPathParser::Comparison() {
  static constexpr std::pair<std::string_view, FilterNode::Op> kOperators[] = {
      {"==", FilterNode::Op::kEq}, {"!=", FilterNode::Op::kNe}, {"<=", FilterNode::Op::kLe},
      {">=", FilterNode::Op::kGe}, {"<", FilterNode::Op::kLt},  {">", FilterNode::Op::kGt},
  };
  FilterNode node{.a = Operand()};
  SkipSpace();
  const bool is_path = node.a.kind != FilterOperand::Kind::kLiteral;
  if (Accept("=~")) {
    if (!is_path) Fail("'=~' needs a path on its left");
    node.op = FilterNode::Op::kRegex;
    node.regex = RegexLiteral();
    return AddNode(std::move(node));
  }
  for (const auto& [token, op] : kOperators) {
    if (Accept(token)) {
      node.op = op;
      node.b = Operand();
      return AddNode(std::move(node));
    }
  }
  if (!is_path) Fail("a literal is not a condition");
  node.op = FilterNode::Op::kExists;
  return AddNode(std::move(node));
}

FilterOperand JsonPathParser::Operand() {
  SkipSpace();
  FilterOperand operand;
  if (Accept("@")) {
    operand.kind = FilterOperand::Kind::kCurrent;
    operand.path = OperandPath();
  } else if (Accept("$")) {
    operand.kind = FilterOperand::Kind::kRoot;
    operand.path = OperandPath();
  } else if (At() == '\'' || At() == '"') {
    operand.literal = JsonValue::String(Quoted());
  } else if (IsDigit(At()) || At() == '-') {
    operand.literal = NumberLiteral();
  } else if (Accept("true")) {
    operand.literal = JsonValue::Bool(true);
  } else if (Accept("false")) {
    operand.literal = JsonValue::Bool(false);
  } else if (Accept("null")) {
    operand.literal = JsonValue::Null();
  } else {
    Fail("unsupported filter expression");
  }
  return operand;
}

// `.name`, `['name']` and `[n]` steps after '@' or '$' in a filter.
std::vector<PathSegment> JsonPathParser::OperandPath() {
  std::vector<PathSegment> path;
  while (!failed()) {
    if (At() == '.' && At(1) != '.' && At(1) != '*') {
      ++pos_;
      const size_t end = std::min(text_.find_first_of(kFilterNameEnd, pos_), text_.size());
      if (end == pos_) Fail("a property name is missing");
      path.push_back(PathSegment{.name = std::string(text_.substr(pos_, end - pos_))});
      pos_ = end;
      if (At() == '(') Fail("functions are not supported");
    } else if (At() == '[') {
      ++pos_;
      SkipSpace();
      if (At() == '\'' || At() == '"') {
        path.push_back(PathSegment{.name = Quoted()});
      } else {
        path.push_back(PathSegment{.is_index = true, .index = Integer().value_or(0)});
      }
      Expect(']');
    } else if (At() == '.') {
      Fail("only names and indexes are supported in filter paths");
    } else {
      return path;
    }
  }
  return path;
}

JsonValue JsonPathParser::NumberLiteral() {
  const size_t start = pos_;
  if (At() == '-') ++pos_;
  bool integer = true;
  while (IsDigit(At()) || At() == '.' || At() == 'e' || At() == 'E' ||
         ((At() == '+' || At() == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E'))) {
    integer = integer && IsDigit(At());
    ++pos_;
  }
  const std::string_view number = text_.substr(start, pos_ - start);
  int64_t value = 0;
  const auto int_result = std::from_chars(number.data(), number.data() + number.size(), value);
  if (integer && int_result.ec == std::errc() && int_result.ptr == number.data() + number.size()) {
    return JsonValue::Integer(value);
  }
  double real = 0;
  const auto result = std::from_chars(number.data(), number.data() + number.size(), real);
  if (result.ec != std::errc() || result.ptr != number.data() + number.size()) {
    Fail("invalid number");
  }
  return JsonValue::Double(real);
}

// `/regex/flags`: `\/` stands for '/', other escapes are the regex's own. Flags are Java's
// inline flag letters (i, m, s, x, u, d).
std::optional<Regex> JsonPathParser::RegexLiteral() {
  SkipSpace();
  if (!Accept("/")) {
    Fail("expected a /regex/");
    return std::nullopt;
  }
  std::string pattern;
  while (!AtEnd() && At() != '/') {
    if (At() == '\\' && At(1) == '/') ++pos_;
    pattern.push_back(text_[pos_++]);
  }
  if (!Accept("/")) {
    Fail("unterminated /regex/");
    return std::nullopt;
  }
  std::string flags;
  while (!AtEnd() && std::string_view("imsxud").find(At()) != std::string_view::npos) {
    flags.push_back(text_[pos_++]);
  }
  if (!flags.empty()) pattern = "(?" + flags + ")" + pattern;
  base::Result<Regex> regex = Regex::Compile(pattern);
  if (!regex.ok()) {
    Fail(regex.message());
    return std::nullopt;
  }
  return std::move(regex.value());
}

}  // namespace

base::Result<JsonPath::Program> CompileJsonPath(std::string_view expression) {
  return JsonPathParser(expression).Run();
}

}  // namespace divolte::functions::internal
