// Binding of divolte.sources (config.md §6.4), with the per-value rules 7 and 10 of §4.

#include <limits>

#include "config/binding.h"

namespace divolte::config {
namespace {

// RFC 6265 cookie-name: a token, i.e. visible ASCII except separators.
bool IsCookieToken(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= 0x20 || c >= 0x7F) return false;
    if (std::string_view("()<>@,;:\\\"/[]?={}").find(c) != std::string_view::npos) return false;
  }
  return true;
}

void ReadCookieName(ObjectReader& source, std::string_view key, std::string* out) {
  source.Read(key, out);
  const Value* value = source.Get(key);
  if (value && value->IsScalar() && !IsCookieToken(*out)) {
    source.Error(key, "must be an RFC 6265 token", *value);
  }
}

// ^[A-Za-z0-9_-]+\.js$
bool IsScriptName(std::string_view name) {
  if (name.size() <= 3 || !name.ends_with(".js")) return false;
  name.remove_suffix(3);
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void BindJavascript(ObjectReader javascript, JavascriptConfig* out) {
  javascript.Read("name", &out->name);
  const Value* name = javascript.Get("name");
  if (name && name->IsScalar() && !IsScriptName(out->name)) {
    javascript.Error("name", "must match ^[A-Za-z0-9_-]+\\.js$", *name);
  }
  javascript.Read("logging", &out->logging);
  javascript.Read("debug", &out->debug);
  javascript.Read("auto_page_view_event", &out->auto_page_view_event);
  javascript.ReadDuration("event_timeout", Duration(0), &out->event_timeout);
  javascript.Finish();
}

void BindBrowser(ObjectReader& source, BrowserSourceConfig* out) {
  source.Read("prefix", &out->prefix);
  if (out->prefix.empty() || out->prefix.back() != '/') out->prefix += '/';
  source.Read("event_suffix", &out->event_suffix);
  ReadCookieName(source, "party_cookie", &out->party_cookie);
  source.ReadDuration("party_timeout", Duration(0), &out->party_timeout);
  ReadCookieName(source, "session_cookie", &out->session_cookie);
  source.ReadDuration("session_timeout", Duration(0), &out->session_timeout);
  source.Read("cookie_domain", &out->cookie_domain);
  source.ReadEnum<SameSite>(
      "cookie_same_site",
      {{"Lax", SameSite::kLax}, {"Strict", SameSite::kStrict}, {"None", SameSite::kNone}},
      &out->cookie_same_site);
  source.Read("cookie_secure", &out->cookie_secure);
  source.Read("server_side_cookies", &out->server_side_cookies);
  source.ReadDuration("http_response_delay", Duration(0), &out->http_response_delay);
  BindJavascript(source.Child("javascript"), &out->javascript);
}

void BindJson(ObjectReader& source, JsonSourceConfig* out) {
  source.Read("event_path", &out->event_path);
  source.Read("party_id_parameter", &out->party_id_parameter);
  source.ReadInt("maximum_body_size", 1, std::numeric_limits<int32_t>::max(),
                 &out->maximum_body_size);
}

}  // namespace

void BindSources(const Value& sources, Diagnostics* diagnostics, BindResult* out) {
  for (const auto& [name, value] : sources.fields()) {
    std::string path = "divolte.sources." + name;
    if (value->type() != ValueType::kObject) {
      diagnostics->errors.push_back(PropertyError(path, "must be an object", *value));
      out->unbound_sources.push_back(name);
      continue;
    }
    ObjectReader source(value.get(), path, diagnostics);
    std::optional<SourceType> type;
    if (source.Require("type")) {
      source.ReadEnum<SourceType>(
          "type", {{"browser", SourceType::kBrowser}, {"json", SourceType::kJson}}, &type);
    }
    if (!type) {
      out->unbound_sources.push_back(name);
      continue;
    }
    SourceConfig config{.name = name, .type = *type};
    if (*type == SourceType::kBrowser) {
      BindBrowser(source, &config.browser);
    } else {
      BindJson(source, &config.json);
    }
    source.Finish();
    out->config.sources.push_back(std::move(config));
  }
}

}  // namespace divolte::config
