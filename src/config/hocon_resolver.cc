#include "config/hocon_resolver.h"

#include <algorithm>
#include <unordered_map>

namespace divolte::config {
namespace {

enum class State { kDefined, kUndefined, kFailed };

struct Outcome {
  State state = State::kUndefined;
  ValuePtr value;  // set when kDefined

  static Outcome Defined(ValuePtr value) { return {State::kDefined, std::move(value)}; }
  static Outcome Undefined() { return {State::kUndefined, nullptr}; }
  static Outcome Failed() { return {State::kFailed, nullptr}; }
};

class Resolver {
 public:
  Resolver(ValuePtr root, const GetEnv& getenv) : root_(std::move(root)), getenv_(getenv) {}

  ResolveResult Run();

 private:
  // A node whose resolution is in progress. `prior` is, for a delayed merge, the value of the
  // definitions below the one being resolved: what a self-reference sees.
  struct Frame {
    const Value* node;
    int lookup_depth;
    ValuePtr prior;
  };

  Outcome Resolve(const ValuePtr& node);
  Outcome InProgress(const Value& node, const Frame& frame);
  Outcome ResolveUncached(const ValuePtr& node);
  Outcome ResolveObject(const Value& node);
  Outcome ResolveArray(const Value& node);
  Outcome ResolveConcatenation(const Value& node);
  Outcome ConcatenateResolved(const Value& node, const std::vector<ValuePtr>& parts);
  Outcome ResolveDelayedMerge(const Value& node);
  Outcome ResolveSubstitution(const Value& node);
  Outcome Lookup(const Value& substitution);
  Outcome LookupInTree(const Path& path);
  // Expanded size and nesting depth of a resolved value.
  struct Measure {
    ValuePtr value;  // holds the value so that its address stays unique
    uint64_t size;
    int depth;
  };
  Outcome CheckSize(ValuePtr value);
  const Measure& Measured(const ValuePtr& value);
  Outcome Fail(std::string message);

