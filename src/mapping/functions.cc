// The built-in functions of mapping scripts (mapping.md §4.4, §5, §7): `mapping`, `println`, the
// statements, and the event values.

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/log.h"
#include "mapping/evaluator.h"

namespace divolte::mapping {

using script::Position;

namespace {

struct EventFunction {
  std::string_view name;
  Op op;
  Kind kind;
};

// The event values of §7.1 that take no argument.
constexpr EventFunction kEventFunctions[] = {
    {"location", Op::kLocation, Kind::kString},
    {"referer", Op::kReferer, Kind::kString},
    {"firstInSession", Op::kFirstInSession, Kind::kBoolean},
    {"corrupt", Op::kCorrupt, Kind::kBoolean},
    {"duplicate", Op::kDuplicate, Kind::kBoolean},
    {"timestamp", Op::kTimestamp, Kind::kLong},
    {"clientTimestamp", Op::kClientTimestamp, Kind::kLong},
    {"remoteHost", Op::kRemoteHost, Kind::kString},
    {"viewportPixelWidth", Op::kViewportPixelWidth, Kind::kInt},
    {"viewportPixelHeight", Op::kViewportPixelHeight, Kind::kInt},
    {"screenPixelWidth", Op::kScreenPixelWidth, Kind::kInt},
    {"screenPixelHeight", Op::kScreenPixelHeight, Kind::kInt},
    {"devicePixelRatio", Op::kDevicePixelRatio, Kind::kInt},
    {"partyId", Op::kPartyId, Kind::kString},
    {"sessionId", Op::kSessionId, Kind::kString},
    {"pageViewId", Op::kPageViewId, Kind::kString},
    {"eventId", Op::kEventId, Kind::kString},
    {"eventType", Op::kEventType, Kind::kString},
    {"userAgentString", Op::kUserAgentString, Kind::kString},
    {"eventParameters", Op::kEventParameters, Kind::kJson},
    {"userAgent", Op::kUserAgent, Kind::kUserAgent},
};

constexpr std::string_view kOtherMappingFunctions[] = {
    "cookie",  "header", "eventParameter", "ip2geo", "digest", "map",   "when",
    "section", "exit",   "stop",           "drop",   "parse",  "match", "not",
};

bool IsMappingFunction(std::string_view name) {
  return std::any_of(std::begin(kEventFunctions), std::end(kEventFunctions),
                     [&](const EventFunction& f) { return f.name == name; }) ||
         std::find(std::begin(kOtherMappingFunctions), std::end(kOtherMappingFunctions), name) !=
             std::end(kOtherMappingFunctions);
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// `unknown function 'x'` with the closest known name within two edits.
std::string UnknownFunction(std::string_view name) {
  std::vector<std::string_view> known = {"mapping", "println"};
  for (const auto& f : kEventFunctions) known.push_back(f.name);
  for (const auto f : kOtherMappingFunctions) known.push_back(f);
  std::string_view best;
  size_t best_distance = 3;
  for (const auto candidate : known) {
    const size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best.empty()) return fmt::format("unknown function '{}'", name);
  return fmt::format("unknown function '{}'; did you mean '{}'?", name, best);
}

}  // namespace

LoadValue Evaluator::CallFunction(const script::Call& call, Position position,
                                  const ScopePtr& scope) {
  if (call.name != "mapping" && call.name != "println") {
    if (!IsMappingFunction(call.name)) {
      Error(position, UnknownFunction(call.name));
      return LoadValue::Error();
    }
    if (mapping_depth_ == 0) {
      Error(position, fmt::format("'{}' is only available inside mapping {{ }}", call.name));
      return LoadValue::Error();
    }
  }
  Arguments arguments = EvaluateArguments(call.arguments, scope);
  for (const LoadValue& argument : arguments) {
    if (argument.is_error()) return LoadValue::Error();
  }
  if (call.name == "mapping") {
    if (arguments.size() != 1 || arguments[0].type != LoadValue::Type::kClosure) {
      Error(position, "wrong arguments for mapping(); expected mapping { … }");
      return LoadValue::Error();
    }
    if (!saw_mapping_) first_mapping_ = position;
    saw_mapping_ = true;
    ++mapping_depth_;
    Invoke(arguments[0], nullptr);
    --mapping_depth_;
    return LoadValue();
  }
  if (call.name == "println") {
    std::string text;
    if (arguments.size() > 1 || (arguments.size() == 1 && !AppendLoadText(arguments[0], &text))) {
      Error(position, arguments.size() == 1 && arguments[0].type == LoadValue::Type::kProducer
                          ? "cannot interpolate a per-event value; map it instead"
                          : "wrong arguments for println(); expected println <value>");
      return LoadValue::Error();
    }
    printed_.push_back(std::move(text));
    return LoadValue();
  }
  return CallMappingFunction(call.name, arguments, position);
}

LoadValue Evaluator::CallMappingFunction(const std::string& name, Arguments& arguments,
                                         Position position) {
  bool handled = false;
  LoadValue result = CallStatementFunction(name, arguments, position, &handled);
  if (handled) return result;
  return CallEventFunction(name, arguments, position, &handled);
}

// map, when, section, exit, stop, drop, parse, match, not.
LoadValue Evaluator::CallStatementFunction(const std::string& name, Arguments& arguments,
                                           Position position, bool* handled) {
  *handled = true;
  const bool one = arguments.size() == 1;
  if (name == "map" || name == "when") {
    if (!one) {
      if (name == "when" && arguments.size() == 2) {
        // `when cond { … }`: the closure needs `apply` (§5.4).
        LoadValue pending = LoadValue::Typed(LoadValue::Type::kPendingWhen);
        pending.position = position;
        CheckComplete(pending);
        return LoadValue::Error();
      }
      Error(position, fmt::format("wrong arguments for {0}(); expected {0} <value>", name));
      return LoadValue::Error();
    }
    LoadValue value = arguments[0];
    if (value.type == LoadValue::Type::kClosure) value = Invoke(value, nullptr);
    if (value.is_error() || !CheckComplete(value)) return LoadValue::Error();
    if (name == "when") {
      if (value.type != LoadValue::Type::kProducer || node(value).kind != Kind::kBoolean) {
        Error(position, fmt::format("condition must be a boolean value, found {}", TypeOf(value)));
        return LoadValue::Error();
      }
      LoadValue pending = LoadValue::Typed(LoadValue::Type::kPendingWhen);
      pending.node = value.node;
      pending.position = position;
      return pending;
    }
    LoadValue pending = LoadValue::Typed(LoadValue::Type::kPendingMap);
    pending.list.push_back(std::move(value));
    pending.position = position;
    return pending;
  }
  if (name == "section") {
    if (!one || arguments[0].type != LoadValue::Type::kClosure) {
      Error(position, "wrong arguments for section(); expected section { … }");
      return LoadValue::Error();
    }
    Action section;
    section.type = Action::Type::kSection;
    section.children = CollectActions(arguments[0]);
    AppendAction(std::move(section));
    return LoadValue();
  }
  if (name == "exit" || name == "stop" || name == "drop") {
    const Action::Type type = name == "exit"   ? Action::Type::kExit
                              : name == "stop" ? Action::Type::kStop
                                               : Action::Type::kDrop;
    AddFlowAction(type, arguments, name, position);
    return LoadValue();
  }
  if (name == "parse") {
    if (!one || !ExpectProducer(arguments[0], Kind::kString, "parse", position)) {
      if (!one) Error(position, "wrong arguments for parse(); expected parse <string> to <type>");
      return LoadValue::Error();
    }
    LoadValue pending = LoadValue::Typed(LoadValue::Type::kPendingParse);
    pending.node = arguments[0].node;
    pending.position = position;
    return pending;
  }
  if (name == "match") {
    if (!one || !ExpectString(arguments[0], "match", position)) {
      if (!one)
        Error(position, "wrong arguments for match(); expected match '<regex>' against <string>");
      return LoadValue::Error();
    }
    LoadValue pending = LoadValue::Typed(LoadValue::Type::kPendingMatch);
    pending.text = arguments[0].text;
    pending.position = position;
    return pending;
  }
  if (name == "not") {
    if (!one || !ExpectProducer(arguments[0], Kind::kBoolean, "not", position)) {
      if (!one) Error(position, "wrong arguments for not(); expected not <condition>");
      return LoadValue::Error();
    }
    Node negation{.op = Op::kNot, .kind = Kind::kBoolean, .input = arguments[0].node};
    negation.label = fmt::format("not({})", node(arguments[0]).label);
    return LoadValue::Producer(AddNode(std::move(negation)));
  }
  *handled = false;
  return LoadValue();
}

void Evaluator::AddFlowAction(Action::Type type, const Arguments& arguments,
                              const std::string& name, Position position) {
  if (!arguments.empty()) {
    Error(position, fmt::format("'{}' takes no arguments", name));
    return;
  }
  Action action;
  action.type = type;
  AppendAction(std::move(action));
}

LoadValue Evaluator::CallEventFunction(const std::string& name, Arguments& arguments,
                                       Position position, bool* handled) {
  *handled = true;
  for (const EventFunction& function : kEventFunctions) {
    if (function.name != name) continue;
    if (!arguments.empty()) {
      Error(position, fmt::format("wrong arguments for {0}(); expected {0}()", name));
      return LoadValue::Error();
    }
    Node event_value{.op = function.op, .kind = function.kind};
    event_value.label = fmt::format("{}()", name);
    return LoadValue::Producer(AddNode(std::move(event_value)));
  }
  if (name == "digest") return CallDigest(arguments, position);
  if (name == "ip2geo") return CallIp2Geo(arguments, position);
  // cookie, header, eventParameter: one string literal.
  if (arguments.size() != 1 || !ExpectString(arguments[0], name, position)) {
    if (arguments.size() != 1) {
      Error(position, fmt::format("wrong arguments for {0}(); expected {0}('<name>')", name));
    }
    return LoadValue::Error();
  }
  const std::string& text = arguments[0].text;
  if (name == "eventParameter") {
    Node parameters{.op = Op::kEventParameters, .kind = Kind::kJson};
    parameters.label = "eventParameters()";
    Node value{
        .op = Op::kJsonValue, .kind = Kind::kString, .input = AddNode(std::move(parameters))};
    value.text = text;
    value.label = fmt::format("eventParameter('{}')", text);
    return LoadValue::Producer(AddNode(std::move(value)));
  }
  Node lookup{.op = name == "cookie" ? Op::kCookie : Op::kHeader,
              .kind = name == "cookie" ? Kind::kString : Kind::kStringList};
  lookup.text = text;
  lookup.label = fmt::format("{}('{}')", name, text);
  return LoadValue::Producer(AddNode(std::move(lookup)));
}

LoadValue Evaluator::CallDigest(Arguments& arguments, Position position) {
  if (arguments.empty() || arguments.size() > 2 ||
      !std::all_of(arguments.begin(), arguments.end(),
                   [&](const LoadValue& a) { return ExpectString(a, "digest", position); })) {
    if (arguments.empty() || arguments.size() > 2) {
      Error(position, "wrong arguments for digest(); expected digest('<algorithm>'[, '<seed>'])");
    }
    return LoadValue::Error();
  }
  auto digester = arguments.size() == 1
                      ? functions::Digester::Create(arguments[0].text)
                      : functions::Digester::CreateSeeded(arguments[0].text, arguments[1].text);
  if (!digester.ok()) {
    Error(position, digester.status().message());
    return LoadValue::Error();
  }
  DigesterProgram program{.digester = std::move(digester).value()};
  program.label = arguments.size() == 1 ? fmt::format("digester(\"{}\")", arguments[0].text)
                                        : fmt::format("digester(\"{}\", \"{}\")", arguments[0].text,
                                                      arguments[1].text);
  program_->digesters.push_back(std::move(program));
  LoadValue value = LoadValue::Typed(LoadValue::Type::kDigester);
  value.node = static_cast<int32_t>(program_->digesters.size() - 1);
  return value;
}

LoadValue Evaluator::CallIp2Geo(Arguments& arguments, Position position) {
  if (arguments.size() > 1 ||
      (arguments.size() == 1 && !ExpectProducer(arguments[0], Kind::kString, "ip2geo", position))) {
    if (arguments.size() > 1) {
      Error(position, "wrong arguments for ip2geo(); expected ip2geo() or ip2geo(<string>)");
    }
    return LoadValue::Error();
  }
  if (!options_.ip2geo_configured) {
    Error(position,
          "Attempt to use a ip2geo mapping, while the ip2geo lookup database is not configured.");
    return LoadValue::Error();
  }
  Node lookup{.op = Op::kIp2Geo, .kind = Kind::kGeo};
  if (arguments.empty()) {
    lookup.label = "ip2geo(<remote host IP>)";
  } else {
    lookup.input = arguments[0].node;
    lookup.label = fmt::format("ip2geo({})", node(arguments[0]).label);
  }
  return LoadValue::Producer(AddNode(std::move(lookup)));
}

}  // namespace divolte::mapping
