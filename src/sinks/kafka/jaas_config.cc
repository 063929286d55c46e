#include "sinks/kafka/jaas_config.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "base/strings.h"

namespace divolte::sinks::kafka {
namespace {

constexpr std::string_view kPlainModule = "org.apache.kafka.common.security.plain.PlainLoginModule";
constexpr std::string_view kScramModule = "org.apache.kafka.common.security.scram.ScramLoginModule";

enum class TokenKind { kEnd, kWord, kQuoted, kUnterminated, kEquals, kSemicolon };

struct Token {
  TokenKind kind;
  std::string text;  // the word, or the quoted text without quotes and escapes
};

// Splits a JAAS configuration into words, quoted strings, '=' and ';'.
class JaasTokenizer {
 public:
  explicit JaasTokenizer(std::string_view text) : text_(text) {}

  Token Next() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    if (pos_ == text_.size()) return {TokenKind::kEnd, ""};
    const char c = text_[pos_];
    if (c == '=' || c == ';') {
      ++pos_;
      return {c == '=' ? TokenKind::kEquals : TokenKind::kSemicolon, std::string(1, c)};
    }
    if (c == '"') return Quoted();
    const size_t begin = pos_;
    while (pos_ < text_.size() && !IsSpace(text_[pos_]) && !IsDelimiter(text_[pos_])) ++pos_;
    return {TokenKind::kWord, std::string(text_.substr(begin, pos_ - begin))};
  }

 private:
  static bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
  static bool IsDelimiter(char c) { return c == '=' || c == ';' || c == '"'; }

  // REQUIRES: text_[pos_] == '"'
  Token Quoted() {
    std::string text;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return {TokenKind::kQuoted, std::move(text)};
      }
      if (c == '\\' && pos_ + 1 < text_.size()) c = text_[++pos_];
      text += c;
    }
    return {TokenKind::kUnterminated, ""};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

struct JaasEntry {
  std::string module;
  std::vector<std::pair<std::string, std::string>> options;
};

bool IsControlFlag(std::string_view flag) {
  for (const std::string_view known : {"required", "requisite", "sufficient", "optional"}) {
    if (base::EqualsIgnoreCase(flag, known)) return true;
  }
  return false;
}

// The rest of an entry whose module name has been read: control flag, options and ';'.
base::Result<JaasEntry> ParseEntry(std::string module, JaasTokenizer* tokens) {
  const Token flag = tokens->Next();
  if (flag.kind != TokenKind::kWord || !IsControlFlag(flag.text)) {
    return base::Result<JaasEntry>::Error(fmt::format(
        "expected a control flag (required, requisite, sufficient or optional) after login "
        "module '{}'",
        module));
  }
  JaasEntry entry{std::move(module), {}};
  for (Token name = tokens->Next(); name.kind != TokenKind::kSemicolon; name = tokens->Next()) {
    if (name.kind == TokenKind::kEnd) {
      return base::Result<JaasEntry>::Error("missing ';' at the end of the login module entry");
    }
    const Token equals = tokens->Next();
    Token value = tokens->Next();
    if (value.kind == TokenKind::kUnterminated) {
      return base::Result<JaasEntry>::Error("unterminated quoted option value");
    }
    if (name.kind != TokenKind::kWord || equals.kind != TokenKind::kEquals ||
        (value.kind != TokenKind::kWord && value.kind != TokenKind::kQuoted)) {
      return base::Result<JaasEntry>::Error("expected options of the form name=\"value\"");
    }
    entry.options.emplace_back(name.text, std::move(value.text));
  }
  return entry;
}

std::optional<std::string> OptionOf(const JaasEntry& entry, std::string_view name) {
  for (const auto& [option, value] : entry.options) {
    if (option == name) return value;
  }
  return std::nullopt;
}

base::Result<SaslCredentials> CredentialsOf(const JaasEntry& entry) {
  if (entry.module != kPlainModule && entry.module != kScramModule) {
    return base::Result<SaslCredentials>::Error(
        fmt::format("login module '{}' is not supported; use {} or {}", entry.module, kPlainModule,
                    kScramModule));
  }
  std::optional<std::string> username = OptionOf(entry, "username");
  std::optional<std::string> password = OptionOf(entry, "password");
  if (!username || !password) {
    return base::Result<SaslCredentials>::Error(fmt::format(
        "login module '{}' needs both username=\"…\" and password=\"…\"", entry.module));
  }
  return SaslCredentials{std::move(*username), std::move(*password)};
}

}  // namespace

base::Result<SaslCredentials> ParseSaslJaasConfig(std::string_view jaas) {
  JaasTokenizer tokens(jaas);
  std::vector<JaasEntry> entries;
  for (Token token = tokens.Next(); token.kind != TokenKind::kEnd; token = tokens.Next()) {
    if (token.kind != TokenKind::kWord) {
      return base::Result<SaslCredentials>::Error("expected a login module name");
    }
    base::Result<JaasEntry> entry = ParseEntry(std::move(token.text), &tokens);
    if (!entry.ok()) return entry.status();
    entries.push_back(std::move(*entry));
  }
  if (entries.size() != 1) {
    return base::Result<SaslCredentials>::Error(fmt::format(
        "expected one login module entry (<module> required username=\"…\" password=\"…\";), "
        "found {}",
        entries.size()));
  }
  return CredentialsOf(entries.front());
}

}  // namespace divolte::sinks::kafka
