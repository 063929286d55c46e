#include "functions/header_values.h"

#include <algorithm>

#include "base/strings.h"
#include "event/event.h"

namespace divolte::functions {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool EndsToken(char c) { return c == ',' || c == '"' || IsBlank(c); }

// Appends the content of the quoted string whose opening quote is at line[begin]; returns the
// index after its closing quote, or line.size() when it is unterminated.
size_t AppendQuoted(std::string_view line, size_t begin, std::string* out) {
  size_t i = begin + 1;
  while (i < line.size() && line[i] != '"') {
    if (line[i] == '\\' && ++i == line.size()) break;  // a final '\' has nothing to escape
    out->push_back(line[i++]);
  }
  return std::min(i + 1, line.size());
}

// Appends the token starting at line[begin]; returns the index of the character that ends it.
size_t AppendToken(std::string_view line, size_t begin, std::string* out) {
  size_t end = begin;
  while (end < line.size() && !EndsToken(line[end])) ++end;
  out->append(line.substr(begin, end - begin));
  return end;
}

// Appends the value starting at line[begin] (rules 2 and 3); returns the index after the ','
// that ends it, or line.size().
size_t ScanValue(std::string_view line, size_t begin, std::string* value) {
  bool has_segment = false;
  bool spaced = false;  // rule 3: once set, every later segment is preceded by one space
  size_t i = begin;
  while (i < line.size() && line[i] != ',') {
    if (IsBlank(line[i])) {
      if (has_segment) spaced = true;  // leading blanks do not count, trailing ones add nothing
      ++i;
      continue;
    }
    if (spaced) value->push_back(' ');
    has_segment = true;
    i = line[i] == '"' ? AppendQuoted(line, i, value) : AppendToken(line, i, value);
  }
  return i < line.size() ? i + 1 : i;
}

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view Unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

// The value of the first cookie named `name` in one `Cookie` line, or nullopt.
std::optional<std::string_view> FindCookieInLine(std::string_view line, std::string_view name) {
  for (size_t start = 0; start <= line.size();) {
    const size_t semicolon = std::min(line.find(';', start), line.size());
    const std::string_view part = TrimBlanks(line.substr(start, semicolon - start));
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return Unquoted(part.substr(eq + 1));
    }
    start = semicolon + 1;
  }
  return std::nullopt;
}

}  // namespace

void AppendHeaderValues(std::string_view line, std::vector<std::string>* values) {
  for (size_t i = 0; i < line.size();) {
    std::string& value = values->emplace_back();
    i = ScanValue(line, i, &value);
    if (value.empty()) values->pop_back();  // rule 4
  }
}

bool CollectHeaderValues(const event::Event& request, std::string_view name,
                         std::vector<std::string>* values) {
  values->clear();
  bool found = false;
  for (size_t i = 0; i < request.header_count(); ++i) {
    if (!base::EqualsIgnoreCase(request.header_name(i), name)) continue;
    found = true;
    AppendHeaderValues(request.header_value(i), values);
  }
  return found;
}

std::optional<std::string_view> FindCookie(const event::Event& request, std::string_view name) {
  for (size_t i = 0; i < request.header_count(); ++i) {
    if (!base::EqualsIgnoreCase(request.header_name(i), "Cookie")) continue;
    if (auto value = FindCookieInLine(request.header_value(i), name)) return value;
  }
  return std::nullopt;
}

}  // namespace divolte::functions
