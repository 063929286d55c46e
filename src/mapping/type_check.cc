// The load-time type checks of mapping scripts: `map … onto` against the schema (mapping.md §8,
// §9, §11.3, §12), `equalTo` (§6) and the required-field check (correction C3).

#include <fmt/format.h>

#include "avro/json_to_avro.h"
#include "mapping/evaluator.h"

namespace divolte::mapping {

using script::Position;

namespace {

std::string_view Article(std::string_view kind_name) {
  return std::string_view("aeiou").find(kind_name[0]) != std::string_view::npos ? "an" : "a";
}

// The constant form of a literal that a producer can be compared with or mapped; nullopt for
// BigInteger, BigDecimal, null, closures and mixed lists.
std::optional<Constant> LiteralConstant(const LoadValue& value) {
  using Type = LoadValue::Type;
  Constant constant;
  switch (value.type) {
    case Type::kString:
      constant.kind = Kind::kString;
      constant.text = value.text;
      return constant;
    case Type::kBoolean:
      constant.kind = Kind::kBoolean;
      constant.boolean = value.boolean;
      return constant;
    case Type::kInteger:
      constant.kind = Kind::kInt;
      constant.integer = value.integer;
      return constant;
    case Type::kLong:
      constant.kind = Kind::kLong;
      constant.integer = value.integer;
      return constant;
    case Type::kFloat:
      constant.kind = Kind::kFloat;
      constant.floating = value.floating;
      return constant;
    case Type::kDouble:
      constant.kind = Kind::kDouble;
      constant.floating = value.floating;
      return constant;
    case Type::kList: {
      const bool strings = std::all_of(value.list.begin(), value.list.end(),
                                       [](const LoadValue& v) { return v.type == Type::kString; });
      const bool ints = std::all_of(value.list.begin(), value.list.end(),
                                    [](const LoadValue& v) { return v.type == Type::kInteger; });
      if (!strings && !ints) return std::nullopt;
      constant.kind = strings ? Kind::kStringList : Kind::kIntList;
      for (const LoadValue& item : value.list) {
        if (strings) {
          constant.list.push_back(item.text);
        } else {
          constant.ints.push_back(static_cast<int32_t>(item.integer));
        }
      }
      return constant;
    }
    default:
      return std::nullopt;
  }
}

// The Avro type a value of `kind` is written as, for the checks of §8.
bool FieldTakes(Kind kind, const avro::SchemaNode& type) {
  using avro::SchemaType;
  switch (kind) {
    case Kind::kString:
      return type.type == SchemaType::kString;
    case Kind::kBoolean:
      return type.type == SchemaType::kBoolean;
    case Kind::kInt:
      return type.type == SchemaType::kInt;
    case Kind::kLong:
      return type.type == SchemaType::kLong;
    case Kind::kFloat:
      return type.type == SchemaType::kFloat;
    case Kind::kDouble:
      return type.type == SchemaType::kDouble;
    case Kind::kBytes:
      return type.type == SchemaType::kBytes;
    case Kind::kStringList:
      return type.type == SchemaType::kArray && type.items->type == SchemaType::kString;
    case Kind::kIntList:
      return type.type == SchemaType::kArray && type.items->type == SchemaType::kInt;
    case Kind::kQueryMap:
      return type.type == SchemaType::kMap && type.values->type == SchemaType::kArray &&
             type.values->items->type == SchemaType::kString;
    default:
      return false;
  }
}

// Why a producer of `kind` can never be mapped (§8 last row); empty for mappable kinds.
std::string_view NotMappable(Kind kind) {
  switch (kind) {
    case Kind::kUri:
      return "cannot map an URI directly; map one of its properties.";
    case Kind::kMatcher:
      return "cannot map a regex matcher directly; map one of its properties instead.";
    case Kind::kUserAgent:
      return "cannot map a user agent directly; map one of its properties instead.";
    case Kind::kGeo:
      return "cannot map a GeoIP lookup result directly; map one of its properties instead.";
    default:
      return {};
  }
}

}  // namespace

LoadValue Evaluator::CallEqualTo(const LoadValue& receiver, Arguments& arguments,
                                 Position position) {
  const Node& input = node(receiver);
  if (arguments.size() != 1) {
    Error(position, "wrong number of arguments for equalTo()");
    return LoadValue::Error();
  }
  const LoadValue& other = arguments[0];
  if (input.kind == Kind::kMatcher || input.kind == Kind::kUserAgent || input.kind == Kind::kGeo) {
    Error(position, fmt::format("cannot compare {} values; compare one of its properties",
                                KindName(input.kind)));
    return LoadValue::Error();
  }
  Node equal{.kind = Kind::kBoolean, .input = receiver.node};
  equal.label = fmt::format("{}.equalTo({})", input.label, Describe(other));
  if (other.type == LoadValue::Type::kProducer) {
    equal.op = Op::kEqualTo;
    equal.input2 = other.node;
    return LoadValue::Producer(AddNode(std::move(equal)));
  }
  if (!CheckComplete(other)) return LoadValue::Error();
  if (other.type == LoadValue::Type::kClosure || other.type == LoadValue::Type::kDigester ||
      other.type == LoadValue::Type::kToken) {
    Error(position, fmt::format("cannot compare with a {}", TypeOf(other)));
    return LoadValue::Error();
  }
  equal.op = Op::kEqualToLiteral;
  std::optional<Constant> constant = LiteralConstant(other);
  if (constant && constant->kind == input.kind) {
    equal.literal = std::move(constant);
  } else {
    Warning(position, "comparison is always false");
  }
  return LoadValue::Producer(AddNode(std::move(equal)));
}

void Evaluator::AddMap(const LoadValue& value, const LoadValue& field_name, Position position) {
  if (field_name.is_error() || value.is_error()) return;
  if (field_name.type != LoadValue::Type::kString) {
    Error(position,
          fmt::format("onto expects a field name (a String), found {}", TypeOf(field_name)));
    return;
  }
  const avro::SchemaNode& record = program_->schema->root();
  const std::string& name = field_name.text;
  const auto index = record.FindField(name);
  if (!index) {
    Error(position,
          fmt::format("Field {0} does not exist in Avro schema; error in mapping {1} onto {0}",
                      name, Describe(value)));
    return;
  }
  mapped_fields_.insert(*index);
  const avro::Field& field = record.fields[*index];
  Action action;
  action.field = *index;
  if (value.type == LoadValue::Type::kProducer) {
    if (!CheckProducerField(node(value), field, position)) return;
    action.type = Action::Type::kMapNode;
    action.node = value.node;
  } else if (value.type == LoadValue::Type::kDigester) {
    Error(position, fmt::format("Cannot map the result of {} onto field {}: cannot map a digester "
                                "directly; map its result() instead.",
                                Describe(value), name));
    return;
  } else {
    if (!CheckComplete(value) || !MakeConstant(value, field, position, &action.constant)) return;
    action.type = Action::Type::kMapConstant;
  }
  AppendAction(std::move(action));
}

bool Evaluator::CheckProducerField(const Node& producer, const avro::Field& field,
                                   Position position) {
  const auto fail = [&](std::string_view reason) {
    Error(position, fmt::format("Cannot map the result of {} onto field {}: {}", producer.label,
                                field.name, reason));
    return false;
  };
  if (const auto reason = NotMappable(producer.kind); !reason.empty()) return fail(reason);
  if (producer.kind == Kind::kJson) {
    const base::Status status = avro::CheckJsonTarget(*field.schema);
    if (!status.ok()) {
      Error(position, status.message());
      return false;
    }
    return true;
  }
  const avro::SchemaNode* type = avro::MappableType(*field.schema);
  if (type == nullptr) {
    return fail(
        fmt::format("mapping to non-trivial unions ({}) is not supported", field.schema->json));
  }
  if (!FieldTakes(producer.kind, *type)) {
    const std::string_view kind = KindName(producer.kind);
    return fail(fmt::format("{} {} value cannot be mapped onto a field of type {}", Article(kind),
                            kind, field.schema->json));
  }
  return true;
}

bool Evaluator::MakeConstant(const LoadValue& value, const avro::Field& field, Position position,
                             Constant* constant) {
  std::optional<Constant> literal = LiteralConstant(value);
  if (!literal || literal->kind == Kind::kStringList || literal->kind == Kind::kIntList) {
    std::string message = fmt::format(
        "Type error. Cannot map literal {} of type {}. Only primitive types are allowed.",
        Describe(value), LoadTypeName(value));
    if (value.type == LoadValue::Type::kBigDecimal) {
      message += fmt::format(" hint: write {}D for a double", value.text);
    }
    Error(position, std::move(message));
    return false;
  }
  const avro::SchemaNode* type = avro::MappableType(*field.schema);
  if (type == nullptr) {
    Error(position, fmt::format("Cannot map the result of {} onto field {}: mapping to non-trivial "
                                "unions ({}) is not supported",
                                Describe(value), field.name, field.schema->json));
    return false;
  }
  if (!FieldTakes(literal->kind, *type)) {
    Error(position, fmt::format("Type mismatch. Cannot map literal {} of type {} onto a field of "
                                "type {} (type of value and schema of field do not match).",
                                Describe(value), LoadTypeName(value), field.schema->json));
    return false;
  }
  *constant = std::move(*literal);
  return true;
}

void Evaluator::CheckRequiredFields(Position position) {
  const avro::SchemaNode& record = program_->schema->root();
  for (avro::FieldIndex i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i].has_default() || mapped_fields_.count(i) > 0) continue;
    Error(position, fmt::format("field {} has no default value and is never mapped; every event "
                                "would fail",
                                record.fields[i].name));
  }
}

}  // namespace divolte::mapping
