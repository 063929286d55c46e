// Methods of load-time values (mapping.md §4.4): the second halves of statements (`onto`,
// `apply`, `to`, `against`), lists (`each`), digesters (`add`, `result`) and the accessors and
// conditions of producers (§6, §7).

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "mapping/evaluator.h"

namespace divolte::mapping {

using script::Position;

namespace {

enum class Argument : uint8_t { kNone, kName, kIndex, kGroup, kJsonPath, kCondition };

struct Method {
  Kind receiver;
  std::string_view name;
  Op op;
  Kind result;
  Argument argument = Argument::kNone;
  int64_t index = 0;  // user-agent and geo accessors: which one
};

constexpr Method kMethods[] = {
    {Kind::kBoolean, "and", Op::kAnd, Kind::kBoolean, Argument::kCondition},
    {Kind::kBoolean, "or", Op::kOr, Kind::kBoolean, Argument::kCondition},
    {Kind::kStringList, "first", Op::kListFirst, Kind::kString},
    {Kind::kStringList, "last", Op::kListLast, Kind::kString},
    {Kind::kStringList, "get", Op::kListGet, Kind::kString, Argument::kIndex},
    {Kind::kStringList, "commaSeparated", Op::kListCommaSeparated, Kind::kString},
    {Kind::kJson, "value", Op::kJsonValue, Kind::kString, Argument::kName},
    {Kind::kJson, "path", Op::kJsonPath, Kind::kJson, Argument::kJsonPath},
    {Kind::kUri, "scheme", Op::kUriScheme, Kind::kString},
    {Kind::kUri, "host", Op::kUriHost, Kind::kString},
    {Kind::kUri, "port", Op::kUriPort, Kind::kInt},
    {Kind::kUri, "path", Op::kUriPath, Kind::kString},
    {Kind::kUri, "rawPath", Op::kUriRawPath, Kind::kString},
    {Kind::kUri, "decodedQueryString", Op::kUriDecodedQuery, Kind::kString},
    {Kind::kUri, "rawQueryString", Op::kUriRawQuery, Kind::kString},
    {Kind::kUri, "decodedFragment", Op::kUriDecodedFragment, Kind::kString},
    {Kind::kUri, "rawFragment", Op::kUriRawFragment, Kind::kString},
    {Kind::kUri, "query", Op::kUriQuery, Kind::kQueryMap},
    {Kind::kQueryMap, "value", Op::kQueryValue, Kind::kString, Argument::kName},
    {Kind::kQueryMap, "valueList", Op::kQueryValueList, Kind::kStringList, Argument::kName},
    {Kind::kMatcher, "matches", Op::kMatches, Kind::kBoolean},
    {Kind::kMatcher, "group", Op::kGroup, Kind::kString, Argument::kGroup},
    {Kind::kBytes, "toHexLower", Op::kToHexLower, Kind::kString},
    {Kind::kBytes, "toHexUpper", Op::kToHexUpper, Kind::kString},
    {Kind::kBytes, "toBase64", Op::kToBase64, Kind::kString},
    // §7.8, in enrich's order.
    {Kind::kUserAgent, "name", Op::kUserAgentField, Kind::kString, Argument::kNone, 0},
    {Kind::kUserAgent, "family", Op::kUserAgentField, Kind::kString, Argument::kNone, 1},
    {Kind::kUserAgent, "vendor", Op::kUserAgentField, Kind::kString, Argument::kNone, 2},
    {Kind::kUserAgent, "type", Op::kUserAgentField, Kind::kString, Argument::kNone, 3},
    {Kind::kUserAgent, "version", Op::kUserAgentField, Kind::kString, Argument::kNone, 4},
    {Kind::kUserAgent, "deviceCategory", Op::kUserAgentField, Kind::kString, Argument::kNone, 5},
    {Kind::kUserAgent, "osFamily", Op::kUserAgentField, Kind::kString, Argument::kNone, 6},
    {Kind::kUserAgent, "osVersion", Op::kUserAgentField, Kind::kString, Argument::kNone, 7},
    {Kind::kUserAgent, "osVendor", Op::kUserAgentField, Kind::kString, Argument::kNone, 8},
    // §7.9.
    {Kind::kGeo, "cityId", Op::kGeoField, Kind::kInt, Argument::kNone, 0},
    {Kind::kGeo, "cityName", Op::kGeoField, Kind::kString, Argument::kNone, 1},
    {Kind::kGeo, "continentCode", Op::kGeoField, Kind::kString, Argument::kNone, 2},
    {Kind::kGeo, "continentId", Op::kGeoField, Kind::kInt, Argument::kNone, 3},
    {Kind::kGeo, "continentName", Op::kGeoField, Kind::kString, Argument::kNone, 4},
    {Kind::kGeo, "countryCode", Op::kGeoField, Kind::kString, Argument::kNone, 5},
    {Kind::kGeo, "countryId", Op::kGeoField, Kind::kInt, Argument::kNone, 6},
    {Kind::kGeo, "countryName", Op::kGeoField, Kind::kString, Argument::kNone, 7},
    {Kind::kGeo, "latitude", Op::kGeoField, Kind::kDouble, Argument::kNone, 8},
    {Kind::kGeo, "longitude", Op::kGeoField, Kind::kDouble, Argument::kNone, 9},
    {Kind::kGeo, "metroCode", Op::kGeoField, Kind::kInt, Argument::kNone, 10},
    {Kind::kGeo, "timeZone", Op::kGeoField, Kind::kString, Argument::kNone, 11},
    {Kind::kGeo, "mostSpecificSubdivisionCode", Op::kGeoField, Kind::kString, Argument::kNone, 12},
    {Kind::kGeo, "mostSpecificSubdivisionId", Op::kGeoField, Kind::kInt, Argument::kNone, 13},
    {Kind::kGeo, "mostSpecificSubdivisionName", Op::kGeoField, Kind::kString, Argument::kNone, 14},
    {Kind::kGeo, "postalCode", Op::kGeoField, Kind::kString, Argument::kNone, 15},
    {Kind::kGeo, "registeredCountryCode", Op::kGeoField, Kind::kString, Argument::kNone, 16},
    {Kind::kGeo, "registeredCountryId", Op::kGeoField, Kind::kInt, Argument::kNone, 17},
    {Kind::kGeo, "registeredCountryName", Op::kGeoField, Kind::kString, Argument::kNone, 18},
    {Kind::kGeo, "representedCountryCode", Op::kGeoField, Kind::kString, Argument::kNone, 19},
    {Kind::kGeo, "representedCountryId", Op::kGeoField, Kind::kInt, Argument::kNone, 20},
    {Kind::kGeo, "representedCountryName", Op::kGeoField, Kind::kString, Argument::kNone, 21},
    {Kind::kGeo, "subdivisionCodes", Op::kGeoField, Kind::kStringList, Argument::kNone, 22},
    {Kind::kGeo, "subdivisionIds", Op::kGeoField, Kind::kIntList, Argument::kNone, 23},
    {Kind::kGeo, "subdivisionNames", Op::kGeoField, Kind::kStringList, Argument::kNone, 24},
    {Kind::kGeo, "autonomousSystemNumber", Op::kGeoField, Kind::kInt, Argument::kNone, 25},
    {Kind::kGeo, "autonomousSystemOrganization", Op::kGeoField, Kind::kString, Argument::kNone, 26},
    {Kind::kGeo, "domain", Op::kGeoField, Kind::kString, Argument::kNone, 27},
    {Kind::kGeo, "isp", Op::kGeoField, Kind::kString, Argument::kNone, 28},
    {Kind::kGeo, "organisation", Op::kGeoField, Kind::kString, Argument::kNone, 29},
    {Kind::kGeo, "anonymousProxy", Op::kGeoField, Kind::kBoolean, Argument::kNone, 30},
    {Kind::kGeo, "satelliteProvider", Op::kGeoField, Kind::kBoolean, Argument::kNone, 31},
};

constexpr std::string_view kProducerMethods[] = {"equalTo", "isAbsent", "isPresent"};

const Method* FindMethod(Kind kind, std::string_view name) {
  for (const Method& method : kMethods) {
    if (method.receiver == kind && method.name == name) return &method;
  }
  return nullptr;
}

std::vector<std::string> MethodNames(Kind kind) {
  std::vector<std::string> names;
  for (const Method& method : kMethods) {
    if (method.receiver == kind) names.push_back(std::string(method.name) + "()");
  }
  for (const auto name : kProducerMethods) names.push_back(std::string(name) + "()");
  std::sort(names.begin(), names.end());
  return names;
}

bool IsProducerMethod(std::string_view name) {
  return std::find(std::begin(kProducerMethods), std::end(kProducerMethods), name) !=
         std::end(kProducerMethods);
}

}  // namespace

LoadValue Evaluator::CallMethod(const script::MethodCall& call, Position position,
                                const ScopePtr& scope) {
  LoadValue receiver = Evaluate(*call.receiver, scope);
  if (receiver.is_error()) return receiver;
  const Position at = call.name_position;
  if (call.is_property_access()) {
    const bool is_method =
        receiver.type == LoadValue::Type::kProducer &&
        (FindMethod(node(receiver).kind, call.name) != nullptr || IsProducerMethod(call.name));
    if (!CheckComplete(receiver)) return LoadValue::Error();
    Error(at, is_method ? fmt::format("unknown property '{0}' on {1}; did you mean '{0}()'?",
                                      call.name, TypeOf(receiver))
                        : fmt::format("unknown property '{}' on {}", call.name, TypeOf(receiver)));
    return LoadValue::Error();
  }
  Arguments arguments = EvaluateArguments(call.arguments, scope);
  for (const LoadValue& argument : arguments) {
    if (argument.is_error()) return LoadValue::Error();
  }
  switch (receiver.type) {
    case LoadValue::Type::kPendingMap:
    case LoadValue::Type::kPendingWhen:
    case LoadValue::Type::kPendingParse:
    case LoadValue::Type::kPendingMatch:
      return CallPendingMethod(receiver, call.name, arguments, position);
    case LoadValue::Type::kList:
      return CallListMethod(receiver, call.name, arguments, at);
    case LoadValue::Type::kDigester:
      return CallDigesterMethod(receiver, call.name, arguments, at);
    case LoadValue::Type::kProducer:
      return CallProducerMethod(receiver, call.name, arguments, at);
    default:
      Error(at, fmt::format("unknown method '{}' on {}", call.name, TypeOf(receiver)));
      return LoadValue::Error();
  }
}

LoadValue Evaluator::CallPendingMethod(LoadValue& receiver, const std::string& name,
                                       Arguments& arguments, Position position) {
  const auto type = receiver.type;
  if (type == LoadValue::Type::kPendingMap && name == "onto" && arguments.size() == 1) {
    AddMap(receiver.list[0], arguments[0], position);
    return LoadValue();
  }
  if (type == LoadValue::Type::kPendingWhen &&
      (name == "apply" || name == "exit" || name == "stop" || name == "drop")) {
    return ApplyWhen(receiver, name, arguments, position);
  }
  if (type == LoadValue::Type::kPendingParse && name == "to" && arguments.size() == 1) {
    return Parse(receiver, arguments, position);
  }
  if (type == LoadValue::Type::kPendingMatch && name == "against" && arguments.size() == 1) {
    return Match(receiver, arguments, position);
  }
  CheckComplete(receiver);
  return LoadValue::Error();
}

LoadValue Evaluator::ApplyWhen(const LoadValue& pending, const std::string& name,
                               Arguments& arguments, Position position) {
  Action when;
  when.type = Action::Type::kWhen;
  when.node = pending.node;
  if (name == "apply") {
    if (arguments.size() != 1 || arguments[0].type != LoadValue::Type::kClosure) {
      Error(position, "wrong arguments for apply(); expected apply { … }");
      return LoadValue::Error();
    }
    when.children = CollectActions(arguments[0]);
  } else {
    if (!arguments.empty()) {
      Error(position, fmt::format("'{}' takes no arguments", name));
      return LoadValue::Error();
    }
    Action flow;
    flow.type = name == "exit"   ? Action::Type::kExit
                : name == "stop" ? Action::Type::kStop
                                 : Action::Type::kDrop;
    when.children.push_back(std::move(flow));
  }
  AppendAction(std::move(when));
  return LoadValue();
}

LoadValue Evaluator::Parse(const LoadValue& pending, Arguments& arguments, Position position) {
  const LoadValue& target = arguments[0];
  if (target.type != LoadValue::Type::kToken) {
    Error(position, fmt::format("Cannot parse string into type: {}", Describe(target)));
    return LoadValue::Error();
  }
  static constexpr std::pair<Op, Kind> kConversions[] = {
      {Op::kParseInt32, Kind::kInt},    {Op::kParseInt64, Kind::kLong},
      {Op::kParseFp32, Kind::kFloat},   {Op::kParseFp64, Kind::kDouble},
      {Op::kParseBool, Kind::kBoolean}, {Op::kParseUri, Kind::kUri},
  };
  const auto [op, kind] = kConversions[static_cast<size_t>(target.token)];
  Node conversion{.op = op, .kind = kind, .input = pending.node};
  conversion.label =
      fmt::format("parse({} to {})", program_->nodes[pending.node].label, target.text);
  return LoadValue::Producer(AddNode(std::move(conversion)));
}

LoadValue Evaluator::Match(const LoadValue& pending, Arguments& arguments, Position position) {
  if (!ExpectProducer(arguments[0], Kind::kString, "against", position)) return LoadValue::Error();
  auto regex = functions::Regex::Compile(pending.text);
  if (!regex.ok()) {
    Error(pending.position, regex.status().message());
    return LoadValue::Error();
  }
  Node match{.op = Op::kMatch, .kind = Kind::kMatcher, .input = arguments[0].node};
  match.text = pending.text;
  match.regex = std::move(regex).value();
  match.label = fmt::format("match('{}' against {})", pending.text, node(arguments[0]).label);
  return LoadValue::Producer(AddNode(std::move(match)));
}

LoadValue Evaluator::CallListMethod(LoadValue& receiver, const std::string& name,
                                    Arguments& arguments, Position position) {
  if (name != "each") {
    Error(position, fmt::format("unknown method '{}' on List; available: each()", name));
    return LoadValue::Error();
  }
  if (arguments.size() != 1 || arguments[0].type != LoadValue::Type::kClosure) {
    Error(position, "wrong arguments for each(); expected each { … }");
    return LoadValue::Error();
  }
  for (const LoadValue& element : receiver.list) Invoke(arguments[0], &element);
  return receiver;
}

LoadValue Evaluator::CallDigesterMethod(LoadValue& receiver, const std::string& name,
                                        Arguments& arguments, Position position) {
  DigesterProgram& digester = program_->digesters[receiver.node];
  if (name == "add" && arguments.size() == 1) {
    const LoadValue& piece = arguments[0];
    const bool producer = piece.type == LoadValue::Type::kProducer;
    const Kind kind = producer ? node(piece).kind : Kind::kString;
    if (piece.type == LoadValue::Type::kString) {
      digester.pieces.push_back({.node = -1, .text = piece.text});
    } else if (producer && (kind == Kind::kString || kind == Kind::kJson || kind == Kind::kBytes)) {
      digester.pieces.push_back({.node = piece.node});
    } else {
      if (!CheckComplete(piece)) return LoadValue::Error();
      Error(position, fmt::format("Cannot digest value of type: {}", TypeOf(piece)));
      return LoadValue::Error();
    }
    return receiver;
  }
  if (name == "result" && arguments.empty()) {
    Node result{.op = Op::kDigestResult, .kind = Kind::kBytes, .index = receiver.node};
    result.label = digester.label + ".result()";
    return LoadValue::Producer(AddNode(std::move(result)));
  }
  Error(position, fmt::format("unknown method '{}' on digester; available: add(), result()", name));
  return LoadValue::Error();
}

LoadValue Evaluator::CallProducerMethod(const LoadValue& receiver, const std::string& name,
                                        Arguments& arguments, Position position) {
  const Node& input = node(receiver);
  const Kind kind = input.kind;
  if (name == "equalTo") return CallEqualTo(receiver, arguments, position);
  if (name == "isPresent" || name == "isAbsent") {
    if (!arguments.empty()) {
      Error(position, fmt::format("'{}' takes no arguments", name));
      return LoadValue::Error();
    }
    Node test{.op = name == "isPresent" ? Op::kIsPresent : Op::kIsAbsent,
              .kind = Kind::kBoolean,
              .input = receiver.node};
    test.label = fmt::format("{}.{}()", input.label, name);
    return LoadValue::Producer(AddNode(std::move(test)));
  }
  const Method* method = FindMethod(kind, name);
  if (method == nullptr) {
    Error(position, fmt::format("unknown method '{}' on {}; available: {}", name, KindName(kind),
                                fmt::join(MethodNames(kind), ", ")));
    return LoadValue::Error();
  }
  Node result{
      .op = method->op, .kind = method->result, .input = receiver.node, .index = method->index};
  std::string argument_text;
  const bool needs_argument = method->argument != Argument::kNone;
  if (arguments.size() != (needs_argument ? 1U : 0U)) {
    Error(position, fmt::format("wrong number of arguments for {}()", name));
    return LoadValue::Error();
  }
  switch (method->argument) {
    case Argument::kNone:
      break;
    case Argument::kName:
      if (!ExpectString(arguments[0], name, position)) return LoadValue::Error();
      result.text = arguments[0].text;
      argument_text = fmt::format("'{}'", result.text);
      break;
    case Argument::kIndex:
      if (arguments[0].type != LoadValue::Type::kInteger) {
        Error(position, fmt::format("{} expects an Integer, found {}", name, TypeOf(arguments[0])));
        return LoadValue::Error();
      }
      result.index = arguments[0].integer;
      argument_text = std::to_string(result.index);
      break;
    case Argument::kGroup: {
      const LoadValue& group = arguments[0];
      const functions::Regex& regex = *input.regex;
      if (group.type == LoadValue::Type::kInteger) {
        const base::Status status = regex.CheckGroup(group.integer);
        if (!status.ok()) {
          Error(position, status.message());
          return LoadValue::Error();
        }
        result.index = group.integer;
        argument_text = std::to_string(group.integer);
      } else if (group.type == LoadValue::Type::kString) {
        auto index = regex.GroupIndex(group.text);
        if (!index.ok()) {
          Error(position, index.status().message());
          return LoadValue::Error();
        }
        result.index = *index;
        argument_text = fmt::format("'{}'", group.text);
      } else {
        Error(position, fmt::format("group expects a number or a name, found {}", TypeOf(group)));
        return LoadValue::Error();
      }
      break;
    }
    case Argument::kJsonPath: {
      if (!ExpectString(arguments[0], name, position)) return LoadValue::Error();
      auto path = functions::JsonPath::Compile(arguments[0].text);
      if (!path.ok()) {
        Error(position, path.status().message());
        return LoadValue::Error();
      }
      result.path = std::move(path).value();
      result.text = arguments[0].text;
      argument_text = fmt::format("'{}'", result.text);
      break;
    }
    case Argument::kCondition:
      if (!ExpectProducer(arguments[0], Kind::kBoolean, name, position)) return LoadValue::Error();
      result.input2 = arguments[0].node;
      argument_text = node(arguments[0]).label;
      break;
  }
  result.label = fmt::format("{}.{}({})", input.label, name, argument_text);
  return LoadValue::Producer(AddNode(std::move(result)));
}

}  // namespace divolte::mapping
