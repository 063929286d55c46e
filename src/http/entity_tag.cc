#include "http/entity_tag.h"

namespace divolte::http {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IfNoneMatchMatches(std::string_view header_value, std::string_view opaque_tag) {
  size_t position = 0;
  while (position <= header_value.size()) {
    // An element ends at the first comma outside quotes.
    size_t end = position;
    bool quoted = false;
    while (end < header_value.size() && (quoted || header_value[end] != ',')) {
      if (header_value[end] == '"') quoted = !quoted;
      ++end;
    }
    std::string_view element = Trim(header_value.substr(position, end - position));
    if (element == "*") return true;
    if (element.starts_with("W/")) element.remove_prefix(2);
    if (element.size() >= 2 && element.front() == '"' && element.back() == '"' &&
        element.substr(1, element.size() - 2) == opaque_tag) {
      return true;
    }
    position = end + 1;
  }
  return false;
}

bool IfNoneMatchMatches(std::span<const HeaderField> headers, std::string_view opaque_tag) {
  for (const HeaderField& header : headers) {
    if (header.field == Field::if_none_match && IfNoneMatchMatches(header.value, opaque_tag)) {
      return true;
    }
  }
  return false;
}

}  // namespace divolte::http
