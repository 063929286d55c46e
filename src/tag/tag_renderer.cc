#include "tag/tag_renderer.h"

#include <cstdint>
#include <cstdio>

#include "base/check.h"
#include "base/utf8.h"
#include "tag/tag_template.h"

namespace divolte::tag {
namespace {

constexpr std::string_view kPlaceholderStart = "__DIVOLTE_";
constexpr int64_t kMaxTimeoutSeconds = 2147483647;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct Constant {
  std::string_view placeholder;
  std::string literal;
};

void AppendCodeUnit(uint32_t unit, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(unit >> shift) & 0xf]);
}

// The two-character escape of `code_point`, or empty when it has none.
std::string_view ShortEscape(uint32_t code_point) {
  switch (code_point) {
    case '\\':
      return "\\\\";
    case '"':
      return "\\\"";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return {};
  }
}

void AppendEscaped(uint32_t code_point, std::string* out) {
  if (const std::string_view escape = ShortEscape(code_point); !escape.empty()) {
    out->append(escape);
  } else if (code_point >= 0x20 && code_point < 0x7f && code_point != '<' && code_point != '>') {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x10000) {
    AppendCodeUnit(code_point, out);
  } else {  // a surrogate pair
    const uint32_t offset = code_point - 0x10000;
    AppendCodeUnit(0xd800 + (offset >> 10), out);
    AppendCodeUnit(0xdc00 + (offset & 0x3ff), out);
  }
}

std::string Boolean(bool value) { return value ? "true" : "false"; }

// Whole seconds, truncated, capped at 2147483647 (tag.md §2).
std::string TimeoutSeconds(std::string_view key, config::Duration timeout,
                           std::vector<std::string>* warnings) {
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
  if (seconds > kMaxTimeoutSeconds) {
    warnings->push_back(std::string(key) + " of " + std::to_string(seconds) +
                        " seconds exceeds the maximum of 2147483647 seconds; the tag uses " +
                        "2147483647.");
    seconds = kMaxTimeoutSeconds;
  }
  return std::to_string(seconds);
}

std::string_view SameSiteText(const std::optional<config::SameSite>& same_site) {
  if (!same_site) return "";
  switch (*same_site) {
    case config::SameSite::kLax:
      return "Lax";
    case config::SameSite::kStrict:
      return "Strict";
    case config::SameSite::kNone:
      return "None";
  }
  return "";
}

std::vector<Constant> Constants(const config::BrowserSourceConfig& config,
                                std::vector<std::string>* warnings) {
  const config::JavascriptConfig& js = config.javascript;
  return {
      {"__DIVOLTE_PARTY_COOKIE_NAME__", JavascriptString(config.party_cookie)},
      {"__DIVOLTE_PARTY_ID_TIMEOUT_SECONDS__",
       TimeoutSeconds("party_timeout", config.party_timeout, warnings)},
      {"__DIVOLTE_SESSION_COOKIE_NAME__", JavascriptString(config.session_cookie)},
      {"__DIVOLTE_SESSION_ID_TIMEOUT_SECONDS__",
       TimeoutSeconds("session_timeout", config.session_timeout, warnings)},
      {"__DIVOLTE_COOKIE_DOMAIN__", JavascriptString(config.cookie_domain.value_or(""))},
      {"__DIVOLTE_COOKIE_SAME_SITE__", JavascriptString(SameSiteText(config.cookie_same_site))},
      {"__DIVOLTE_COOKIE_SECURE__", Boolean(config.cookie_secure)},
      {"__DIVOLTE_LOGGING__", Boolean(js.logging)},
      {"__DIVOLTE_SCRIPT_NAME__", JavascriptString(js.name)},
      {"__DIVOLTE_EVENT_SUFFIX__", JavascriptString(config.event_suffix)},
      {"__DIVOLTE_AUTO_PAGE_VIEW_EVENT__", Boolean(js.auto_page_view_event)},
      {"__DIVOLTE_EVENT_TIMEOUT_SECONDS__", JavascriptSeconds(js.event_timeout)},
  };
}

// The index of the constant whose placeholder starts `text`, or constants.size().
size_t MatchPlaceholder(const std::vector<Constant>& constants, std::string_view text) {
  for (size_t i = 0; i < constants.size(); ++i) {
    if (text.starts_with(constants[i].placeholder)) return i;
  }
  return constants.size();
}

}  // namespace

std::string_view TemplateFor(const config::JavascriptConfig& javascript) {
  return javascript.debug ? ReadableTemplate() : MinifiedTemplate();
}

RenderedTag RenderTag(std::string_view template_text, const config::BrowserSourceConfig& config) {
  RenderedTag rendered;
  const std::vector<Constant> constants = Constants(config, &rendered.warnings);
  std::vector<bool> seen(constants.size(), false);
  rendered.script.reserve(template_text.size());
  // One pass, so that a substituted value is never scanned for placeholders.
  size_t position = 0;
  while (position < template_text.size()) {
    const size_t found = template_text.find(kPlaceholderStart, position);
    rendered.script.append(template_text.substr(position, found - position));
    if (found == std::string_view::npos) break;
    const size_t index = MatchPlaceholder(constants, template_text.substr(found));
    if (index == constants.size()) {
      rendered.script.append(kPlaceholderStart);
      position = found + kPlaceholderStart.size();
      continue;
    }
    rendered.script.append(constants[index].literal);
    seen[index] = true;
    position = found + constants[index].placeholder.size();
  }
  for (size_t i = 0; i < constants.size(); ++i) {
    if (!seen[i]) {
      std::fprintf(stderr, "The tag template lacks the placeholder %.*s\n",
                   static_cast<int>(constants[i].placeholder.size()),
                   constants[i].placeholder.data());
    }
    CHECK(seen[i]);
  }
  return rendered;
}

std::string JavascriptString(std::string_view text) {
  std::string literal = "\"";
  literal.reserve(text.size() + 2);
  // An ill-formed byte becomes one U+FFFD and decoding resumes at the next byte.
  for (size_t index = 0; index < text.size();) {
    const base::Utf8CodePoint decoded = base::DecodeUtf8(text, index);
    AppendEscaped(decoded.code_point, &literal);
    index += decoded.length == 0 ? 1 : decoded.length;
  }
  literal.push_back('"');
  return literal;
}

std::string JavascriptSeconds(std::chrono::nanoseconds duration) {
  const int64_t nanos = duration.count();
  const uint64_t magnitude =
      nanos < 0 ? 0 - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos);
  std::string text = (nanos < 0 ? "-" : "") + std::to_string(magnitude / kNanosPerSecond);
  const uint64_t fraction = magnitude % kNanosPerSecond;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 9 - digits.size(), '0');
    digits.erase(digits.find_last_not_of('0') + 1);
    text += "." + digits;
  }
  return text;
}

}  // namespace divolte::tag
