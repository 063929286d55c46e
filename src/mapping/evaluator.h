#pragma once

// The load-time evaluation of a mapping script (mapping.md §1.1, §4): walks the syntax tree once,
// resolving variables, invoking closures and unrolling `.each`, and records the actions and
// producers it meets in a Program, checking every type against the schema on the way (§8, §12).
// Internal to the mapping module; used by ScriptMapping::Load.
//
// Errors do not stop the evaluation: an expression that fails reports one diagnostic and yields
// an kError value, which every later use accepts silently, so independent mistakes are all
// reported together.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "mapping/load_value.h"
#include "mapping/program.h"
#include "script/ast.h"
#include "script/diagnostic.h"

namespace divolte::mapping {

// A block's variables (the script, a closure body), chained to the enclosing block.
class Scope {
 public:
  explicit Scope(std::shared_ptr<Scope> parent) : parent_(std::move(parent)) {}

  // The innermost variable called `name`, or nullptr.
  LoadValue* Find(const std::string& name);
  void Declare(const std::string& name, LoadValue value) { variables_[name] = std::move(value); }
  // The `it` of the nearest closure without declared parameters (§4.3), or nullptr.
  const LoadValue* FindIt() const;
  void SetIt(LoadValue value) {
    it_ = std::move(value);
    has_it_ = true;
  }

 private:
  std::shared_ptr<Scope> parent_;
  std::unordered_map<std::string, LoadValue> variables_;
  LoadValue it_;
  bool has_it_ = false;
};

class Evaluator {
 public:
  Evaluator(const ScriptMappingOptions& options, ScriptMapping::Program* program);

  // Evaluates the whole script into the program.
  void Run(const script::Script& script);

  std::vector<script::Diagnostic>& errors() { return errors_; }
  std::vector<script::Diagnostic>& warnings() { return warnings_; }
  // `println` output, in order.
  const std::vector<std::string>& printed() const { return printed_; }

 private:
  using ScopePtr = std::shared_ptr<Scope>;
  using Arguments = std::vector<LoadValue>;

  // ---- statements and expressions (evaluator.cc) ----
  LoadValue ExecuteBlock(const std::vector<script::Statement>& statements, const ScopePtr& scope);
  LoadValue Execute(const script::Statement& statement, const ScopePtr& scope);
  LoadValue Evaluate(const script::Expression& expression, const ScopePtr& scope);
  LoadValue EvaluateInterpolated(const script::InterpolatedString& text, const ScopePtr& scope);
  LoadValue EvaluateIdentifier(const script::Identifier& identifier, script::Position position,
                               const ScopePtr& scope);
  LoadValue EvaluateAdd(const script::Add& add, const ScopePtr& scope);
  LoadValue EvaluateNegate(const script::Negate& negate, script::Position position,
                           const ScopePtr& scope);
  Arguments EvaluateArguments(const std::vector<script::ExpressionPtr>& arguments,
                              const ScopePtr& scope);
  // Runs a closure's body in a new block; `argument` is its parameter (or `it`).
  LoadValue Invoke(const LoadValue& closure, const LoadValue* argument);
  // A value that must be complete: reports `incomplete '<x>' …` for a pending statement.
  bool CheckComplete(const LoadValue& value);

  // ---- functions (functions.cc) ----
  LoadValue CallFunction(const script::Call& call, script::Position position,
                         const ScopePtr& scope);
  LoadValue CallMappingFunction(const std::string& name, Arguments& arguments,
                                script::Position position);
  LoadValue CallStatementFunction(const std::string& name, Arguments& arguments,
                                  script::Position position, bool* handled);
  LoadValue CallEventFunction(const std::string& name, Arguments& arguments,
                              script::Position position, bool* handled);
  LoadValue CallDigest(Arguments& arguments, script::Position position);
  LoadValue CallIp2Geo(Arguments& arguments, script::Position position);
  void AddFlowAction(Action::Type type, const Arguments& arguments, const std::string& name,
                     script::Position position);

  // ---- methods (methods.cc) ----
  LoadValue CallMethod(const script::MethodCall& call, script::Position position,
                       const ScopePtr& scope);
  LoadValue CallPendingMethod(LoadValue& receiver, const std::string& name, Arguments& arguments,
                              script::Position position);
  LoadValue CallListMethod(LoadValue& receiver, const std::string& name, Arguments& arguments,
                           script::Position position);
  LoadValue CallDigesterMethod(LoadValue& receiver, const std::string& name, Arguments& arguments,
                               script::Position position);
  LoadValue CallProducerMethod(const LoadValue& receiver, const std::string& name,
                               Arguments& arguments, script::Position position);
  LoadValue CallEqualTo(const LoadValue& receiver, Arguments& arguments, script::Position position);
  LoadValue ApplyWhen(const LoadValue& pending, const std::string& name, Arguments& arguments,
                      script::Position position);
  LoadValue Parse(const LoadValue& pending, Arguments& arguments, script::Position position);
  LoadValue Match(const LoadValue& pending, Arguments& arguments, script::Position position);

  // ---- mapping onto fields (map_action.cc) ----
  void AddMap(const LoadValue& value, const LoadValue& field, script::Position position);
  bool CheckProducerField(const Node& node, const avro::Field& field, script::Position position);
  bool MakeConstant(const LoadValue& value, const avro::Field& field, script::Position position,
                    Constant* constant);
  void CheckRequiredFields(script::Position position);

  // ---- helpers (evaluator.cc) ----
  int32_t AddNode(Node node);
  const Node& node(const LoadValue& producer) const { return program_->nodes[producer.node]; }
  // The producer behind `value` if it is a producer of `kind`; otherwise reports
  // `<what> expects a <kind> value, found <type>` and returns false.
  bool ExpectProducer(const LoadValue& value, Kind kind, std::string_view what,
                      script::Position position);
  bool ExpectString(const LoadValue& value, std::string_view what, script::Position position);
  std::string Describe(const LoadValue& value) const;  // `location()`, `'text'`, `42`
  std::string TypeOf(const LoadValue& value) const;    // kind or load-time type name
  void Error(script::Position position, std::string message);
  void Warning(script::Position position, std::string message);
  void AppendAction(Action action);
  // Runs `closure` collecting the actions it adds into a new list.
  std::vector<Action> CollectActions(const LoadValue& closure);

  const ScriptMappingOptions& options_;
  ScriptMapping::Program* program_;
  std::vector<std::vector<Action>*> action_lists_;  // innermost last
  int mapping_depth_ = 0;
  bool saw_mapping_ = false;
  script::Position first_mapping_;
  std::set<avro::FieldIndex> mapped_fields_;
  std::map<std::string, int32_t> node_index_;  // dedup key -> node
  std::vector<script::Diagnostic> errors_;
  std::vector<script::Diagnostic> warnings_;
  std::vector<std::string> printed_;
};

}  // namespace divolte::mapping
