// Expressions, command expressions, closures and strings (mapping.md §3).

#include <algorithm>

#include "script/parser_internal.h"

namespace divolte::script::internal {
namespace {

// Tokens after a name that make it a command (`map x`, `not x`, `println 'a'`): those that can
// begin an expression other than "(", "[", "-", ".", "=", "+" (mapping.md §3 disambiguation).
bool StartsBareArgument(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIdentifier:
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
    case TokenKind::kStringBegin:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
    case TokenKind::kLeftBrace:
      return true;
    default:
      return false;
  }
}

// call_expr: a postfix whose last primary or selector is a call.
bool IsCall(const Expression& expression) {
  if (std::holds_alternative<Call>(expression.node)) return true;
  const auto* method = std::get_if<MethodCall>(&expression.node);
  return method != nullptr && !method->is_property_access();
}

std::string PositionText(Position position) {
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

}  // namespace

template <typename Node>
ExpressionPtr Parser::Make(Position position, Node node) {
  auto expression = std::make_unique<Expression>(Expression{position, std::move(node)});
  const int height = 1 + ChildrenHeight(*expression);
  if (height > kMaxNestingDepth) {
    NestingTooDeep(position);
    return nullptr;  // children are at most kMaxNestingDepth high: safe to destroy
  }
  heights_[expression.get()] = height;
  return expression;
}

// value_expr = command_expr | expression
ExpressionPtr Parser::ParseValueExpression() {
  if (PeekKind() == TokenKind::kIdentifier && StartsBareArgument(PeekKind(1))) {
    return ParseCommandExpression();
  }
  if (PeekKind() == TokenKind::kMinus) return ParseExpression();
  ExpressionPtr postfix = ParsePostfix();
  if (!postfix) return nullptr;
  // `map(x) onto 'f'`, `location() equalTo 'x'`: a call head followed by command tails.
  if (IsCall(*postfix) && PeekKind() == TokenKind::kIdentifier) {
    return ParseCommandTails(std::move(postfix));
  }
  return ParseAdditiveRest(std::move(postfix));
}

// command_expr = IDENT , bare_args , { command_tail }
ExpressionPtr Parser::ParseCommandExpression() {
  const Token& name = Next();
  Call call;
  call.name = name.text;
  if (!ParseBareArguments(name, &call.arguments)) return nullptr;
  ExpressionPtr head = Make(name.position, std::move(call));
  if (!head) return nullptr;
  return ParseCommandTails(std::move(head));
}

// command_tail = IDENT , ( bare_args | call_args , [ closure ] | closure )
// `f a g b h c` is f(a).g(b).h(c).
ExpressionPtr Parser::ParseCommandTails(ExpressionPtr head) {
  while (PeekKind() == TokenKind::kIdentifier) {
    const Token& name = Next();
    MethodCall call;
    call.name = name.text;
    call.name_position = name.position;
    if (PeekKind() == TokenKind::kLeftParen) {
      call.has_parentheses = true;
      if (!ParseCallArguments(&call.arguments) || !ParseTrailingClosure(&call.arguments)) {
        return nullptr;
      }
    } else if (!ParseBareArguments(name, &call.arguments)) {
      return nullptr;
    }
    const Position position = head->position;
    call.receiver = std::move(head);
    head = Make(position, std::move(call));
    if (!head) return nullptr;
  }
  return head;
}

// bare_args = closure | expression , { "," , expression }
bool Parser::ParseBareArguments(const Token& name, std::vector<ExpressionPtr>* arguments) {
  if (PeekKind() == TokenKind::kLeftBrace) {
    ExpressionPtr closure = ParseClosure();
    if (!closure) return false;
    arguments->push_back(std::move(closure));
    return true;
  }
  if (!StartsBareArgument(PeekKind())) {
    Unexpected("arguments for '" + name.text + "'");
    return false;
  }
  do {
    ExpressionPtr argument = ParseExpression();
    if (!argument) return false;
    arguments->push_back(std::move(argument));
  } while (Accept(TokenKind::kComma));
  return true;
}

// expression = additive
ExpressionPtr Parser::ParseExpression() {
  ExpressionPtr first = ParseUnary();
  if (!first) return nullptr;
  return ParseAdditiveRest(std::move(first));
}

// additive = unary , { "+" , unary }; a binary '-' is unsupported (mapping.md §4.4).
ExpressionPtr Parser::ParseAdditiveRest(ExpressionPtr left) {
  while (true) {
    if (PeekKind() == TokenKind::kMinus) {
      Error(Peek().position, "unsupported operator '-'");  // `map -5 onto 'f'` (§3)
      return nullptr;
    }
    if (PeekKind() != TokenKind::kPlus) return left;
    const Position operator_position = Next().position;
    ExpressionPtr right = ParseUnary();
    if (!right) return nullptr;
    const Position position = left->position;
    left = Make(position, Add{std::move(left), std::move(right), operator_position});
    if (!left) return nullptr;
  }
}

// unary = [ "-" ] , postfix
ExpressionPtr Parser::ParseUnary() {
  if (PeekKind() != TokenKind::kMinus) return ParsePostfix();
  const Position position = Next().position;
  ExpressionPtr operand = ParsePostfix();
  if (!operand) return nullptr;
  return Make(position, Negate{std::move(operand)});
}

// postfix = primary , { selector }; selector = "." , IDENT , [ call_args ] , [ closure ]
ExpressionPtr Parser::ParsePostfix() {
  ExpressionPtr expression = ParsePrimary();
  while (expression && Accept(TokenKind::kDot)) {
    if (PeekKind() != TokenKind::kIdentifier) {
      Unexpected("a method or property name");
      return nullptr;
    }
    const Token& name = Next();
    MethodCall call;
    call.name = name.text;
    call.name_position = name.position;
    if (PeekKind() == TokenKind::kLeftParen) {
      call.has_parentheses = true;
      if (!ParseCallArguments(&call.arguments)) return nullptr;
    }
    if (!ParseTrailingClosure(&call.arguments)) return nullptr;
    const Position position = expression->position;
    call.receiver = std::move(expression);
    expression = Make(position, std::move(call));
  }
  return expression;
}

// Every recursion of the parser passes through ParsePrimary or ParseClosure, so their depth
// guards bound it.
ExpressionPtr Parser::ParsePrimary() {
  if (PeekKind() == TokenKind::kLeftBrace) return ParseClosure();
  DepthGuard guard(this);
  if (depth_ > kMaxNestingDepth) {
    NestingTooDeep(Peek().position);
    return nullptr;
  }
  switch (PeekKind()) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
      return ParseLiteral();
    case TokenKind::kStringBegin:
      return ParseInterpolatedString();
    case TokenKind::kLeftBracket:
      return ParseList();
    case TokenKind::kIdentifier:
      return ParseCallOrIdentifier();
    case TokenKind::kLeftParen:
      return ParseParenthesized();
    default:
      Unexpected("an expression");
      return nullptr;
  }
}

