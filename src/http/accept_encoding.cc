#include "http/accept_encoding.h"

#include <optional>
#include <string_view>

#include "base/strings.h"

namespace divolte::http {
namespace {

enum class Weight { kZero, kPositive, kMalformed };

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
Weight ParseQvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return Weight::kMalformed;
  std::string_view fraction = text.substr(1);
  if (!fraction.empty()) {
    if (fraction[0] != '.' || fraction.size() > 4) return Weight::kMalformed;
    fraction.remove_prefix(1);
  }
  bool nonzero_fraction = false;
  for (const char c : fraction) {
    if (c < '0' || c > '9') return Weight::kMalformed;
    nonzero_fraction = nonzero_fraction || c != '0';
  }
  if (text[0] == '1') return nonzero_fraction ? Weight::kMalformed : Weight::kPositive;
  return nonzero_fraction ? Weight::kPositive : Weight::kZero;
}

// The weight given by an element's parameters (everything after its first `;`): the first
// parameter named `q` (case-insensitive), written `q=<qvalue>` without spaces around `=`. Other
// parameters are ignored; without a `q` parameter the weight is 1.
Weight ParseWeight(std::string_view parameters) {
  while (true) {
    const size_t semicolon = parameters.find(';');
    const std::string_view parameter = Trim(parameters.substr(0, semicolon));
    const std::string_view name = Trim(parameter.substr(0, parameter.find('=')));
    if (base::EqualsIgnoreCase(name, "q")) {
      if (parameter.size() < 2 || parameter[1] != '=') return Weight::kMalformed;
      return ParseQvalue(parameter.substr(2));
    }
    if (semicolon == std::string_view::npos) return Weight::kPositive;
    parameters.remove_prefix(semicolon + 1);
  }
}

// Whether one element accepts gzip (weight above 0), or nullopt when the element does not decide:
// its coding is not gzip, or its weight is malformed.
std::optional<bool> GzipDecision(std::string_view element) {
  const size_t semicolon = element.find(';');
  if (!base::EqualsIgnoreCase(Trim(element.substr(0, semicolon)), "gzip")) return std::nullopt;
  if (semicolon == std::string_view::npos) return true;
  const Weight weight = ParseWeight(element.substr(semicolon + 1));
  if (weight == Weight::kMalformed) return std::nullopt;
  return weight == Weight::kPositive;
}

}  // namespace

bool AcceptsGzip(std::span<const HeaderField> headers) {
  for (const HeaderField& header : headers) {
    if (header.field != Field::accept_encoding) continue;
    std::string_view value = header.value;
    while (true) {
      const size_t comma = value.find(',');
      if (const std::optional<bool> decision = GzipDecision(value.substr(0, comma))) {
        return *decision;
      }
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  return false;
}

}  // namespace divolte::http
