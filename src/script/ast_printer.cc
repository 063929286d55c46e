#include "script/ast_printer.h"

#include <charconv>
#include <cstdio>

namespace divolte::script {
namespace {

void AppendEscaped(const std::string& text, char quote, std::string* out) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c == quote || (quote == '"' && c == '$')) {
          out->push_back('\\');
          out->push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04X", static_cast<unsigned>(c));
          *out += buffer;
        } else {
          out->push_back(c);
        }
    }
  }
}

std::string ShortestDouble(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string PrintLiteral(const Literal& literal) {
  switch (literal.kind) {
    case LiteralKind::kInteger:
      return std::to_string(literal.integer);
    case LiteralKind::kLong:
      return std::to_string(literal.integer) + "L";
    case LiteralKind::kBigInteger:
      return literal.text + "G";
    case LiteralKind::kBigDecimal:
      return literal.text;
    case LiteralKind::kDouble:
      return ShortestDouble(literal.floating) + "D";
    case LiteralKind::kFloat:
      return ShortestDouble(static_cast<float>(literal.floating)) + "F";
    case LiteralKind::kString: {
      std::string out = "'";
      AppendEscaped(literal.text, '\'', &out);
      return out + "'";
    }
    case LiteralKind::kBoolean:
      return literal.boolean ? "true" : "false";
    case LiteralKind::kNull:
      return "null";
  }
  return "?";
}

std::string PrintArguments(const std::vector<ExpressionPtr>& arguments) {
  std::string out = "(";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) out += ", ";
    out += PrintExpression(*arguments[i]);
  }
  return out + ")";
}

std::string PrintClosure(const Closure& closure) {
  std::string out = "{ ";
  for (size_t i = 0; i < closure.parameters.size(); ++i) {
    if (i > 0) out += ", ";
    const ClosureParameter& parameter = closure.parameters[i];
    if (!parameter.type_name.empty()) out += parameter.type_name + " ";
    out += parameter.name;
  }
  if (!closure.parameters.empty()) out += " -> ";
  for (size_t i = 0; i < closure.body.size(); ++i) {
    if (i > 0) out += "; ";
    out += PrintStatement(closure.body[i]);
  }
  return out + (closure.body.empty() ? "}" : " }");
}

std::string PrintInterpolatedString(const InterpolatedString& string) {
  std::string out = "\"";
  for (const StringPart& part : string.parts) {
    if (part.expression) {
      out += "${" + PrintExpression(*part.expression) + "}";
    } else {
      AppendEscaped(part.text, '"', &out);
    }
  }
  return out + "\"";
}

struct ExpressionPrinter {
  std::string operator()(const Literal& literal) const { return PrintLiteral(literal); }
  std::string operator()(const InterpolatedString& string) const {
    return PrintInterpolatedString(string);
  }
  std::string operator()(const ListLiteral& list) const {
    std::string out = PrintArguments(list.elements);
    return "[" + out.substr(1, out.size() - 2) + "]";
  }
  std::string operator()(const Closure& closure) const { return PrintClosure(closure); }
  std::string operator()(const Identifier& identifier) const { return identifier.name; }
  std::string operator()(const Call& call) const {
    return call.name + PrintArguments(call.arguments);
  }
  std::string operator()(const MethodCall& call) const {
    const std::string receiver = PrintExpression(*call.receiver) + "." + call.name;
    return call.is_property_access() ? receiver : receiver + PrintArguments(call.arguments);
  }
  std::string operator()(const Add& add) const {
    return "(" + PrintExpression(*add.left) + " + " + PrintExpression(*add.right) + ")";
  }
  std::string operator()(const Negate& negate) const {
    return "(-" + PrintExpression(*negate.operand) + ")";
  }
};

std::string ModifierText(const Declaration& declaration) {
  switch (declaration.modifier) {
    case DeclarationModifier::kDef:
      return "def ";
    case DeclarationModifier::kVar:
      return "var ";
    case DeclarationModifier::kFinal:
      return declaration.type_name.empty() ? "final " : "final " + declaration.type_name + " ";
    case DeclarationModifier::kType:
      return declaration.type_name + " ";
  }
  return "";
}

}  // namespace

std::string PrintExpression(const Expression& expression) {
  return std::visit(ExpressionPrinter{}, expression.node);
}

std::string PrintStatement(const Statement& statement) {
  if (const auto* declaration = std::get_if<Declaration>(&statement.node)) {
    std::string out = ModifierText(*declaration) + declaration->name;
    if (declaration->value) out += " = " + PrintExpression(*declaration->value);
    return out;
  }
  if (const auto* assignment = std::get_if<Assignment>(&statement.node)) {
    return assignment->name + " = " + PrintExpression(*assignment->value);
  }
  return PrintExpression(*std::get<ExpressionStatement>(statement.node).expression);
}

std::string PrintScript(const Script& script) {
  std::string out;
  for (size_t i = 0; i < script.statements.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out += PrintStatement(script.statements[i]);
  }
  return out;
}

}  // namespace divolte::script
