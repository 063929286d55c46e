#include "event/identifier.h"

#include "event/base36.h"

namespace divolte::event {
namespace {

struct IdentifierParts {
  int64_t timestamp;
  std::string_view unique;
};

// Exactly three ':'-separated parts, the first "0", the second a signed 64-bit base-36 number.
std::optional<IdentifierParts> SplitIdentifier(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || text[1] != ':') return std::nullopt;
  const std::string_view rest = text.substr(2);
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view unique = rest.substr(colon + 1);
  if (unique.find(':') != std::string_view::npos) return std::nullopt;
  const auto timestamp = ParseBase36Int64(rest.substr(0, colon));
  if (!timestamp) return std::nullopt;
  return IdentifierParts{*timestamp, unique};
}

}  // namespace

bool AppendNormalisedIdentifier(std::string_view text, std::string* out) {
  const auto parts = SplitIdentifier(text);
  if (!parts) return false;
  char digits[kMaxBase36Length];
  const size_t length = FormatBase36(parts->timestamp, digits);
  out->reserve(out->size() + 3 + length + parts->unique.size());
  out->append("0:", 2);
  out->append(digits, length);
  out->push_back(':');
  out->append(parts->unique);
  return true;
}

std::optional<std::string> NormaliseIdentifier(std::string_view text) {
  std::string normalised;
  if (!AppendNormalisedIdentifier(text, &normalised)) return std::nullopt;
  return normalised;
}

bool IsValidIdentifier(std::string_view text) { return SplitIdentifier(text).has_value(); }

}  // namespace divolte::event
