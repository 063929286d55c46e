#include "script/diagnostic.h"

#include <algorithm>

namespace divolte::script {

std::string FormatDiagnostic(std::string_view file_name, const Diagnostic& diagnostic) {
  return std::string(file_name) + ":" + std::to_string(diagnostic.position.line) + ":" +
         std::to_string(diagnostic.position.column) + ": error: " + diagnostic.message;
}

std::string FormatDiagnostics(std::string_view file_name, std::vector<Diagnostic> diagnostics) {
  std::stable_sort(
      diagnostics.begin(), diagnostics.end(),
      [](const Diagnostic& a, const Diagnostic& b) { return a.position < b.position; });
  std::string text;
  for (size_t i = 0; i < diagnostics.size() && i < kMaxReportedErrors; ++i) {
    if (i > 0) text.push_back('\n');
    text += FormatDiagnostic(file_name, diagnostics[i]);
  }
  return text;
}

}  // namespace divolte::script