ExpressionPtr Parser::ParseLiteral() {
  const Token& token = Next();
  Literal literal;
  switch (token.kind) {
    case TokenKind::kString:
      literal.kind = LiteralKind::kString;
      literal.text = token.text;
      break;
    case TokenKind::kTrue:
    case TokenKind::kFalse:
      literal.kind = LiteralKind::kBoolean;
      literal.boolean = token.kind == TokenKind::kTrue;
      break;
    case TokenKind::kNull:
      literal.kind = LiteralKind::kNull;
      break;
    default:
      literal = token.literal;
      break;
  }
  return Make(token.position, std::move(literal));
}

// IDENT , call_args , [ closure ] | IDENT , closure | IDENT
ExpressionPtr Parser::ParseCallOrIdentifier() {
  const Token& name = Next();
  if (PeekKind() != TokenKind::kLeftParen && PeekKind() != TokenKind::kLeftBrace) {
    return Make(name.position, Identifier{name.text});
  }
  Call call;
  call.name = name.text;
  call.has_parentheses = PeekKind() == TokenKind::kLeftParen;
  if (call.has_parentheses && !ParseCallArguments(&call.arguments)) return nullptr;
  if (!ParseTrailingClosure(&call.arguments)) return nullptr;
  return Make(name.position, std::move(call));
}

// call_args = "(" , [ expression , { "," , expression } ] , ")"
bool Parser::ParseCallArguments(std::vector<ExpressionPtr>* arguments) {
  Next();  // '('
  if (Accept(TokenKind::kRightParen)) return true;
  while (true) {
    ExpressionPtr argument = ParseExpression();
    if (!argument) return false;
    arguments->push_back(std::move(argument));
    if (Accept(TokenKind::kRightParen)) return true;
    if (!Accept(TokenKind::kComma)) {
      Unexpected("',' or ')'");
      return false;
    }
  }
}

// `f(a) { … }` is f(a, { … }); `x.each { … }` is x.each({ … }) (mapping.md §3).
bool Parser::ParseTrailingClosure(std::vector<ExpressionPtr>* arguments) {
  if (PeekKind() != TokenKind::kLeftBrace) return true;
  ExpressionPtr closure = ParseClosure();
  if (!closure) return false;
  arguments->push_back(std::move(closure));
  return true;
}

// "(" , value_expr , ")": the value itself, no node of its own.
ExpressionPtr Parser::ParseParenthesized() {
  Next();  // '('
  ExpressionPtr value = ParseValueExpression();
  if (!value) return nullptr;
  if (!Accept(TokenKind::kRightParen)) {
    Unexpected("')'");
    return nullptr;
  }
  return value;
}

