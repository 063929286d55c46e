#pragma once

// JsonValue: a small JSON tree (mincode `u` parameters, JSON-source bodies). Integers that do not
// fit in int64 keep their exact decimal text; objects keep members in order, duplicates included.
// A value owns its whole subtree; not thread-safe to mutate, safe to read from many threads.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace divolte::event {

class JsonValue;
struct JsonMember;
using JsonArray = std::vector<JsonValue>;
using JsonObject = std::vector<JsonMember>;  // in document order; duplicate names kept

class JsonValue {
 public:
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kInteger,     // fits in int64
    kBigInteger,  // integer outside int64, kept as canonical decimal text ("-" + digits)
    kDouble,
    kString,
    kArray,
    kObject,
  };

  JsonValue() = default;  // null
  // Factories are defined out of line: building the variant needs JsonMember complete, which it
  // is only after this class (clang rejects the inline form).
  static JsonValue Null();
  static JsonValue Bool(bool value);
  static JsonValue Integer(int64_t value);
  // REQUIRES: `decimal` is canonical ([-]digits, no leading zeros) and outside the int64 range.
  static JsonValue BigInteger(std::string decimal);
  static JsonValue Double(double value);
  static JsonValue String(std::string value);
  // Empty containers have their own overloads: a `= {}` default argument would need JsonMember
  // complete here as well.
  static JsonValue Array();
  static JsonValue Array(JsonArray elements);
  static JsonValue Object();
  static JsonValue Object(JsonObject members);

  Kind kind() const { return static_cast<Kind>(state_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_integer() const { return kind() == Kind::kInteger; }
  bool is_big_integer() const { return kind() == Kind::kBigInteger; }
  bool is_double() const { return kind() == Kind::kDouble; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }

  // Each accessor REQUIRES the matching kind (checked; a mismatch crashes).
  bool AsBool() const;
  int64_t AsInteger() const;
  const std::string& AsBigInteger() const;  // decimal text
  double AsDouble() const;
  const std::string& AsString() const;
  const JsonArray& AsArray() const;
  JsonArray& MutableArray();
  const JsonObject& AsObject() const;
  JsonObject& MutableObject();

  // The last member named `name` (a later duplicate wins, as in Divolte's Jackson objects and
  // protocol.md §8.2); nullptr if absent or if this is not an object.
  const JsonValue* Find(std::string_view name) const;

  // Compact JSON text (non-finite doubles render as null). For diagnostics and tests.
  std::string ToJson() const;
  void AppendJson(std::string* out) const;

  friend bool operator==(const JsonValue& a, const JsonValue& b);

 private:
  struct BigIntegerText {
    std::string decimal;
    friend bool operator==(const BigIntegerText&, const BigIntegerText&) = default;
  };
  // Alternative order matches Kind.
  using State = std::variant<std::monostate, bool, int64_t, BigIntegerText, double, std::string,
                             JsonArray, JsonObject>;
  explicit JsonValue(State state);

  State state_;
};

struct JsonMember {
  std::string name;
  JsonValue value;
  friend bool operator==(const JsonMember&, const JsonMember&) = default;
};

// GoogleTest printer.
void PrintTo(const JsonValue& value, std::ostream* os);

}  // namespace divolte::event
