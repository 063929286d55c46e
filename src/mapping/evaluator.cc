#include "mapping/evaluator.h"

#include <fmt/format.h>

#include <limits>

namespace divolte::mapping {

using script::Position;

LoadValue* Scope::Find(const std::string& name) {
  for (Scope* scope = this; scope != nullptr; scope = scope->parent_.get()) {
    const auto found = scope->variables_.find(name);
    if (found != scope->variables_.end()) return &found->second;
  }
  return nullptr;
}

const LoadValue* Scope::FindIt() const {
  for (const Scope* scope = this; scope != nullptr; scope = scope->parent_.get()) {
    if (scope->has_it_) return &scope->it_;
  }
  return nullptr;
}

Evaluator::Evaluator(const ScriptMappingOptions& options, ScriptMapping::Program* program)
    : options_(options), program_(program) {
  action_lists_.push_back(&program_->actions);
}

void Evaluator::Run(const script::Script& script) {
  const auto scope = std::make_shared<Scope>(nullptr);
  ExecuteBlock(script.statements, scope);
  if (!saw_mapping_) {
    Error(Position{}, "script declares no mapping { } block");
    return;
  }
  CheckRequiredFields(first_mapping_);
}

LoadValue Evaluator::ExecuteBlock(const std::vector<script::Statement>& statements,
                                  const ScopePtr& scope) {
  LoadValue last;
  for (const script::Statement& statement : statements) last = Execute(statement, scope);
  return last;
}

LoadValue Evaluator::Execute(const script::Statement& statement, const ScopePtr& scope) {
  if (const auto* declaration = std::get_if<script::Declaration>(&statement.node)) {
    LoadValue value;
    if (declaration->value) value = Evaluate(*declaration->value, scope);
    CheckComplete(value);
    scope->Declare(declaration->name, value);
    return LoadValue();
  }
  if (const auto* assignment = std::get_if<script::Assignment>(&statement.node)) {
    LoadValue value = Evaluate(*assignment->value, scope);
    CheckComplete(value);
    LoadValue* variable = scope->Find(assignment->name);
    if (variable == nullptr) {
      Error(statement.position, fmt::format("unknown variable '{}'", assignment->name));
    } else {
      *variable = value;
    }
    return LoadValue();
  }
  const auto& expression = std::get<script::ExpressionStatement>(statement.node).expression;
  LoadValue value = Evaluate(*expression, scope);
  if (!CheckComplete(value)) return LoadValue::Error();
  return value;
}

bool Evaluator::CheckComplete(const LoadValue& value) {
  std::string_view message;
  switch (value.type) {
    case LoadValue::Type::kPendingMap:
      message = "incomplete 'map' statement; expected 'onto <field>'";
      break;
    case LoadValue::Type::kPendingWhen:
      message =
          "incomplete 'when' statement; expected 'apply { … }', 'exit()', 'stop()' or 'drop()'";
      break;
    case LoadValue::Type::kPendingParse:
      message = "incomplete 'parse' expression; expected 'to <type>'";
      break;
    case LoadValue::Type::kPendingMatch:
      message = "incomplete 'match' expression; expected 'against <string>'";
      break;
    default:
      return true;
  }
  Error(value.position, std::string(message));
  return false;
}

LoadValue Evaluator::Evaluate(const script::Expression& expression, const ScopePtr& scope) {
  const Position position = expression.position;
  LoadValue value = std::visit(
      [&](const auto& node) -> LoadValue {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, script::Literal>) {
          LoadValue literal;
          switch (node.kind) {
            case script::LiteralKind::kInteger:
              literal.type = LoadValue::Type::kInteger;
              break;
            case script::LiteralKind::kLong:
              literal.type = LoadValue::Type::kLong;
              break;
            case script::LiteralKind::kBigInteger:
              literal.type = LoadValue::Type::kBigInteger;
              break;
            case script::LiteralKind::kBigDecimal:
              literal.type = LoadValue::Type::kBigDecimal;
              break;
            case script::LiteralKind::kDouble:
              literal.type = LoadValue::Type::kDouble;
              break;
            case script::LiteralKind::kFloat:
              literal.type = LoadValue::Type::kFloat;
              break;
            case script::LiteralKind::kString:
              literal.type = LoadValue::Type::kString;
              break;
            case script::LiteralKind::kBoolean:
              literal.type = LoadValue::Type::kBoolean;
              break;
            case script::LiteralKind::kNull:
              literal.type = LoadValue::Type::kNull;
              break;
          }
          literal.integer = node.integer;
          literal.floating = node.floating;
          literal.boolean = node.boolean;
          literal.text = node.text;
          return literal;
        } else if constexpr (std::is_same_v<T, script::InterpolatedString>) {
          return EvaluateInterpolated(node, scope);
        } else if constexpr (std::is_same_v<T, script::ListLiteral>) {
          LoadValue list = LoadValue::Typed(LoadValue::Type::kList);
          for (const auto& element : node.elements) {
            LoadValue item = Evaluate(*element, scope);
            if (!CheckComplete(item)) item = LoadValue::Error();
            list.list.push_back(std::move(item));
          }
          return list;
        } else if constexpr (std::is_same_v<T, script::Closure>) {
          LoadValue closure = LoadValue::Typed(LoadValue::Type::kClosure);
          closure.closure = &node;
          closure.closure_scope = scope;
          return closure;
        } else if constexpr (std::is_same_v<T, script::Identifier>) {
          return EvaluateIdentifier(node, position, scope);
        } else if constexpr (std::is_same_v<T, script::Call>) {
          return CallFunction(node, position, scope);
        } else if constexpr (std::is_same_v<T, script::MethodCall>) {
          return CallMethod(node, position, scope);
        } else if constexpr (std::is_same_v<T, script::Add>) {
          return EvaluateAdd(node, scope);
        } else {
          return EvaluateNegate(node, position, scope);
        }
      },
      expression.node);
  if (value.position == Position{}) value.position = position;
  return value;
}

