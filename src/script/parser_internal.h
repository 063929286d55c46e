#pragma once

// Internal to the script module: the recursive-descent parser behind Parse() (parser.h).
// parser.cc holds statements, declarations and error recovery; parse_expression.cc the
// expressions, command expressions, closures and strings. One Parser parses one token list,
// single-threaded.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "script/ast.h"
#include "script/lexer.h"

namespace divolte::script::internal {

class Parser {
 public:
  // REQUIRES: `tokens` ends with kEndOfFile (as Lex() returns them).
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  Script ParseScript();
  std::vector<Diagnostic> TakeDiagnostics() { return std::move(diagnostics_); }

 private:
  // Token cursor; never moves past kEndOfFile.
  const Token& Peek(size_t ahead = 0) const;
  TokenKind PeekKind(size_t ahead = 0) const { return Peek(ahead).kind; }
  const Token& Next();
  bool Accept(TokenKind kind);

  // Errors. Unexpected() reports "unexpected <current token>; expected <expected>" unless the
  // lexer already reported that token (unsupported words and operators, invalid characters).
  void Unexpected(std::string_view expected);
  void Error(Position position, std::string message);

  // Statements (parser.cc).
  void ParseStatements(std::vector<Statement>* statements, bool in_closure);
  bool ParseStatement(Statement* statement);
  bool ParseDeclaration(Statement* statement);
  bool ParseAssignment(Statement* statement);
  bool AtStatementEnd() const;
  void SkipToStatementEnd();

  // Expressions (parse_expression.cc); each returns null after reporting an error.
  ExpressionPtr ParseValueExpression();
  ExpressionPtr ParseCommandExpression();
  ExpressionPtr ParseCommandTails(ExpressionPtr head);
  bool ParseBareArguments(const Token& name, std::vector<ExpressionPtr>* arguments);
  ExpressionPtr ParseExpression();
  ExpressionPtr ParseAdditiveRest(ExpressionPtr left);
  ExpressionPtr ParseUnary();
  ExpressionPtr ParsePostfix();
  ExpressionPtr ParsePrimary();
  ExpressionPtr ParseLiteral();
  ExpressionPtr ParseCallOrIdentifier();
  bool ParseCallArguments(std::vector<ExpressionPtr>* arguments);
  bool ParseTrailingClosure(std::vector<ExpressionPtr>* arguments);
  ExpressionPtr ParseParenthesized();
  ExpressionPtr ParseList();
  ExpressionPtr ParseClosure();
  bool LooksLikeClosureParameters() const;
  void ParseClosureParameters(std::vector<ClosureParameter>* parameters);
  ExpressionPtr ParseInterpolatedString();
  ExpressionPtr ParseInterpolationPath();

  // Node construction with the height bound of ast.h.
  template <typename Node>
  ExpressionPtr Make(Position position, Node node);
  int HeightOf(const Expression* expression) const;
  int HeightOf(const Statement& statement) const;
  int ChildrenHeight(const Expression& expression) const;
  void NestingTooDeep(Position position);

  // Bounds the recursion of the parser itself (parentheses build no node).
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* parser) : parser_(parser) { ++parser_->depth_; }
    ~DepthGuard() { --parser_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser* parser_;
  };

  const std::vector<Token>& tokens_;
  size_t index_ = 0;
  int depth_ = 0;
  size_t error_count_ = 0;
  bool aborted_ = false;  // too many errors or too deep: unwind without further messages
  std::unordered_map<const Expression*, int> heights_;
  std::vector<Diagnostic> diagnostics_;
};

// mapping.md §3 `type_name`.
bool IsTypeName(std::string_view name);

}  // namespace divolte::script::internal