  ValuePtr root_;
  const GetEnv& getenv_;
  std::unordered_map<const Value*, Outcome> memo_;
  std::unordered_map<const Value*, Measure> measures_;
  std::vector<Frame> frames_;
  std::vector<const Value*> lookups_;  // substitutions being looked up, outermost first
  std::vector<std::string> errors_;
};

std::string SubstitutionText(const Value& substitution) {
  return (substitution.optional() ? "${?" : "${") + PathToString(substitution.path()) + "}";
}

ResolveResult Resolver::Run() {
  Outcome outcome = Resolve(root_);
  ResolveResult result;
  result.errors = std::move(errors_);
  if (outcome.state == State::kDefined && result.errors.empty()) result.root = outcome.value;
  if (outcome.state != State::kDefined && result.errors.empty()) {
    result.errors.push_back("The configuration root did not resolve to an object.");
  }
  return result;
}

Outcome Resolver::Fail(std::string message) {
  errors_.push_back(std::move(message));
  return Outcome::Failed();
}

Outcome Resolver::Resolve(const ValuePtr& node) {
  if (node->IsScalar() || node->resolved()) return Outcome::Defined(node);
  if (auto it = memo_.find(node.get()); it != memo_.end()) return it->second;
  auto frame = std::find_if(frames_.begin(), frames_.end(),
                            [&](const Frame& f) { return f.node == node.get(); });
  if (frame != frames_.end()) return InProgress(*node, *frame);
  frames_.push_back({node.get(), static_cast<int>(lookups_.size()), nullptr});
  Outcome outcome = ResolveUncached(node);
  frames_.pop_back();
  memo_[node.get()] = outcome;
  return outcome;
}

// A lookup reached a node that is being resolved. Directly from within its own value this is a
// self-reference (config.md §2.7): it sees the earlier definition, if any. Otherwise a cycle.
Outcome Resolver::InProgress(const Value& node, const Frame& frame) {
  bool container = node.type() == ValueType::kObject || node.type() == ValueType::kArray;
  if (!container && frame.lookup_depth == static_cast<int>(lookups_.size()) - 1) {
    return frame.prior ? Outcome::Defined(frame.prior) : Outcome::Undefined();
  }
  std::string chain;
  for (size_t i = static_cast<size_t>(frame.lookup_depth); i < lookups_.size(); ++i) {
    chain += (chain.empty() ? "" : " -> ") + SubstitutionText(*lookups_[i]);
  }
  const Value* last = lookups_.empty() ? &node : lookups_.back();
  return Fail("Substitution cycle: " + chain + " (" + last->origin().ToString() + ").");
}

Outcome Resolver::ResolveUncached(const ValuePtr& node) {
  switch (node->type()) {
    case ValueType::kObject:
      return ResolveObject(*node);
    case ValueType::kArray:
      return ResolveArray(*node);
    case ValueType::kConcatenation:
      return ResolveConcatenation(*node);
    case ValueType::kDelayedMerge:
      return ResolveDelayedMerge(*node);
    case ValueType::kSubstitution:
      return ResolveSubstitution(*node);
    default:
      return Outcome::Defined(node);
  }
}

// Undefined fields (an unresolved ${?x}) are left out; failures are collected, not short-cut.
Outcome Resolver::ResolveObject(const Value& node) {
  ValuePtr object = Value::Object(node.origin());
  bool failed = false;
  for (const auto& [key, child] : node.fields()) {
    Outcome outcome = Resolve(child);
    if (outcome.state == State::kFailed) failed = true;
    if (outcome.state == State::kDefined) object->Set(key, outcome.value);
  }
  if (failed) return Outcome::Failed();
  object->set_resolved();
  return CheckSize(std::move(object));
}

Outcome Resolver::ResolveArray(const Value& node) {
  ValuePtr array = Value::Array(node.origin());
  bool failed = false;
  for (const ValuePtr& item : node.items()) {
    Outcome outcome = Resolve(item);
    if (outcome.state == State::kFailed) failed = true;
    if (outcome.state == State::kDefined) array->mutable_items().push_back(outcome.value);
  }
  if (failed) return Outcome::Failed();
  array->set_resolved();
  return CheckSize(std::move(array));
}

Outcome Resolver::ResolveConcatenation(const Value& node) {
  std::vector<ValuePtr> parts;
  bool failed = false;
  for (const ValuePtr& piece : node.items()) {
    if (piece->is_whitespace()) {
      parts.push_back(piece);
      continue;
    }
    Outcome outcome = Resolve(piece);
    if (outcome.state == State::kFailed) failed = true;
    if (outcome.state == State::kDefined) parts.push_back(outcome.value);
  }
  if (failed) return Outcome::Failed();
  return ConcatenateResolved(node, parts);
}

// Objects merge, arrays concatenate (whitespace between them is dropped), scalars join as text.
Outcome Resolver::ConcatenateResolved(const Value& node, const std::vector<ValuePtr>& parts) {
  size_t objects = 0, arrays = 0, scalars = 0;
  for (const ValuePtr& part : parts) {
    if (part->is_whitespace()) continue;
    if (part->type() == ValueType::kObject)
      ++objects;
    else if (part->type() == ValueType::kArray)
      ++arrays;
    else
      ++scalars;
  }
  if (objects + arrays + scalars == 0) return Outcome::Undefined();
  if ((objects > 0) + (arrays > 0) + (scalars > 0) > 1) {
    return Fail("Cannot concatenate " + std::string(objects ? "an object" : "an array") + " with " +
                (scalars ? "a string" : "an array") + " (" + node.origin().ToString() + ").");
  }
  if (scalars == 0) {
    ValuePtr result;
    for (const ValuePtr& part : parts) {
      if (part->is_whitespace()) continue;
      if (objects) {
        result = MergeResolved(result, part);
      } else {
        if (!result) result = Value::Array(node.origin());
        for (const ValuePtr& item : part->items()) result->mutable_items().push_back(item);
        result->set_resolved();
      }
    }
    return CheckSize(std::move(result));
  }
  std::string text;
  for (const ValuePtr& part : parts) {
    text += part->text();
    if (text.size() > kMaxConcatenatedString) {
      return Fail("A concatenated string is longer than 1 MiB (" + node.origin().ToString() + ").");
    }
  }
  return Outcome::Defined(Value::String(std::move(text), node.origin()));
}

// The definitions of one key, oldest first: an undefined one (${?x} without value) leaves the
// earlier value in effect, an object merges over an object, anything else replaces.
Outcome Resolver::ResolveDelayedMerge(const Value& node) {
  const size_t frame = frames_.size() - 1;
  ValuePtr current;
  bool failed = false;
  for (const ValuePtr& item : node.items()) {
    frames_[frame].prior = current;
    Outcome outcome = Resolve(item);
    if (outcome.state == State::kFailed) failed = true;
    if (outcome.state != State::kDefined) continue;
    bool both_objects = current && current->type() == ValueType::kObject &&
                        outcome.value->type() == ValueType::kObject;
    current = both_objects ? MergeResolved(current, outcome.value) : outcome.value;
  }
  if (failed) return Outcome::Failed();
  if (!current) return Outcome::Undefined();
  return CheckSize(std::move(current));
}

Outcome Resolver::ResolveSubstitution(const Value& node) {
  if (static_cast<int>(lookups_.size()) >= kMaxSubstitutionDepth) {
    return Fail("Substitutions are nested deeper than " + std::to_string(kMaxSubstitutionDepth) +
                " levels at " + SubstitutionText(node) + " (" + node.origin().ToString() + ").");
  }
  lookups_.push_back(&node);
  Outcome outcome = Lookup(node);
  lookups_.pop_back();
  return outcome;
}

// The path relative to the include point first (for included files), then from the root, then
// the environment variable named by the path.
Outcome Resolver::Lookup(const Value& substitution) {
  std::vector<Path> candidates;
  if (!substitution.prefix().empty()) {
    Path prefixed = substitution.prefix();
    prefixed.insert(prefixed.end(), substitution.path().begin(), substitution.path().end());
    candidates.push_back(std::move(prefixed));
  }
  candidates.push_back(substitution.path());
  for (const Path& path : candidates) {
    Outcome outcome = LookupInTree(path);
    if (outcome.state != State::kUndefined) return outcome;
  }
  std::string variable;
  for (const std::string& segment : substitution.path()) {
    variable += (variable.empty() ? "" : ".") + segment;
  }
  if (std::optional<std::string> value = getenv_(variable)) {
    return Outcome::Defined(Value::String(std::move(*value), Origin::Environment(variable)));
  }
  if (substitution.optional()) return Outcome::Undefined();
  return Fail("Could not resolve substitution to a value: " + SubstitutionText(substitution) +
              " (" + substitution.origin().ToString() + ").");
}

// Objects on the way are navigated without resolving them as a whole, so a field may refer to
// a sibling; any other node on the way is resolved first.
Outcome Resolver::LookupInTree(const Path& path) {
  ValuePtr node = root_;
  for (const std::string& segment : path) {
    if (node->type() != ValueType::kObject) {
      Outcome outcome = Resolve(node);
      if (outcome.state != State::kDefined) return outcome;
      node = outcome.value;
      if (node->type() != ValueType::kObject) return Outcome::Undefined();
    }
    const ValuePtr* child = node->Find(segment);
    if (!child) return Outcome::Undefined();
    node = *child;
  }
  return Resolve(node);
}

// Containers are measured when built, so the recursion only descends into values that are
// not measured yet (objects built by MergeResolved), which are no deeper than their inputs.
const Resolver::Measure& Resolver::Measured(const ValuePtr& value) {
  if (auto it = measures_.find(value.get()); it != measures_.end()) return it->second;
  Measure measure{value, 1 + value->text().size(), 1};
  auto add = [&](const ValuePtr& child, size_t key_size) {
    if (child->IsScalar()) {
      measure.size += key_size + 1 + child->text().size();
      return;
    }
    const Measure& inner = Measured(child);
    measure.size = std::min(kMaxResolvedSize + 1, measure.size + key_size + inner.size);
    measure.depth = std::max(measure.depth, inner.depth + 1);
  };
  for (const ValuePtr& item : value->items()) add(item, 0);
  for (const auto& [key, item] : value->fields()) add(item, key.size());
  return measures_[value.get()] = measure;
}

Outcome Resolver::CheckSize(ValuePtr value) {
  const Measure& measure = Measured(value);
  if (measure.size > kMaxResolvedSize) {
    return Fail("The configuration is too large after resolving substitutions (" +
                value->origin().ToString() + ").");
  }
  if (measure.depth > kMaxResolvedDepth) {
    return Fail("The configuration is nested deeper than " + std::to_string(kMaxResolvedDepth) +
                " levels after resolving substitutions (" + value->origin().ToString() + ").");
  }
  return Outcome::Defined(std::move(value));
}

}  // namespace

ResolveResult Resolve(const ValuePtr& root, const GetEnv& getenv) {
  Resolver resolver(root, getenv);
  return resolver.Run();
}

}  // namespace divolte::config