LoadValue Evaluator::EvaluateInterpolated(const script::InterpolatedString& text,
                                          const ScopePtr& scope) {
  LoadValue result = LoadValue::String("");
  for (const script::StringPart& part : text.parts) {
    if (!part.expression) {
      result.text += part.text;
      continue;
    }
    const LoadValue value = Evaluate(*part.expression, scope);
    if (value.is_error()) return value;
    if (!AppendLoadText(value, &result.text)) {
      Error(part.expression->position, value.type == LoadValue::Type::kProducer
                                           ? "cannot interpolate a per-event value; map it instead"
                                           : fmt::format("cannot interpolate a {}", TypeOf(value)));
      return LoadValue::Error();
    }
  }
  return result;
}

LoadValue Evaluator::EvaluateIdentifier(const script::Identifier& identifier, Position position,
                                        const ScopePtr& scope) {
  if (const LoadValue* variable = scope->Find(identifier.name)) {
    LoadValue value = *variable;
    value.position = position;
    return value;
  }
  if (identifier.name == "it") {
    if (const LoadValue* it = scope->FindIt()) return *it;
  }
  static const std::pair<std::string_view, ConversionToken> kTokens[] = {
      {"int32", ConversionToken::kInt32}, {"int64", ConversionToken::kInt64},
      {"fp32", ConversionToken::kFp32},   {"fp64", ConversionToken::kFp64},
      {"bool", ConversionToken::kBool},   {"uri", ConversionToken::kUri},
  };
  for (const auto& [name, token] : kTokens) {
    if (identifier.name == name) {
      LoadValue value = LoadValue::Typed(LoadValue::Type::kToken);
      value.token = token;
      value.text = identifier.name;
      return value;
    }
  }
  Error(position, fmt::format("unknown variable '{}'", identifier.name));
  return LoadValue::Error();
}

namespace {

bool IsIntegral(const LoadValue& value) {
  return value.type == LoadValue::Type::kInteger || value.type == LoadValue::Type::kLong;
}
bool IsFloating(const LoadValue& value) {
  return value.type == LoadValue::Type::kFloat || value.type == LoadValue::Type::kDouble;
}

}  // namespace

// `+` (§4.4): strings concatenate (with the text of any load-time value), lists concatenate,
// numbers add as Groovy does (Integer overflow widens to Long; floats and doubles give Double).
LoadValue Evaluator::EvaluateAdd(const script::Add& add, const ScopePtr& scope) {
  LoadValue left = Evaluate(*add.left, scope);
  LoadValue right = Evaluate(*add.right, scope);
  if (left.is_error() || right.is_error()) return LoadValue::Error();
  if (!CheckComplete(left) || !CheckComplete(right)) return LoadValue::Error();
  using Type = LoadValue::Type;
  if (left.type == Type::kString) {
    if (!AppendLoadText(right, &left.text)) {
      Error(add.operator_position, right.type == Type::kProducer
                                       ? "cannot interpolate a per-event value; map it instead"
                                       : fmt::format("cannot add a {} to a String", TypeOf(right)));
      return LoadValue::Error();
    }
    return left;
  }
  if (left.type == Type::kList) {
    if (right.type == Type::kList) {
      for (auto& item : right.list) left.list.push_back(std::move(item));
    } else {
      left.list.push_back(std::move(right));
    }
    return left;
  }
  if (IsIntegral(left) && IsIntegral(right)) {
    int64_t sum = 0;
    if (__builtin_add_overflow(left.integer, right.integer, &sum)) {
      Error(add.operator_position, "unsupported operator '+': the sum overflows a Long");
      return LoadValue::Error();
    }
    LoadValue result = LoadValue::Typed(Type::kLong);
    const bool both_int = left.type == Type::kInteger && right.type == Type::kInteger;
    if (both_int && sum >= std::numeric_limits<int32_t>::min() &&
        sum <= std::numeric_limits<int32_t>::max()) {
      result.type = Type::kInteger;
    }
    result.integer = sum;
    return result;
  }
  if ((IsIntegral(left) || IsFloating(left)) && (IsIntegral(right) || IsFloating(right))) {
    auto as_double = [](const LoadValue& v) {
      return IsIntegral(v) ? static_cast<double>(v.integer) : v.floating;
    };
    LoadValue result = LoadValue::Typed(Type::kDouble);
    result.floating = as_double(left) + as_double(right);
    return result;
  }
  Error(add.operator_position,
        fmt::format("unsupported operator '+' between {} and {}", TypeOf(left), TypeOf(right)));
  return LoadValue::Error();
}

