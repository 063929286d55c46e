#pragma once

// The Avro schema model (schema.md §3): a user `.avsc` file parsed once at start-up into an
// immutable tree of SchemaNodes, with every name resolved, every default validated and encoded,
// the JSON for container headers and the Parsing Canonical Form with its fingerprint (§6).
// A Schema owns its nodes; nodes point at each other (named-type references, recursion) and stay
// valid while the Schema lives, also when it is moved. Immutable after loading, so any number of
// threads may read it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/json_value.h"

namespace divolte::avro {

enum class SchemaType : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};
inline constexpr size_t kSchemaTypeCount = 14;

// "null", "boolean", …, "record", "union" (for messages).
std::string_view SchemaTypeName(SchemaType type);

// Position of a field in its record; the record encoding writes fields in this order.
using FieldIndex = uint32_t;

struct SchemaNode;

struct Field {
  std::string name;
  const SchemaNode* schema = nullptr;
  // The `default` attribute as written (for a union it matches the first branch).
  std::optional<event::JsonValue> default_value;
  // The binary encoding of default_value (union index included); empty without a default.
  std::string default_datum;

  bool has_default() const { return default_value.has_value(); }
};

// One type of the tree. Only the members of its `type` are meaningful. Never built outside
// Schema::Parse, and only ever handed out as const.
struct SchemaNode {
  SchemaType type = SchemaType::kNull;
  std::string full_name;     // record, enum, fixed: namespace.name (or name without namespace)
  std::string logical_type;  // `logicalType` attribute, "" if none; encoded as `type`
  std::string json;          // compact JSON of the definition, for messages

  std::vector<Field> fields;                // kRecord
  std::vector<std::string> symbols;         // kEnum
  std::optional<int32_t> enum_default;      // kEnum: index of its `default` symbol
  const SchemaNode* items = nullptr;        // kArray
  const SchemaNode* values = nullptr;       // kMap
  std::vector<const SchemaNode*> branches;  // kUnion
  size_t fixed_size = 0;                    // kFixed

  // Linear searches meant for start-up, when names are resolved to indices.
  std::optional<FieldIndex> FindField(std::string_view name) const;
  std::optional<int32_t> FindSymbol(std::string_view symbol) const;
};

// True for `null` and for unions with a `null` branch.
bool IsNullable(const SchemaNode& schema);

// The index of the first union branch of type `type` (schema.md §4: a value goes to the first
// branch whose type matches); nullopt if none. REQUIRES: union_schema.type == kUnion.
std::optional<int32_t> UnionBranchOf(const SchemaNode& union_schema, SchemaType type);

// A union of at most two branches of which all but one are `null`: `[T]`, `["null",T]`,
// `[T,"null"]` (mapping.md §8). `["null"]` counts too.
bool IsTrivialUnion(const SchemaNode& union_schema);

// The type a value mapped onto a field of type `schema` must have (mapping.md §8): `schema`
// itself if it is not a union, T of a trivial union (`null` for `["null"]`), nullptr for any
// other union.
const SchemaNode* MappableType(const SchemaNode& schema);

class Schema {
 public:
  // Parses the `.avsc` text (JSON with `//` and `/* */` comments). `origin` (the file path) starts
  // every error message, followed by the JSON path of the problem, e.g.
  // `my.avsc: invalid Avro schema at $.fields[2].type: unknown type "strin"`.
  static base::Result<Schema> Parse(std::string_view text, std::string_view origin);
  // Reads and parses the file at `path`.
  static base::Result<Schema> Load(const std::string& path);

  Schema(Schema&&) noexcept;
  Schema& operator=(Schema&&) noexcept;
  ~Schema();

  // The top-level record.
  const SchemaNode& root() const { return *root_; }
  // The file's JSON re-serialised compactly in its original attribute order: the `avro.schema`
  // header of container files (schema.md §3).
  const std::string& json() const { return json_; }
  // Parsing Canonical Form (schema.md §6).
  const std::string& canonical_form() const { return canonical_form_; }
  // SHA-256 of canonical_form(), 32 raw bytes.
  const std::string& fingerprint_sha256() const { return fingerprint_sha256_; }
  // The fingerprint as Base64url without padding (Pub/Sub `schemaFingerprint`).
  std::string FingerprintBase64Url() const;

 private:
  class Parser;
  Schema();
  void ComputeCanonicalForm();  // REQUIRES: root_ is set

  std::vector<std::unique_ptr<SchemaNode>> nodes_;  // owns every node
  const SchemaNode* root_ = nullptr;
  std::string json_;
  std::string canonical_form_;
  std::string fingerprint_sha256_;
};

}  // namespace divolte::avro
