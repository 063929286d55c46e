#include "sources/json/content_type.h"

#include "base/strings.h"

namespace divolte::sources {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsOws(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A cursor over one Content-Type value.
class MediaTypeReader {
 public:
  explicit MediaTypeReader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  void SkipOws() {
    while (pos_ < text_.size() && IsOws(text_[pos_])) ++pos_;
  }
  bool Expect(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  std::string_view Token() {
    const size_t start = pos_;
    while (pos_ < text_.size() && IsTokenChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // A parameter value: a token or a quoted string (quoted pairs unescaped into *value).
  bool Value(std::string* value) {
    if (!Expect('"')) {
      *value = Token();
      return !value->empty();
    }
    value->clear();
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (pos_ == text_.size()) return false;
        c = text_[pos_++];
      }
      value->push_back(c);
    }
    return false;  // unterminated
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool IsJsonContentType(const std::vector<std::string_view>& content_type_headers) {
  if (content_type_headers.size() != 1) return false;
  MediaTypeReader reader(content_type_headers[0]);
  reader.SkipOws();
  const std::string_view type = reader.Token();
  if (!reader.Expect('/')) return false;
  const std::string_view subtype = reader.Token();
  if (!base::EqualsIgnoreCase(type, "application") || !base::EqualsIgnoreCase(subtype, "json")) {
    return false;
  }
  bool seen_charset = false;
  std::string value;
  while (true) {
    reader.SkipOws();
    if (reader.at_end()) return true;
    if (!reader.Expect(';')) return false;
    reader.SkipOws();
    if (reader.at_end() || reader.Peek(';')) continue;  // an empty parameter (RFC 9110 §5.6.6)
    const std::string_view name = reader.Token();
    if (!reader.Expect('=') || !reader.Value(&value)) return false;
    if (seen_charset || !base::EqualsIgnoreCase(name, "charset") ||
        !base::EqualsIgnoreCase(value, "utf-8")) {
      return false;
    }
    seen_charset = true;
  }
}

}  // namespace divolte::sources