LoadValue Evaluator::EvaluateNegate(const script::Negate& negate, Position position,
                                    const ScopePtr& scope) {
  LoadValue value = Evaluate(*negate.operand, scope);
  if (value.is_error()) return value;
  using Type = LoadValue::Type;
  switch (value.type) {
    case Type::kInteger:
    case Type::kLong:
      value.integer = -value.integer;
      // -2147483648 is written as the Long 2147483648 negated; Groovy keeps it a Long.
      return value;
    case Type::kFloat:
    case Type::kDouble:
      value.floating = -value.floating;
      return value;
    case Type::kBigInteger:
    case Type::kBigDecimal:
      value.text = value.text.starts_with('-') ? value.text.substr(1) : "-" + value.text;
      return value;
    default:
      Error(position, fmt::format("unsupported operator '-' on {}", TypeOf(value)));
      return LoadValue::Error();
  }
}

Evaluator::Arguments Evaluator::EvaluateArguments(
    const std::vector<script::ExpressionPtr>& arguments, const ScopePtr& scope) {
  Arguments values;
  values.reserve(arguments.size());
  for (const auto& argument : arguments) values.push_back(Evaluate(*argument, scope));
  return values;
}

LoadValue Evaluator::Invoke(const LoadValue& closure, const LoadValue* argument) {
  const auto scope = std::make_shared<Scope>(closure.closure_scope);
  const auto& parameters = closure.closure->parameters;
  if (parameters.empty()) {
    scope->SetIt(argument != nullptr ? *argument : LoadValue());
  } else {
    for (size_t i = 0; i < parameters.size(); ++i) {
      scope->Declare(parameters[i].name, i == 0 && argument != nullptr ? *argument : LoadValue());
    }
  }
  return ExecuteBlock(closure.closure->body, scope);
}

std::vector<Action> Evaluator::CollectActions(const LoadValue& closure) {
  std::vector<Action> actions;
  action_lists_.push_back(&actions);
  Invoke(closure, nullptr);
  action_lists_.pop_back();
  return actions;
}

void Evaluator::AppendAction(Action action) { action_lists_.back()->push_back(std::move(action)); }

int32_t Evaluator::AddNode(Node node) {
  // Equal producers share one node, so each is evaluated once per event (§1.4).
  const std::string key = fmt::format("{}|{}|{}|{}|{}", static_cast<int>(node.op), node.input,
                                      node.input2, node.index, node.text);
  const bool keyed = !node.literal.has_value() && node.op != Op::kEqualToLiteral;
  if (keyed) {
    const auto found = node_index_.find(key);
    if (found != node_index_.end()) return found->second;
  }
  program_->nodes.push_back(std::move(node));
  const auto index = static_cast<int32_t>(program_->nodes.size() - 1);
  if (keyed) node_index_[key] = index;
  return index;
}

bool Evaluator::ExpectProducer(const LoadValue& value, Kind kind, std::string_view what,
                               Position position) {
  if (value.is_error()) return false;
  if (value.type == LoadValue::Type::kProducer && this->node(value).kind == kind) return true;
  if (!CheckComplete(value)) return false;
  const std::string_view name = KindName(kind);
  Error(position,
        fmt::format("{} expects a{} {} value, found {}", what,
                    std::string_view("aeiou").find(name[0]) != std::string_view::npos ? "n" : "",
                    name, TypeOf(value)));
  return false;
}

bool Evaluator::ExpectString(const LoadValue& value, std::string_view what, Position position) {
  if (value.is_error()) return false;
  if (value.type == LoadValue::Type::kString) return true;
  if (!CheckComplete(value)) return false;
  Error(position, fmt::format("{} expects a String literal, found {}", what, TypeOf(value)));
  return false;
}

std::string Evaluator::Describe(const LoadValue& value) const {
  if (value.type == LoadValue::Type::kProducer) return node(value).label;
  if (value.type == LoadValue::Type::kDigester) {
    return program_->digesters[value.node].label;
  }
  std::string text;
  if (!AppendLoadText(value, &text)) return std::string(LoadTypeName(value));
  return text;
}

std::string Evaluator::TypeOf(const LoadValue& value) const {
  if (value.type == LoadValue::Type::kProducer) return std::string(KindName(node(value).kind));
  return std::string(LoadTypeName(value));
}

void Evaluator::Error(Position position, std::string message) {
  errors_.push_back({position, std::move(message)});
}

void Evaluator::Warning(Position position, std::string message) {
  warnings_.push_back({position, std::move(message)});
}

}  // namespace divolte::mapping
