#include "avro/schema.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unordered_set>

#include "avro/base64.h"

namespace divolte::avro {
namespace {

constexpr std::string_view kTypeNames[kSchemaTypeCount] = {
    "null",   "boolean", "int",  "long",  "float", "double", "bytes",
    "string", "record",  "enum", "array", "map",   "union",  "fixed"};

class CanonicalFormWriter {
 public:
  explicit CanonicalFormWriter(std::string* out) : out_(out) {}

  void Write(const SchemaNode& node);

 private:
  // Writes `"name":"<full name>","type":"<type>"` after the opening brace; false if the named
  // type was written before (then only its quoted full name is written, rule 6).
  bool WriteNameAndType(const SchemaNode& node);
  void WriteRecord(const SchemaNode& node);
  void WriteQuoted(std::string_view text);  // names and symbols never need escapes

  std::string* out_;
  std::unordered_set<const SchemaNode*> written_;
};

void CanonicalFormWriter::Write(const SchemaNode& node) {
  switch (node.type) {
    case SchemaType::kRecord:
      WriteRecord(node);
      return;
    case SchemaType::kEnum:
      if (!WriteNameAndType(node)) return;
      out_->append(",\"symbols\":[");
      for (size_t i = 0; i < node.symbols.size(); ++i) {
        if (i > 0) out_->push_back(',');
        WriteQuoted(node.symbols[i]);
      }
      out_->append("]}");
      return;
    case SchemaType::kFixed:
      if (!WriteNameAndType(node)) return;
      out_->append(",\"size\":" + std::to_string(node.fixed_size) + "}");
      return;
    case SchemaType::kArray:
      out_->append("{\"type\":\"array\",\"items\":");
      Write(*node.items);
      out_->push_back('}');
      return;
    case SchemaType::kMap:
      out_->append("{\"type\":\"map\",\"values\":");
      Write(*node.values);
      out_->push_back('}');
      return;
    case SchemaType::kUnion:
      out_->push_back('[');
      for (size_t i = 0; i < node.branches.size(); ++i) {
        if (i > 0) out_->push_back(',');
        Write(*node.branches[i]);
      }
      out_->push_back(']');
      return;
    default:  // primitives, in simple form
      WriteQuoted(SchemaTypeName(node.type));
  }
}

bool CanonicalFormWriter::WriteNameAndType(const SchemaNode& node) {
  if (!written_.insert(&node).second) {
    WriteQuoted(node.full_name);
    return false;
  }
  out_->append("{\"name\":");
  WriteQuoted(node.full_name);
  out_->append(",\"type\":");
  WriteQuoted(SchemaTypeName(node.type));
  return true;
}

void CanonicalFormWriter::WriteRecord(const SchemaNode& node) {
  if (!WriteNameAndType(node)) return;
  out_->append(",\"fields\":[");
  for (size_t i = 0; i < node.fields.size(); ++i) {
    if (i > 0) out_->push_back(',');
    out_->append("{\"name\":");
    WriteQuoted(node.fields[i].name);
    out_->append(",\"type\":");
    Write(*node.fields[i].schema);
    out_->push_back('}');
  }
  out_->append("]}");
}

void CanonicalFormWriter::WriteQuoted(std::string_view text) {
  out_->push_back('"');
  out_->append(text);
  out_->push_back('"');
}

std::string Sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  CHECK(EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::string_view SchemaTypeName(SchemaType type) { return kTypeNames[static_cast<size_t>(type)]; }

std::optional<FieldIndex> SchemaNode::FindField(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<FieldIndex>(i);
  }
  return std::nullopt;
}

std::optional<int32_t> SchemaNode::FindSymbol(std::string_view symbol) const {
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i] == symbol) return static_cast<int32_t>(i);
  }
  return std::nullopt;
}

bool IsNullable(const SchemaNode& schema) {
  if (schema.type == SchemaType::kNull) return true;
  return schema.type == SchemaType::kUnion && UnionBranchOf(schema, SchemaType::kNull).has_value();
}

std::optional<int32_t> UnionBranchOf(const SchemaNode& union_schema, SchemaType type) {
  CHECK(union_schema.type == SchemaType::kUnion);
  for (size_t i = 0; i < union_schema.branches.size(); ++i) {
    if (union_schema.branches[i]->type == type) return static_cast<int32_t>(i);
  }
  return std::nullopt;
}

bool IsTrivialUnion(const SchemaNode& union_schema) {
  CHECK(union_schema.type == SchemaType::kUnion);
  const auto& branches = union_schema.branches;
  return branches.size() == 1 || (branches.size() == 2 && (branches[0]->type == SchemaType::kNull ||
                                                           branches[1]->type == SchemaType::kNull));
}

const SchemaNode* MappableType(const SchemaNode& schema) {
  if (schema.type != SchemaType::kUnion) return &schema;
  if (!IsTrivialUnion(schema)) return nullptr;
  const auto& branches = schema.branches;
  return branches.size() == 2 && branches[0]->type == SchemaType::kNull ? branches[1] : branches[0];
}

Schema::Schema() = default;
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;
Schema::~Schema() = default;

base::Result<Schema> Schema::Load(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    return base::Status::Error(path + ": cannot read Avro schema: " + std::strerror(errno));
  }
  const std::string text{std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
  if (stream.bad()) {
    return base::Status::Error(path + ": cannot read Avro schema: " + std::strerror(errno));
  }
  return Parse(text, path);
}

void Schema::ComputeCanonicalForm() {
  canonical_form_.clear();
  CanonicalFormWriter(&canonical_form_).Write(*root_);
  fingerprint_sha256_ = Sha256(canonical_form_);
}

std::string Schema::FingerprintBase64Url() const {
  return EncodeBase64UrlNoPadding(fingerprint_sha256_);
}

}  // namespace divolte::avro
