#pragma once

// Renders a syntax tree as compact, fully desugared script text, for tests and debugging:
// every call with parentheses (`map(location()).onto('loc')`), property accesses without
// (`u.path`), `+` and unary minus parenthesised (`(a + b)`, `(-5)`), literals with their type
// suffix where Groovy has one (`42`, `42L`, `42G`, `4.2`, `4.2D`, `1.5F`), strings in single
// quotes and GStrings in double quotes with `${…}`, closures as `{ a, String b -> s1; s2 }`.
// Pure functions, thread-safe.

#include <string>

#include "script/ast.h"

namespace divolte::script {

std::string PrintExpression(const Expression& expression);
std::string PrintStatement(const Statement& statement);
// One statement per line, without a trailing newline.
std::string PrintScript(const Script& script);

}  // namespace divolte::script
