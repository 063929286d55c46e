#pragma once

// The parser of mapping scripts (mapping.md §3): tokens from the lexer to the syntax tree of
// ast.h, with command expressions and trailing closures desugared. Pure functions, thread-safe.
//
// Error policy (mapping.md §12 reports every start-up problem at once, up to 20 per script):
// the parser does not stop at the first syntax error. After an error it skips to the end of the
// statement (a newline or ';' at the same bracket depth, or the '}' closing the enclosing
// closure) and goes on, so independent mistakes on different statements are all reported. Lexical
// errors are reported alongside. It stops early after kMaxReportedErrors errors of its own, after
// nesting deeper than kMaxNestingDepth, and on invalid UTF-8 (nothing else is reported then).

#include <string_view>
#include <vector>

#include "base/status.h"
#include "script/ast.h"
#include "script/diagnostic.h"

namespace divolte::script {

struct ParseOutput {
  // Complete when `errors` is empty; otherwise the statements that parsed, for tooling only.
  Script script;
  // Lexical and syntax errors sorted by position, at most kMaxReportedErrors.
  std::vector<Diagnostic> errors;
};

ParseOutput Parse(std::string_view text);

// Parse() for start-up: the script, or an error whose message holds one line
// "<file_name>:<line>:<column>: error: <message>" per problem (FormatDiagnostics).
base::Result<Script> ParseScript(std::string_view file_name, std::string_view text);

}  // namespace divolte::script
