// Schema::Parse: `.avsc` JSON to the SchemaNode tree (schema.md §3). Names are resolved as the
// Avro specification says: a dotted name is a full name; otherwise the `namespace` attribute or
// the namespace of the most tightly enclosing named type applies, and a reference that is not
// found in that namespace is looked up without namespace.

#include <array>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "avro/json_bridge.h"
#include "avro/schema.h"
#include "avro/schema_defaults.h"

namespace divolte::avro {
namespace {

constexpr int kMaxNesting = 100;  // schema nesting, far beyond any real schema

constexpr std::array<std::pair<std::string_view, SchemaType>, 8> kPrimitives = {{
    {"null", SchemaType::kNull},
    {"boolean", SchemaType::kBoolean},
    {"int", SchemaType::kInt},
    {"long", SchemaType::kLong},
    {"float", SchemaType::kFloat},
    {"double", SchemaType::kDouble},
    {"bytes", SchemaType::kBytes},
    {"string", SchemaType::kString},
}};

std::optional<SchemaType> PrimitiveType(std::string_view name) {
  for (const auto& [primitive, type] : kPrimitives) {
    if (name == primitive) return type;
  }
  return std::nullopt;
}

// An Avro name: [A-Za-z_][A-Za-z0-9_]*.
bool IsValidName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A full name or namespace: valid names joined by dots.
bool IsValidDottedName(std::string_view name) {
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    if (!IsValidName(name.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string Quoted(std::string_view text) { return OrderedJson(std::string(text)).dump(); }

// Logical types are kept as an attribute; values are encoded as the underlying type.
void SetLogicalType(const OrderedJson& json, SchemaNode* node) {
  const auto logical = json.find("logicalType");
  if (logical != json.end() && logical->is_string()) {
    node->logical_type = logical->get<std::string>();
  }
}

// The namespace part of a full name ("" if none).
std::string NamespaceOf(const std::string& full_name) {
  const size_t dot = full_name.rfind('.');
  return dot == std::string::npos ? std::string() : full_name.substr(0, dot);
}

}  // namespace

class Schema::Parser {
 public:
  Parser(std::string_view origin, Schema* schema) : origin_(origin), schema_(schema) {}

  base::Status Run(const OrderedJson& document);

 private:
  struct PendingDefault {
    SchemaNode* record;
    size_t field;
    const OrderedJson* value;
    std::string path;
  };

  const SchemaNode* ParseType(const OrderedJson& json, const std::string& ns,
                              const std::string& path, int depth);
  const SchemaNode* ParseObject(const OrderedJson& json, const std::string& ns,
                                const std::string& path, int depth);
  const SchemaNode* ParseReference(const std::string& name, const std::string& ns,
                                   const std::string& path);
  const SchemaNode* ParseUnion(const OrderedJson& json, const std::string& ns,
                               const std::string& path, int depth);
  const SchemaNode* ParseCollection(SchemaNode* node, const OrderedJson& json,
                                    const std::string& ns, const std::string& path, int depth);
  std::optional<std::string> FullName(SchemaType type, const OrderedJson& json,
                                      const std::string& ns, const std::string& path);
  SchemaNode* DefineNamed(SchemaType type, const OrderedJson& json, const std::string& ns,
                          const std::string& path);
  const SchemaNode* ParseRecord(SchemaNode* record, const OrderedJson& json,
                                const std::string& path, int depth);
  bool ParseField(SchemaNode* record, const OrderedJson& json, const std::string& path, int depth);
  const SchemaNode* ParseEnum(SchemaNode* node, const OrderedJson& json, const std::string& path);
  const SchemaNode* ParseFixed(SchemaNode* node, const OrderedJson& json, const std::string& path);
  bool CheckBranch(const SchemaNode& union_node, const SchemaNode& branch, const std::string& path);
  bool EncodeDefaults();

  SchemaNode* NewNode(SchemaType type, const OrderedJson& json);
  std::nullptr_t Fail(const std::string& path, const std::string& problem);

  std::string origin_;
  Schema* schema_;
  std::map<std::string, const SchemaNode*, std::less<>> named_;
  std::vector<PendingDefault> pending_defaults_;
  base::Status status_;
};

base::Status Schema::Parser::Run(const OrderedJson& document) {
  const SchemaNode* root = ParseType(document, "", "$", 0);
  if (root == nullptr) return status_;
  if (root->type != SchemaType::kRecord) {
    Fail("$", "the top-level type must be a record, not " + root->json);
    return status_;
  }
  if (!EncodeDefaults()) return status_;
  schema_->root_ = root;
  return {};
}

std::nullptr_t Schema::Parser::Fail(const std::string& path, const std::string& problem) {
  if (status_.ok()) {
    status_ = base::Status::Error(origin_ + ": invalid Avro schema at " + path + ": " + problem);
  }
  return nullptr;
}

SchemaNode* Schema::Parser::NewNode(SchemaType type, const OrderedJson& json) {
  auto node = std::make_unique<SchemaNode>();
  node->type = type;
  node->json = json.dump();
  schema_->nodes_.push_back(std::move(node));
  return schema_->nodes_.back().get();
}

const SchemaNode* Schema::Parser::ParseType(const OrderedJson& json, const std::string& ns,
                                            const std::string& path, int depth) {
  if (depth > kMaxNesting) return Fail(path, "types nest too deeply");
  if (json.is_string()) {
    const std::string& name = json.get_ref<const std::string&>();
    if (const auto primitive = PrimitiveType(name)) return NewNode(*primitive, json);
    return ParseReference(name, ns, path);
  }
  if (json.is_array()) return ParseUnion(json, ns, path, depth);
  if (json.is_object()) return ParseObject(json, ns, path, depth);
  return Fail(path, "a type must be a name, an object or an array, not " + json.dump());
}

const SchemaNode* Schema::Parser::ParseReference(const std::string& name, const std::string& ns,
                                                 const std::string& path) {
  if (name.find('.') == std::string::npos && !ns.empty()) {
    if (const auto it = named_.find(ns + "." + name); it != named_.end()) return it->second;
  }
  if (const auto it = named_.find(name); it != named_.end()) return it->second;
  return Fail(path, "unknown type " + Quoted(name));
}

const SchemaNode* Schema::Parser::ParseObject(const OrderedJson& json, const std::string& ns,
                                              const std::string& path, int depth) {
  const auto type_attribute = json.find("type");
  if (type_attribute == json.end() || !type_attribute->is_string()) {
    return Fail(path, "the \"type\" attribute must be a string");
  }
  const std::string& type = type_attribute->get_ref<const std::string&>();
  if (const auto primitive = PrimitiveType(type)) {
    SchemaNode* node = NewNode(*primitive, json);
    SetLogicalType(json, node);
    return node;
  }
  if (type == "record") {
    SchemaNode* record = DefineNamed(SchemaType::kRecord, json, ns, path);
    return record ? ParseRecord(record, json, path, depth) : nullptr;
  }
  if (type == "enum") {
    SchemaNode* node = DefineNamed(SchemaType::kEnum, json, ns, path);
    return node ? ParseEnum(node, json, path) : nullptr;
  }
  if (type == "fixed") {
    SchemaNode* node = DefineNamed(SchemaType::kFixed, json, ns, path);
    return node ? ParseFixed(node, json, path) : nullptr;
  }
  if (type == "array" || type == "map") {
    const SchemaType collection = type == "array" ? SchemaType::kArray : SchemaType::kMap;
    return ParseCollection(NewNode(collection, json), json, ns, path, depth);
  }
  return ParseReference(type, ns, path + ".type");  // {"type": "SomeNamedType"}
}

const SchemaNode* Schema::Parser::ParseCollection(SchemaNode* node, const OrderedJson& json,
                                                  const std::string& ns, const std::string& path,
                                                  int depth) {
  const char* attribute = node->type == SchemaType::kArray ? "items" : "values";
  const auto element = json.find(attribute);
  if (element == json.end()) return Fail(path, std::string("missing \"") + attribute + "\"");
  const SchemaNode* type = ParseType(*element, ns, path + "." + attribute, depth + 1);
  if (type == nullptr) return nullptr;
  (node->type == SchemaType::kArray ? node->items : node->values) = type;
  SetLogicalType(json, node);
  return node;
}

const SchemaNode* Schema::Parser::ParseUnion(const OrderedJson& json, const std::string& ns,
                                             const std::string& path, int depth) {
  if (json.empty()) return Fail(path, "a union needs at least one branch");
  SchemaNode* node = NewNode(SchemaType::kUnion, json);
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string branch_path = path + "[" + std::to_string(i) + "]";
    const SchemaNode* branch = ParseType(json[i], ns, branch_path, depth + 1);
    if (branch == nullptr || !CheckBranch(*node, *branch, branch_path)) return nullptr;
    node->branches.push_back(branch);
  }
  return node;
}

// Avro forbids unions directly inside unions and two branches of the same type (same name for
// named types).
bool Schema::Parser::CheckBranch(const SchemaNode& union_node, const SchemaNode& branch,
                                 const std::string& path) {
  if (branch.type == SchemaType::kUnion) {
    Fail(path, "a union may not directly contain a union");
    return false;
  }
  for (const SchemaNode* other : union_node.branches) {
    if (other->type != branch.type || other->full_name != branch.full_name) continue;
    const std::string what = branch.full_name.empty() ? std::string(SchemaTypeName(branch.type))
                                                      : Quoted(branch.full_name);
    Fail(path, "the union already has a branch of type " + what);
    return false;
  }
  return true;
}

std::optional<std::string> Schema::Parser::FullName(SchemaType type, const OrderedJson& json,
                                                    const std::string& ns,
                                                    const std::string& path) {
  const auto name = json.find("name");
  if (name == json.end() || !name->is_string()) {
    Fail(path, "a " + std::string(SchemaTypeName(type)) + " needs a \"name\" string");
    return std::nullopt;
  }
  const std::string& short_name = name->get_ref<const std::string&>();
  if (short_name.find('.') != std::string::npos) return short_name;  // already a full name
  std::string space = ns;
  const auto ns_attribute = json.find("namespace");
  if (ns_attribute != json.end() && ns_attribute->is_string()) {
    space = ns_attribute->get<std::string>();
  }
  if (!space.empty() && !IsValidDottedName(space)) {
    Fail(path + ".namespace", "invalid namespace " + Quoted(space));
    return std::nullopt;
  }
  return space.empty() ? short_name : space + "." + short_name;
}

SchemaNode* Schema::Parser::DefineNamed(SchemaType type, const OrderedJson& json,
                                        const std::string& ns, const std::string& path) {
  std::optional<std::string> full_name = FullName(type, json, ns, path);
  if (!full_name) return nullptr;
  if (!IsValidDottedName(*full_name)) {
    return Fail(path + ".name", "invalid name " + json.at("name").dump());
  }
  if (PrimitiveType(*full_name)) {
    return Fail(path + ".name", "cannot redefine the primitive type " + Quoted(*full_name));
  }
  if (named_.contains(*full_name)) {
    return Fail(path + ".name", "the type " + Quoted(*full_name) + " is defined twice");
  }
  SchemaNode* node = NewNode(type, json);
  node->full_name = std::move(*full_name);
  named_.emplace(node->full_name, node);
  SetLogicalType(json, node);
  return node;
}

const SchemaNode* Schema::Parser::ParseRecord(SchemaNode* record, const OrderedJson& json,
                                              const std::string& path, int depth) {
  const auto fields = json.find("fields");
  if (fields == json.end() || !fields->is_array()) {
    return Fail(path, "a record needs a \"fields\" array");
  }
  for (size_t i = 0; i < fields->size(); ++i) {
    const std::string field_path = path + ".fields[" + std::to_string(i) + "]";
    if (!ParseField(record, (*fields)[i], field_path, depth)) return nullptr;
  }
  return record;
}

bool Schema::Parser::ParseField(SchemaNode* record, const OrderedJson& json,
                                const std::string& path, int depth) {
  const auto name = json.is_object() ? json.find("name") : json.end();
  if (!json.is_object() || name == json.end() || !name->is_string()) {
    Fail(path, "a field must be an object with a \"name\" string");
    return false;
  }
  const std::string& field_name = name->get_ref<const std::string&>();
  if (!IsValidName(field_name)) {
    Fail(path + ".name", "invalid name " + Quoted(field_name));
    return false;
  }
  if (record->FindField(field_name)) {
    Fail(path + ".name", "the record already has a field " + Quoted(field_name));
    return false;
  }
  const auto type = json.find("type");
  if (type == json.end()) {
    Fail(path, "missing \"type\"");
    return false;
  }
  const SchemaNode* field_type =
      ParseType(*type, NamespaceOf(record->full_name), path + ".type", depth + 1);
  if (field_type == nullptr) return false;
  record->fields.push_back(Field{field_name, field_type, std::nullopt, {}});
  if (const auto value = json.find("default"); value != json.end()) {
    pending_defaults_.push_back({record, record->fields.size() - 1, &*value, path + ".default"});
  }
  return true;
}

const SchemaNode* Schema::Parser::ParseEnum(SchemaNode* node, const OrderedJson& json,
                                            const std::string& path) {
  const auto symbols = json.find("symbols");
  if (symbols == json.end() || !symbols->is_array()) {
    return Fail(path, "an enum needs a \"symbols\" array");
  }
  for (size_t i = 0; i < symbols->size(); ++i) {
    const OrderedJson& symbol = (*symbols)[i];
    const std::string symbol_path = path + ".symbols[" + std::to_string(i) + "]";
    if (!symbol.is_string() || !IsValidName(symbol.get_ref<const std::string&>())) {
      return Fail(symbol_path, "invalid symbol " + symbol.dump());
    }
    if (node->FindSymbol(symbol.get_ref<const std::string&>())) {
      return Fail(symbol_path, "duplicate symbol " + symbol.dump());
    }
    node->symbols.push_back(symbol.get<std::string>());
  }
  if (const auto value = json.find("default"); value != json.end()) {
    if (value->is_string()) {
      node->enum_default = node->FindSymbol(value->get_ref<const std::string&>());
    }
    if (!node->enum_default) return Fail(path + ".default", "the default is not a symbol");
  }
  return node;
}

const SchemaNode* Schema::Parser::ParseFixed(SchemaNode* node, const OrderedJson& json,
                                             const std::string& path) {
  const auto size = json.find("size");
  if (size == json.end() || !size->is_number_integer() || size->get<int64_t>() < 0 ||
      size->get<int64_t>() > std::numeric_limits<int32_t>::max()) {
    return Fail(path, "a fixed type needs a non-negative integer \"size\"");
  }
  node->fixed_size = size->get<size_t>();
  return node;
}

// After the whole tree exists, so that record defaults may use the defaults of fields defined
// later (recursive types).
bool Schema::Parser::EncodeDefaults() {
  FieldDefaults field_defaults;
  for (const PendingDefault& pending : pending_defaults_) {
    field_defaults.emplace(&pending.record->fields[pending.field], pending.value);
  }
  for (const PendingDefault& pending : pending_defaults_) {
    Field& field = pending.record->fields[pending.field];
    if (!EncodeDefault(*field.schema, *pending.value, field_defaults, &field.default_datum)) {
      const std::string hint = field.schema->type == SchemaType::kUnion
                                   ? " (a union's default matches its first branch)"
                                   : "";
      Fail(pending.path, "the default " + pending.value->dump() + " of field " +
                             Quoted(field.name) + " does not match its type " + field.schema->json +
                             hint);
      return false;
    }
    field.default_value = ToJsonValue(*pending.value);
  }
  return true;
}

base::Result<Schema> Schema::Parse(std::string_view text, std::string_view origin) {
  OrderedJson document;
  try {
    document = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/true,
                                  /*ignore_comments=*/true);
  } catch (const OrderedJson::exception& error) {  // parse_error, or out_of_range for 1e999
    std::string message = error.what();
    if (const size_t end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
    return base::Status::Error(std::string(origin) + ": invalid JSON in Avro schema: " + message);
  }
  Schema schema;
  Parser parser(origin, &schema);
  if (base::Status status = parser.Run(document); !status.ok()) return status;
  schema.json_ = document.dump();
  schema.ComputeCanonicalForm();
  return schema;
}

}  // namespace divolte::avro
