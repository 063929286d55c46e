#pragma once

// The syntax tree of a mapping script (mapping.md §3), as built by the parser (parser.h).
//
// Shape: a Script is a list of Statements; a Statement is a Declaration, an Assignment or an
// ExpressionStatement; an Expression is one of the alternatives of Expression::node. Each node
// is a plain struct that owns its children (std::unique_ptr, std::vector), so a tree is a movable
// value without sharing. To walk it, switch over `node` with std::visit or std::get_if.
//
// Desugaring is done by the parser: a command expression `map x onto 'f'` is
// MethodCall{receiver: Call{map, [x]}, name: onto, arguments: ['f']}; a trailing closure is the
// last argument of the call it follows; parentheses leave no node. Every node has the position
// of its first token; calls and `+` also record the position of their name or operator.
//
// Invariant relied on by walkers: no Expression built by the parser is more than
// kMaxNestingDepth levels high (each Statement and Expression in it counts one level), so
// recursive walks cannot overflow the stack.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "script/diagnostic.h"

namespace divolte::script {

inline constexpr int kMaxNestingDepth = 256;

struct Expression;
using ExpressionPtr = std::unique_ptr<Expression>;

// ---- Statements ----

enum class DeclarationModifier {
  kDef,    // def x
  kVar,    // var x
  kFinal,  // final x, final String x
  kType,   // String x (a type name alone)
};

// `def name = value`; the type name is recorded but not checked or converted (mapping.md §4.2).
struct Declaration {
  DeclarationModifier modifier = DeclarationModifier::kDef;
  std::string type_name;  // empty unless written, e.g. "String" in `final String x`
  std::string name;
  Position name_position;
  ExpressionPtr value;  // null without initializer (the variable then holds null)
};

struct Assignment {
  std::string name;
  ExpressionPtr value;  // never null
};

struct ExpressionStatement {
  ExpressionPtr expression;  // never null
};

struct Statement {
  Position position;
  std::variant<Declaration, Assignment, ExpressionStatement> node;
};

// ---- Expressions ----

// The value types of literals (mapping.md §2.5, §4.1).
enum class LiteralKind {
  kInteger,     // 32-bit; `integer`
  kLong,        // 64-bit; `integer`
  kBigInteger,  // `text`: decimal digits without sign or leading zeros ("0" for zero)
  kBigDecimal,  // `text`: as written, without underscores and suffix ("4.2", "1e3", "042.50")
  kDouble,      // `floating`
  kFloat,       // `floating`, a value exactly representable as a float
  kString,      // `text`: the value, UTF-8
  kBoolean,     // `boolean`
  kNull,
};

struct Literal {
  LiteralKind kind = LiteralKind::kNull;
  int64_t integer = 0;
  double floating = 0;
  bool boolean = false;
  std::string text;
};

// One piece of an interpolated string: literal text when `expression` is null, else the value
// to interpolate (`$name`, `$a.b.c` as property accesses, or the expression of `${…}`).
struct StringPart {
  std::string text;
  ExpressionPtr expression;
};

// A GString with at least one interpolation (strings without any are plain Literals).
struct InterpolatedString {
  std::vector<StringPart> parts;  // no two adjacent text parts, no empty text part
};

struct ListLiteral {
  std::vector<ExpressionPtr> elements;
};

struct ClosureParameter {
  std::string type_name;  // empty unless written
  std::string name;
  Position position;
};

// `{ a, String b -> statements }` or `{ statements }` (implicit parameter `it`, §4.3).
struct Closure {
  std::vector<ClosureParameter> parameters;  // empty: no `->`
  std::vector<Statement> body;
};

// A bare name: a variable, `it` or a conversion token (§4.2).
struct Identifier {
  std::string name;
};

// A call of a function by name: `f(a, b)`, `f a, b` (command head), `f { … }`, `f(a) { … }`.
struct Call {
  std::string name;
  std::vector<ExpressionPtr> arguments;  // a trailing closure is the last argument
  bool has_parentheses = false;
};

// `receiver.name(args)`, `receiver.name { … }`, a command tail `… name args`, or the property
// access `receiver.name` (no parentheses and no arguments).
struct MethodCall {
  ExpressionPtr receiver;  // never null
  std::string name;
  Position name_position;
  std::vector<ExpressionPtr> arguments;
  bool has_parentheses = false;

  bool is_property_access() const { return !has_parentheses && arguments.empty(); }
};

struct Add {
  ExpressionPtr left;   // never null
  ExpressionPtr right;  // never null
  Position operator_position;
};

// Unary minus (a negative literal is Negate of a positive one, §2.5).
struct Negate {
  ExpressionPtr operand;  // never null
};

struct Expression {
  Position position;
  std::variant<Literal, InterpolatedString, ListLiteral, Closure, Identifier, Call, MethodCall, Add,
               Negate>
      node;
};

struct Script {
  std::vector<Statement> statements;
};

}  // namespace divolte::script
