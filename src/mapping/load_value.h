#pragma once

// The values a mapping script computes while it is loaded (mapping.md §4.1): literals, lists,
// closures, producers (per-event values, by node index into the Program), digesters, conversion
// tokens and the halves of statements that are not complete yet (`map x` before `onto`). An
// kError value stands for an expression that already reported its error; using it reports
// nothing more, so one mistake gives one message.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "script/ast.h"

namespace divolte::mapping {

class Scope;

enum class ConversionToken : uint8_t { kInt32, kInt64, kFp32, kFp64, kBool, kUri };

struct LoadValue {
  enum class Type : uint8_t {
    kNull,
    kString,
    kInteger,
    kLong,
    kBigInteger,
    kBigDecimal,
    kFloat,
    kDouble,
    kBoolean,
    kList,
    kClosure,
    kProducer,
    kDigester,
    kToken,
    kPendingMap,    // `map x`: value
    kPendingWhen,   // `when c`: node
    kPendingParse,  // `parse s`: node
    kPendingMatch,  // `match 're'`: text
    kError,
  };

  Type type = Type::kNull;
  std::string text;     // kString, kBigInteger, kBigDecimal (as written), kPendingMatch
  int64_t integer = 0;  // kInteger, kLong
  double floating = 0;  // kFloat, kDouble
  bool boolean = false;
  std::vector<LoadValue> list;  // kList; kPendingMap: the one value to map
  int32_t node = -1;            // kProducer, kPendingWhen, kPendingParse; kDigester: its index
  ConversionToken token = ConversionToken::kInt32;
  const script::Closure* closure = nullptr;  // kClosure
  std::shared_ptr<Scope> closure_scope;      // kClosure: where it was written
  script::Position position;                 // where the value was written (messages)

  static LoadValue Error() { return Typed(Type::kError); }
  static LoadValue Typed(Type type) {
    LoadValue value;
    value.type = type;
    return value;
  }
  static LoadValue String(std::string text) {
    LoadValue value = Typed(Type::kString);
    value.text = std::move(text);
    return value;
  }
  static LoadValue Producer(int32_t node) {
    LoadValue value = Typed(Type::kProducer);
    value.node = node;
    return value;
  }
  bool is_error() const { return type == Type::kError; }
};

// "String", "Integer", "List", … the Java-ish class names of load-time values (messages).
std::string_view LoadTypeName(const LoadValue& value);

// The text of a load-time value when interpolated or concatenated (mapping.md §2.7); false for
// values that have no text (producers, closures, …).
bool AppendLoadText(const LoadValue& value, std::string* out);

}  // namespace divolte::mapping
