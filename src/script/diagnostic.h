#pragma once

// Source positions and the start-up error messages of mapping scripts (mapping.md §2.1, §12).

#include <string>
#include <string_view>
#include <vector>

namespace divolte::script {

// A place in the script: 1-based line and 1-based column counted in Unicode code points (a tab
// counts as one). A byte-order mark is not part of the text: column 1 is the character after it.
struct Position {
  int line = 1;
  int column = 1;

  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// One start-up error: where, and the message without the "<file>:<line>:<column>: error: " part.
struct Diagnostic {
  Position position;
  std::string message;
};

// mapping.md §12: at most this many problems are reported per script.
inline constexpr size_t kMaxReportedErrors = 20;

// "<file>:<line>:<column>: error: <message>" (mapping.md §12).
std::string FormatDiagnostic(std::string_view file_name, const Diagnostic& diagnostic);

// Sorts `diagnostics` by position (stable, so equal positions keep their order), keeps the first
// kMaxReportedErrors and formats each as FormatDiagnostic does, one per line, without a trailing
// newline.
std::string FormatDiagnostics(std::string_view file_name, std::vector<Diagnostic> diagnostics);

}  // namespace divolte::script
