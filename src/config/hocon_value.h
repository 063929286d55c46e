#pragma once

// The HOCON value tree (config.md §2). A parsed document is a tree of Values that may still hold
// substitutions, concatenations and delayed merges; the resolver (hocon_resolver.h) turns it into
// a tree of plain values (null, boolean, number, string, array, object). Every value remembers
// where it was written (Origin) for error messages. Trees are built and used on one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace divolte::config {

// Where a value was written; printed as config.md §4 <origin>.
struct Origin {
  enum class Kind : uint8_t { kFile, kDefine, kEnvironment, kBuiltIn };

  Kind kind = Kind::kBuiltIn;
  std::string name;  // file path (kFile) or variable name (kEnvironment)
  int line = 0;      // kFile only

  static Origin File(std::string path, int line) { return {Kind::kFile, std::move(path), line}; }
  static Origin Define() { return {Kind::kDefine, {}, 0}; }
  static Origin Environment(std::string variable) {
    return {Kind::kEnvironment, std::move(variable), 0};
  }
  static Origin BuiltIn() { return {Kind::kBuiltIn, {}, 0}; }

  // "<file>:<line>", "--define", "environment variable <NAME>" or "built-in default".
  std::string ToString() const;
  // True for values written by the user (file, define, environment), not built-in defaults.
  bool IsUser() const { return kind != Kind::kBuiltIn; }
};

enum class ValueType : uint8_t {
  kNull,
  kBoolean,
  kNumber,
  kString,
  kArray,
  kObject,
  // Unresolved kinds; absent after resolution.
  kSubstitution,   // ${path} or ${?path}
  kConcatenation,  // pieces written next to each other on one line
  kDelayedMerge,   // a stack of definitions of one key, oldest first (see Merge)
};

class Value;
using ValuePtr = std::shared_ptr<Value>;
using Path = std::vector<std::string>;

// One node. Which members are meaningful depends on type(); the accessors document it.
class Value {
 public:
  static ValuePtr Null(Origin origin);
  static ValuePtr Boolean(bool value, Origin origin);
  // `text` is the number as written (kept for string conversion); `number` its value.
  static ValuePtr Number(std::string text, double number, Origin origin);
  static ValuePtr String(std::string text, Origin origin);
  // Whitespace between the pieces of a concatenation: a string, dropped next to objects/arrays.
  static ValuePtr Whitespace(std::string text, Origin origin);
  static ValuePtr Array(Origin origin);
  static ValuePtr Object(Origin origin);
  // `prefix` is the path of the include point of the file the substitution was written in.
  static ValuePtr Substitution(Path path, bool optional, Path prefix, Origin origin);
  static ValuePtr Concatenation(std::vector<ValuePtr> pieces, Origin origin);
  static ValuePtr DelayedMerge(std::vector<ValuePtr> stack, Origin origin);

  ValueType type() const { return type_; }
  const Origin& origin() const { return origin_; }
  bool IsScalar() const { return type_ <= ValueType::kString; }
  bool IsUnresolved() const { return type_ >= ValueType::kSubstitution; }

  bool boolean() const { return boolean_; }
  double number() const { return number_; }
  // String content, the number as written, "true"/"false" or "null".
  const std::string& text() const { return text_; }
  bool is_whitespace() const { return whitespace_; }

  // Array elements, concatenation pieces or delayed-merge stack.
  const std::vector<ValuePtr>& items() const { return items_; }
  std::vector<ValuePtr>& mutable_items() { return items_; }

  // Object fields in the order they were first written.
  const std::vector<std::pair<std::string, ValuePtr>>& fields() const { return fields_; }
  const ValuePtr* Find(std::string_view key) const;
  // Sets `key`, keeping its position if it exists.
  void Set(const std::string& key, ValuePtr value);
  void Erase(const std::string& key);

  // Substitution.
  const Path& path() const { return path_; }
  bool optional() const { return optional_; }
  const Path& prefix() const { return prefix_; }

  // Resolver bookkeeping: true for containers the resolver built (all children resolved).
  bool resolved() const { return resolved_; }
  void set_resolved() { resolved_ = true; }

 private:
  Value(ValueType type, Origin origin) : type_(type), origin_(std::move(origin)) {}

  ValueType type_;
  bool boolean_ = false;
  bool whitespace_ = false;
  bool optional_ = false;
  bool resolved_ = false;
  Origin origin_;
  double number_ = 0;
  std::string text_;
  std::vector<ValuePtr> items_;
  std::vector<std::pair<std::string, ValuePtr>> fields_;
  std::unordered_map<std::string, size_t> index_;
  Path path_;
  Path prefix_;
};

// Merges `newer` over `older` (config.md §2.6), reusing and modifying both trees; either may be
// null. Objects merge key by key; a plain non-object value replaces. When either side is still
// unresolved the outcome is only known after resolution, so a delayed merge is returned.
ValuePtr Merge(ValuePtr older, ValuePtr newer);

// Merges two resolved values without modifying either (copies objects along merged paths).
ValuePtr MergeResolved(const ValuePtr& older, const ValuePtr& newer);

// Wraps `value` in objects so that it sits at `path` (a.b.c = v => {a {b {c = v}}}).
ValuePtr WrapInPath(const Path& path, ValuePtr value, const Origin& origin);

// Renders a value for messages: scalars as their text, containers as compact JSON.
std::string Render(const Value& value);

// Joins a path with dots, quoting segments that need it ("a.\"b.c\"").
std::string PathToString(const Path& path);

}  // namespace divolte::config
