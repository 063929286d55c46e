#pragma once

// Renders the browser tag of one browser source (tag.md §2): every placeholder
// `__DIVOLTE_<CONSTANT>__` of the template is replaced by the configured value as a JavaScript
// literal. The output is pure ASCII, so a page that loads it without a charset (decoded as
// windows-1252 by some browsers) still sees the exact values. Pure functions; thread-safe.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace divolte::tag {

struct RenderedTag {
  std::string script;
  // Values that had to be adjusted (timeouts capped at 2147483647 seconds), one message each;
  // the caller logs them as WARN.
  std::vector<std::string> warnings;
};

// The embedded template a source serves: the readable variant with `javascript.debug`, the
// minified one otherwise.
std::string_view TemplateFor(const config::JavascriptConfig& javascript);

// Substitutes the constants of `config` into `template_text`. Text that merely resembles a
// placeholder is copied unchanged.
// REQUIRES: every placeholder of tag.md §2 occurs in `template_text` (CHECKed: a template without
// one is a build defect, not a configuration error).
RenderedTag RenderTag(std::string_view template_text, const config::BrowserSourceConfig& config);

// A double-quoted JavaScript string literal of UTF-8 `text`, in ASCII only: `\` and `"` escaped,
// LF, CR and tab as `\n`, `\r`, `\t`; other control characters, `<`, `>` and every non-ASCII
// character (U+2028/U+2029 included) as `\uXXXX` (UTF-16, surrogate pairs above U+FFFF). Invalid
// UTF-8 sequences become U+FFFD.
std::string JavascriptString(std::string_view text);

// `duration` in seconds as the shortest decimal with nanosecond precision: 750 ms ⇒ `0.75`,
// 1 s ⇒ `1`, 1 ns ⇒ `0.000000001`.
std::string JavascriptSeconds(std::chrono::nanoseconds duration);

}  // namespace divolte::tag
