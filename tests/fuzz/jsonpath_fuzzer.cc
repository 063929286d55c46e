// JSONPath expressions of `eventParameters().path('<JSONPath>')` (mapping.md §7.3, written by
// the script's author, compiled at start-up) evaluated on custom event parameters (sent by
// clients). Input: the expression, optionally followed by a line `@@@@` and the parameters in
// mincode (protocol.md §7); without them a fixed document is used.
//
// Invariants: a definite path finds at most one value, the same as FindAll; every match points
// into the document; Evaluate agrees with FindAll.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "event/json_value.h"
#include "event/mincode.h"
#include "functions/jsonpath.h"

namespace {

namespace event = divolte::event;

constexpr std::string_view kSeparator = "\n@@@@\n";

// Every node of `value`, for checking that matches point into the document.
void CollectNodes(const event::JsonValue& value, std::set<const event::JsonValue*>* nodes) {
  nodes->insert(&value);
  if (value.is_array()) {
    for (const event::JsonValue& element : value.AsArray()) CollectNodes(element, nodes);
  } else if (value.is_object()) {
    for (const auto& member : value.AsObject()) CollectNodes(member.value, nodes);
  }
}

const event::JsonValue& FixedDocument() {
  static const event::JsonValue document = [] {
    auto decoded = event::DecodeMincode(
        "((store!abook!(scategory!reference!sauthor!Nigel Rees!jprice!8.95!dn!1!)"
        "(scategory!fiction!sauthor!Evelyn Waugh!stitle!Sword!jprice!12.99!tisbn!)"
        "(scategory!fiction!sauthor!J. R. R. Tolkien!dprice!n!nisbn!)."
        "(bicycle!scolor!red!jprice!19.95!)(e!)aae!.)aitems!d1!d2!d3!sx!.)");
    CHECK(decoded.has_value());
    return std::move(*decoded);
  }();
  return document;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view expression(reinterpret_cast<const char*>(data), size);
  std::optional<event::JsonValue> own_document;
  if (const size_t separator = expression.find(kSeparator); separator != std::string_view::npos) {
    own_document = event::DecodeMincode(expression.substr(separator + kSeparator.size()));
    expression = expression.substr(0, separator);
  }
  const event::JsonValue& document = own_document ? *own_document : FixedDocument();
  auto path = divolte::functions::JsonPath::Compile(expression);
  if (!path.ok()) return 0;
  std::vector<const event::JsonValue*> matches;
  path->FindAll(document, &matches);
  std::set<const event::JsonValue*> nodes;
  CollectNodes(document, &nodes);
  for (const event::JsonValue* match : matches) CHECK(nodes.count(match) == 1);
  const auto evaluated = path->Evaluate(document);
  if (path->definite()) {
    const event::JsonValue* one = path->FindOne(document);
    CHECK(matches.size() <= 1);
    CHECK(one == (matches.empty() ? nullptr : matches[0]));
    CHECK(evaluated.has_value() == (one != nullptr));
    if (one != nullptr) CHECK(*evaluated == *one);
  } else {
    CHECK(evaluated.has_value() && evaluated->is_array());
    CHECK(evaluated->AsArray().size() == matches.size());
    for (size_t i = 0; i < matches.size(); ++i) CHECK(evaluated->AsArray()[i] == *matches[i]);
  }
  return 0;
}
