#include "script/parser.h"

#include <algorithm>
#include <string>

#include "script/lexer.h"
#include "script/parser_internal.h"

namespace divolte::script {
namespace internal {
namespace {

constexpr std::string_view kTypeNames[] = {"String",  "int",    "long",    "boolean",
                                           "float",   "double", "Integer", "Long",
                                           "Boolean", "Float",  "Double",  "Object"};

// Tokens that the lexer reported already; the parser only recovers from them.
bool IsReported(TokenKind kind) {
  return kind == TokenKind::kReservedWord || kind == TokenKind::kUnsupportedOperator ||
         kind == TokenKind::kError;
}

// Tokens that complete an operand, after which '-' can only be a subtraction.
bool EndsOperand(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIdentifier:
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
    case TokenKind::kStringEnd:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
    case TokenKind::kRightParen:
    case TokenKind::kRightBracket:
    case TokenKind::kRightBrace:
      return true;
    default:
      return false;
  }
}

bool OpensGroup(TokenKind kind) {
  return kind == TokenKind::kLeftParen || kind == TokenKind::kLeftBracket ||
         kind == TokenKind::kLeftBrace || kind == TokenKind::kInterpolationOpen;
}

bool ClosesGroup(TokenKind kind) {
  return kind == TokenKind::kRightParen || kind == TokenKind::kRightBracket ||
         kind == TokenKind::kRightBrace || kind == TokenKind::kInterpolationClose;
}

}  // namespace

bool IsTypeName(std::string_view name) {
  return std::find(std::begin(kTypeNames), std::end(kTypeNames), name) != std::end(kTypeNames);
}

const Token& Parser::Peek(size_t ahead) const {
  return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
}

const Token& Parser::Next() {
  const Token& token = tokens_[index_];
  if (index_ + 1 < tokens_.size()) ++index_;
  return token;
}

bool Parser::Accept(TokenKind kind) {
  if (PeekKind() != kind) return false;
  Next();
  return true;
}

void Parser::Error(Position position, std::string message) {
  if (aborted_) return;
  diagnostics_.push_back({position, std::move(message)});
  if (++error_count_ >= kMaxReportedErrors) aborted_ = true;
}

void Parser::Unexpected(std::string_view expected) {
  const Token& token = Peek();
  if (IsReported(token.kind)) return;
  if (token.kind == TokenKind::kMinus && index_ > 0 && EndsOperand(tokens_[index_ - 1].kind)) {
    return Error(token.position, "unsupported operator '-'");  // `map -5 onto 'f'` (§3)
  }
  Error(token.position,
        "syntax error: unexpected " + DescribeToken(token) + "; expected " + std::string(expected));
}

void Parser::NestingTooDeep(Position position) {
  Error(position,
        "syntax error: nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  aborted_ = true;  // the rest cannot be parsed reliably
}

int Parser::HeightOf(const Expression* expression) const {
  if (expression == nullptr) return 0;
  const auto found = heights_.find(expression);
  return found == heights_.end() ? 0 : found->second;
}

int Parser::HeightOf(const Statement& statement) const {
  if (const auto* declaration = std::get_if<Declaration>(&statement.node)) {
    return 1 + HeightOf(declaration->value.get());
  }
  if (const auto* assignment = std::get_if<Assignment>(&statement.node)) {
    return 1 + HeightOf(assignment->value.get());
  }
  return 1 + HeightOf(std::get<ExpressionStatement>(statement.node).expression.get());
}

// The height of the tallest child; children are complete, so their heights are known.
int Parser::ChildrenHeight(const Expression& expression) const {
  int height = 0;
  const auto include = [&](const ExpressionPtr& child) {
    height = std::max(height, HeightOf(child.get()));
  };
  const auto include_all = [&](const std::vector<ExpressionPtr>& children) {
    for (const ExpressionPtr& child : children) include(child);
  };
  if (const auto* string = std::get_if<InterpolatedString>(&expression.node)) {
    for (const StringPart& part : string->parts) include(part.expression);
  } else if (const auto* list = std::get_if<ListLiteral>(&expression.node)) {
    include_all(list->elements);
  } else if (const auto* closure = std::get_if<Closure>(&expression.node)) {
    for (const Statement& statement : closure->body) height = std::max(height, HeightOf(statement));
  } else if (const auto* call = std::get_if<Call>(&expression.node)) {
    include_all(call->arguments);
  } else if (const auto* method = std::get_if<MethodCall>(&expression.node)) {
    include(method->receiver);
    include_all(method->arguments);
  } else if (const auto* add = std::get_if<Add>(&expression.node)) {
    include(add->left);
    include(add->right);
  } else if (const auto* negate = std::get_if<Negate>(&expression.node)) {
    include(negate->operand);
  }
  return height;
}

Script Parser::ParseScript() {
  Script script;
  ParseStatements(&script.statements, /*in_closure=*/false);
  return script;
}

// statements = { sep } , [ statement , { sep , { sep } , statement } , { sep } ]
void Parser::ParseStatements(std::vector<Statement>* statements, bool in_closure) {
  while (!aborted_) {
    while (PeekKind() == TokenKind::kNewline || PeekKind() == TokenKind::kSemicolon) Next();
    if (PeekKind() == TokenKind::kEndOfFile) return;
    if (PeekKind() == TokenKind::kRightBrace) {
      if (in_closure) return;
      Unexpected("a statement");
      Next();
      continue;
    }
    Statement statement;
    if (!ParseStatement(&statement)) {
      SkipToStatementEnd();
      continue;
    }
    statements->push_back(std::move(statement));
    if (!AtStatementEnd()) {
      Unexpected("a newline or ';'");
      SkipToStatementEnd();
    }
  }
}

bool Parser::AtStatementEnd() const {
  switch (PeekKind()) {
    case TokenKind::kNewline:
    case TokenKind::kSemicolon:
    case TokenKind::kRightBrace:
    case TokenKind::kEndOfFile:
      return true;
    default:
      return false;
  }
}

// Error recovery: skips to a newline or ';' outside any bracket opened after the error, to the
// '}' that closes the enclosing closure, or to the end.
void Parser::SkipToStatementEnd() {
  int depth = 0;
  while (PeekKind() != TokenKind::kEndOfFile) {
    const TokenKind kind = PeekKind();
    if (depth == 0 && AtStatementEnd()) return;
    if (OpensGroup(kind)) ++depth;
    if (ClosesGroup(kind) && depth > 0) --depth;
    Next();
  }
}

// statement = declaration | assignment | command_expr | expression
bool Parser::ParseStatement(Statement* statement) {
  const Token& first = Peek();
  statement->position = first.position;
  switch (first.kind) {
    case TokenKind::kDef:
    case TokenKind::kVar:
    case TokenKind::kFinal:
      return ParseDeclaration(statement);
    case TokenKind::kIdentifier:
      if (IsTypeName(first.text) && PeekKind(1) == TokenKind::kIdentifier) {
        return ParseDeclaration(statement);  // `String s = …`
      }
      if (PeekKind(1) == TokenKind::kAssign) return ParseAssignment(statement);
      break;
    default:
      break;
  }
  ExpressionPtr expression = ParseValueExpression();
  if (!expression) return false;
  statement->node = ExpressionStatement{std::move(expression)};
  return true;
}

// declaration = decl_modifier , IDENT , [ "=" , value_expr ]
bool Parser::ParseDeclaration(Statement* statement) {
  Declaration declaration;
  const Token& first = Next();
  switch (first.kind) {
    case TokenKind::kDef:
      declaration.modifier = DeclarationModifier::kDef;
      break;
    case TokenKind::kVar:
      declaration.modifier = DeclarationModifier::kVar;
      break;
    case TokenKind::kFinal:
      declaration.modifier = DeclarationModifier::kFinal;
      if (PeekKind() == TokenKind::kIdentifier && IsTypeName(Peek().text) &&
          PeekKind(1) == TokenKind::kIdentifier) {
        declaration.type_name = Next().text;
      }
      break;
    default:
      declaration.modifier = DeclarationModifier::kType;
      declaration.type_name = first.text;
      break;
  }
  if (PeekKind() != TokenKind::kIdentifier) {
    Unexpected("a variable name");
    return false;
  }
  const Token& name = Next();
  declaration.name = name.text;
  declaration.name_position = name.position;
  if (Accept(TokenKind::kAssign)) {
    declaration.value = ParseValueExpression();
    if (!declaration.value) return false;
  }
  statement->node = std::move(declaration);
  return true;
}

// assignment = IDENT , "=" , value_expr
bool Parser::ParseAssignment(Statement* statement) {
  Assignment assignment;
  assignment.name = Next().text;
  Next();  // '='
  assignment.value = ParseValueExpression();
  if (!assignment.value) return false;
  statement->node = std::move(assignment);
  return true;
}

}  // namespace internal

ParseOutput Parse(std::string_view text) {
  LexOutput lexed = Lex(text);
  ParseOutput output;
  output.errors = std::move(lexed.diagnostics);
  const bool unreadable = lexed.tokens.size() == 1 && !output.errors.empty();
  if (!unreadable) {
    internal::Parser parser(lexed.tokens);
    output.script = parser.ParseScript();
    for (Diagnostic& diagnostic : parser.TakeDiagnostics()) {
      output.errors.push_back(std::move(diagnostic));
    }
  }
  std::stable_sort(
      output.errors.begin(), output.errors.end(),
      [](const Diagnostic& a, const Diagnostic& b) { return a.position < b.position; });
  if (output.errors.size() > kMaxReportedErrors) output.errors.resize(kMaxReportedErrors);
  return output;
}

base::Result<Script> ParseScript(std::string_view file_name, std::string_view text) {
  ParseOutput output = Parse(text);
  if (!output.errors.empty()) {
    return base::Status::Error(FormatDiagnostics(file_name, std::move(output.errors)));
  }
  return std::move(output.script);
}

}  // namespace divolte::script
