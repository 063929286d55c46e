#include "http/path.h"

#include <vector>

#include "base/strings.h"

namespace divolte::http {
namespace {

// Percent-decodes everything except an encoded slash, which must not create a segment boundary.
// An escape that is not two hexadecimal digits is kept literally.
std::string DecodeExceptSlash(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      const int high = base::HexDigitValue(raw[i + 1]);
      const int low = base::HexDigitValue(raw[i + 2]);
      const int byte = high < 0 || low < 0 ? -1 : high * 16 + low;
      if (byte >= 0 && byte != '/') {
        out.push_back(static_cast<char>(byte));
        i += 2;
        continue;
      }
    }
    out.push_back(raw[i]);
  }
  return out;
}

}  // namespace

bool IsCanonicalPath(std::string_view raw) {
  if (raw.empty() || raw.front() != '/') return false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '%') return false;
    if (c == '/' && i + 1 < raw.size()) {
      const char next = raw[i + 1];
      if (next == '/') return false;
      if (next == '.') {
        // "/." followed by end, "/" or "./" is a dot segment.
        const std::string_view rest = raw.substr(i + 2);
        if (rest.empty() || rest.front() == '/' || rest.starts_with("./") || rest == ".") {
          return false;
        }
      }
    }
  }
  return true;
}

std::string CanonicalPath(std::string_view raw) {
  const std::string decoded = DecodeExceptSlash(raw);
  std::vector<std::string_view> segments;
  const std::string_view view(decoded);
  // As in RFC 3986 remove_dot_segments, a path ending in "/", "/." or "/.." keeps a final "/".
  bool trailing_slash = false;
  size_t start = 0;
  while (start <= view.size()) {
    size_t end = view.find('/', start);
    if (end == std::string_view::npos) end = view.size();
    const std::string_view segment = view.substr(start, end - start);
    const bool last = end == view.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = last;
    } else if (segment == "." || segment.empty()) {
      trailing_slash = last;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string_view segment : segments) {
    out.push_back('/');
    out.append(segment);
  }
  if (out.empty() || trailing_slash) out.push_back('/');
  return out;
}

}  // namespace divolte::http