// list_literal = "[" , [ expression , { "," , expression } , [ "," ] ] , "]"
ExpressionPtr Parser::ParseList() {
  const Position position = Next().position;
  ListLiteral list;
  while (PeekKind() != TokenKind::kRightBracket) {
    ExpressionPtr element = ParseExpression();
    if (!element) return nullptr;
    list.elements.push_back(std::move(element));
    if (!Accept(TokenKind::kComma)) break;
  }
  if (!Accept(TokenKind::kRightBracket)) {
    Unexpected("',' or ']'");
    return nullptr;
  }
  return Make(position, std::move(list));
}

// closure = "{" , [ closure_params , "->" ] , statements , "}"
ExpressionPtr Parser::ParseClosure() {
  DepthGuard guard(this);
  if (depth_ > kMaxNestingDepth) {
    NestingTooDeep(Peek().position);
    return nullptr;
  }
  const Position position = Next().position;
  Closure closure;
  if (LooksLikeClosureParameters()) ParseClosureParameters(&closure.parameters);
  ParseStatements(&closure.body, /*in_closure=*/true);
  if (aborted_) return nullptr;
  if (!Accept(TokenKind::kRightBrace)) {
    Unexpected("'}' closing the '{' at " + PositionText(position));
    return nullptr;
  }
  return Make(position, std::move(closure));
}

// closure_params = closure_param , { "," , closure_param } , then "->";
// closure_param = [ type_name ] , IDENT. (Any name is accepted as a type here and checked by
// ParseClosureParameters, for a better message.)
bool Parser::LooksLikeClosureParameters() const {
  size_t ahead = 0;
  while (true) {
    if (PeekKind(ahead) != TokenKind::kIdentifier) return false;
    ahead += PeekKind(ahead + 1) == TokenKind::kIdentifier ? 2 : 1;
    if (PeekKind(ahead) == TokenKind::kArrow) return true;
    if (PeekKind(ahead) != TokenKind::kComma) return false;
    ++ahead;
  }
}

// An unknown type name is reported, but the closure is still parsed, so that recovery does not
// mistake its '}' for the end of an enclosing block.
void Parser::ParseClosureParameters(std::vector<ClosureParameter>* parameters) {
  do {
    ClosureParameter parameter;
    if (PeekKind(1) == TokenKind::kIdentifier) {
      if (!IsTypeName(Peek().text)) {
        Unexpected(
            "a type name (String, int, long, boolean, float, double, Integer, Long, Boolean, "
            "Float, Double or Object)");
      }
      parameter.type_name = Next().text;
    }
    const Token& name = Next();
    parameter.name = name.text;
    parameter.position = name.position;
    parameters->push_back(std::move(parameter));
  } while (Accept(TokenKind::kComma));
  Next();  // '->', as LooksLikeClosureParameters checked
}

// A GString: its text pieces and interpolations, as the lexer delivers them (lexer.h).
ExpressionPtr Parser::ParseInterpolatedString() {
  const Token& begin = Next();
  InterpolatedString string;
  if (!begin.text.empty()) string.parts.push_back({begin.text, nullptr});
  while (true) {
    ExpressionPtr value;
    if (Accept(TokenKind::kInterpolationOpen)) {
      value = ParseValueExpression();
      if (value && !Accept(TokenKind::kInterpolationClose)) {
        Unexpected("'}'");
        return nullptr;
      }
    } else if (PeekKind() == TokenKind::kIdentifier) {
      value = ParseInterpolationPath();
    } else {
      Unexpected("an interpolation");
    }
    if (!value) return nullptr;
    string.parts.push_back({std::string(), std::move(value)});
    const Token& piece = Peek();
    if (piece.kind != TokenKind::kStringMiddle && piece.kind != TokenKind::kStringEnd) {
      Unexpected("the rest of the string");
      return nullptr;
    }
    Next();
    if (!piece.text.empty()) string.parts.push_back({piece.text, nullptr});
    if (piece.kind == TokenKind::kStringEnd) break;
  }
  return Make(begin.position, std::move(string));
}

// `$a.b.c`: the variable a and the property accesses .b and .c.
ExpressionPtr Parser::ParseInterpolationPath() {
  const Token& first = Next();
  ExpressionPtr path = Make(first.position, Identifier{first.text});
  while (path && PeekKind() == TokenKind::kDot && PeekKind(1) == TokenKind::kIdentifier) {
    Next();
    const Token& name = Next();
    MethodCall property;
    property.name = name.text;
    property.name_position = name.position;
    property.receiver = std::move(path);
    path = Make(first.position, std::move(property));
  }
  return path;
}

}  // namespace divolte::script::internal
