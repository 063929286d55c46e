// The per-event functions of the mapping language that parse what clients send: `parse … to
// uri` (mapping.md §7.5, java.net.URI's grammar), the query map of `uri.query()` (§7.6),
// `header()` value splitting (§7.2) and `cookie()` (§7.1). Input: one location, query, header
// line or Cookie line.
//
// Invariants: a parsed URI is made of views into the text that put back together give the text;
// every query name is found again with its first value, the decoded names and values are valid
// UTF-8 and a query equals itself re-parsed; header values are never empty; a cookie is found
// by its name and its value is a view into the event's header.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "event/event.h"
#include "event/utf8.h"
#include "functions/header_values.h"
#include "functions/query_string.h"
#include "functions/uri.h"

namespace {

namespace functions = divolte::functions;

bool Within(std::string_view part, std::string_view text) {
  return part.empty() ||
         (part.data() >= text.data() && part.data() + part.size() <= text.data() + text.size());
}

void CheckUri(std::string_view text) {
  const auto uri = functions::Uri::Parse(text);
  if (!uri) return;
  for (const auto& part : {uri->scheme(), uri->authority(), uri->user_info(), uri->host(),
                           uri->raw_path(), uri->raw_query(), uri->raw_fragment()}) {
    if (part) CHECK(Within(*part, text));
  }
  if (uri->host())
    CHECK(uri->authority() && uri->authority()->find(*uri->host()) != std::string_view::npos);
  if (uri->port()) CHECK(*uri->port() >= 0);
  std::string scratch;
  for (const auto& decoded :
       {uri->DecodedPath(&scratch), uri->DecodedQuery(&scratch), uri->DecodedFragment(&scratch)}) {
    (void)decoded;  // each call overwrites scratch; the decoding itself is what is exercised
  }
  if (uri->opaque()) {
    CHECK(uri->scheme().has_value() && !uri->raw_path().has_value());
    return;
  }
  std::string rebuilt;
  if (uri->scheme()) rebuilt += std::string(*uri->scheme()) + ":";
  if (uri->authority()) {
    rebuilt += "//" + std::string(*uri->authority());
  } else if (text.substr(rebuilt.size()).starts_with("//")) {
    rebuilt += "//";  // an empty authority is absent, as in java.net.URI ("///x": path "/x")
  }
  CHECK(uri->raw_path().has_value());
  rebuilt += *uri->raw_path();
  if (uri->raw_query()) rebuilt += "?" + std::string(*uri->raw_query());
  if (uri->raw_fragment()) rebuilt += "#" + std::string(*uri->raw_fragment());
  if (rebuilt != text) {
    std::fprintf(stderr, "rebuilt [%s] from [%.*s]\n", rebuilt.c_str(),
                 static_cast<int>(text.size()), text.data());
    CHECK(false);
  }
}

void CheckQuery(std::string_view text) {
  static functions::QueryString query;  // reused, as a mapper thread does
  query.Parse(text);
  for (size_t k = 0; k < query.size(); ++k) {
    const std::string_view name = query.name(k);
    CHECK(divolte::event::IsValidUtf8(name));
    CHECK(query.Find(name) == k);
    CHECK(query.value_count(k) > 0);
    CHECK(query.FirstValue(name) == query.value(k, 0));
    for (size_t j = 0; j < query.value_count(k); ++j) {
      CHECK(divolte::event::IsValidUtf8(query.value(k, j)));
    }
  }
  functions::QueryString again;
  again.Parse(text);
  CHECK(again == query);
}

void CheckHeaders(std::string_view text) {
  std::vector<std::string> values;
  functions::AppendHeaderValues(text, &values);
  for (const std::string& value : values) CHECK(!value.empty());

  divolte::event::Event request;
  request.AddHeader("Cookie", text);
  request.AddHeader("X-Line", text);
  std::vector<std::string> collected;
  CHECK(functions::CollectHeaderValues(request, "x-line", &collected));
  // The Event stores header bytes as Latin-1 read into UTF-8, so compare with what it holds.
  std::vector<std::string> expected;
  functions::AppendHeaderValues(request.header_value(1), &expected);
  CHECK(collected == expected);
  // The name of the first cookie of the line, if any, finds a value inside the stored line.
  const std::string_view line = request.header_value(0);
  const size_t start = line.find_first_not_of(" \t");
  const size_t eq = line.find('=');
  if (start != std::string_view::npos && eq != std::string_view::npos && start <= eq &&
      line.substr(start, eq - start).find(';') == std::string_view::npos) {
    const auto cookie = functions::FindCookie(request, line.substr(start, eq - start));
    CHECK(cookie.has_value() && Within(*cookie, line));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckUri(text);
  CheckQuery(text);
  CheckHeaders(text);
  return 0;
}
