#include "avro/datum_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "avro/decoder.h"
#include "avro/number_text.h"
#include "base/utf8.h"
#include "event/utf8.h"

namespace divolte::avro {
namespace {

// Items that encode in zero bytes (null, empty records, fixed of size 0) let block counts exceed
// the datum's length. Rendering stops (as malformed) after the datum's length plus this many
// array items and map entries, so that no count can make it loop for ever.
constexpr int64_t kMaxZeroWidthItems = 1 << 20;

// The JSON escape of one code point below U+0020, or of '"' and '\'; false for anything else.
bool AppendEscape(char32_t c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out->append("\\\"");
      return true;
    case '\\':
      out->append("\\\\");
      return true;
    case '\b':
      out->append("\\b");
      return true;
    case '\f':
      out->append("\\f");
      return true;
    case '\n':
      out->append("\\n");
      return true;
    case '\r':
      out->append("\\r");
      return true;
    case '\t':
      out->append("\\t");
      return true;
    default:
      break;
  }
  if (c >= 0x20) return false;
  out->append("\\u00");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xf]);
  return true;
}

// A JSON string of UTF-8 text. Avro strings should be UTF-8; anything else is repaired (U+FFFD)
// so that the answer stays valid JSON.
void AppendTextString(std::string_view utf8, std::string* out) {
  std::string repaired;
  if (!event::IsValidUtf8(utf8)) {
    event::AppendSanitisedUtf8(utf8, &repaired);
    utf8 = repaired;
  }
  out->push_back('"');
  for (const char c : utf8) {
    if (!AppendEscape(static_cast<unsigned char>(c), out)) out->push_back(c);
  }
  out->push_back('"');
}

// A JSON string of raw bytes, one character per byte (U+0000-U+00FF), as Avro's JSON encoding
// renders bytes and fixed.
void AppendByteString(std::string_view bytes, std::string* out) {
  out->push_back('"');
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (!AppendEscape(byte, out)) base::AppendUtf8(byte, out);
  }
  out->push_back('"');
}

// JSON has no NaN or infinities: Java's texts for them become strings.
void AppendDouble(double value, std::string* out) {
  const bool finite = std::isfinite(value);
  if (!finite) out->push_back('"');
  AppendJavaDoubleText(value, out);
  if (!finite) out->push_back('"');
}

void AppendFloat(float value, std::string* out) {
  const bool finite = std::isfinite(value);
  if (!finite) out->push_back('"');
  AppendJavaFloatText(value, out);
  if (!finite) out->push_back('"');
}

template <typename Integer>
void AppendInteger(Integer value, std::string* out) {
  char buffer[24];
  const auto printed = std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, printed.ptr);
}

class DatumRenderer {
 public:
  DatumRenderer(std::string_view datum, std::string* out, DatumJsonStyle style)
      : decoder_(datum),
        out_(out),
        style_(style),
        item_budget_(static_cast<int64_t>(datum.size()) + kMaxZeroWidthItems) {}

  bool RenderAll(const SchemaNode& schema) { return Render(schema, 0) && decoder_.AtEnd(); }
  bool RenderFirst(const SchemaNode& schema, size_t* consumed) {
    if (!Render(schema, 0)) return false;
    *consumed = decoder_.position();
    return true;
  }

 private:
  bool Render(const SchemaNode& schema, int depth);
  bool RenderScalar(const SchemaNode& schema);
  bool RenderRecord(const SchemaNode& record, int depth);
  bool RenderArray(const SchemaNode& array, int depth);
  bool RenderMap(const SchemaNode& map, int depth);
  bool RenderUnion(const SchemaNode& union_schema, int depth);
  bool RenderEnum(const SchemaNode& enum_schema);
  // Reads the next block count of an array or map, within the item budget.
  bool ReadBlockCount(int64_t* count);

  BinaryDecoder decoder_;
  std::string* out_;
  const DatumJsonStyle style_;
  int64_t item_budget_;  // array items and map entries still allowed
};

bool DatumRenderer::Render(const SchemaNode& schema, int depth) {
  if (depth > kMaxDatumJsonDepth) return false;
  switch (schema.type) {
    case SchemaType::kRecord:
      return RenderRecord(schema, depth + 1);
    case SchemaType::kArray:
      return RenderArray(schema, depth + 1);
    case SchemaType::kMap:
      return RenderMap(schema, depth + 1);
    case SchemaType::kUnion:
      return RenderUnion(schema, depth + 1);
    case SchemaType::kEnum:
      return RenderEnum(schema);
    default:
      return RenderScalar(schema);
  }
}

bool DatumRenderer::RenderScalar(const SchemaNode& schema) {
  bool flag = false;
  int32_t int_value = 0;
  int64_t long_value = 0;
  float float_value = 0;
  double double_value = 0;
  std::string_view bytes;
  switch (schema.type) {
    case SchemaType::kNull:
      out_->append("null");
      return true;
    case SchemaType::kBoolean:
      if (!decoder_.ReadBoolean(&flag)) return false;
      out_->append(flag ? "true" : "false");
      return true;
    case SchemaType::kInt:
      if (!decoder_.ReadInt(&int_value)) return false;
      AppendInteger(int_value, out_);
      return true;
    case SchemaType::kLong:
      if (!decoder_.ReadLong(&long_value)) return false;
      AppendInteger(long_value, out_);
      return true;
    case SchemaType::kFloat:
      if (!decoder_.ReadFloat(&float_value)) return false;
      AppendFloat(float_value, out_);
      return true;
    case SchemaType::kDouble:
      if (!decoder_.ReadDouble(&double_value)) return false;
      AppendDouble(double_value, out_);
      return true;
    case SchemaType::kString:
      if (!decoder_.ReadString(&bytes)) return false;
      AppendTextString(bytes, out_);
      return true;
    case SchemaType::kBytes:
      if (!decoder_.ReadBytes(&bytes)) return false;
      AppendByteString(bytes, out_);
      return true;
    case SchemaType::kFixed:
      if (!decoder_.ReadFixed(schema.fixed_size, &bytes)) return false;
      AppendByteString(bytes, out_);
      return true;
    default:
      return false;  // the composite types are rendered by Render
  }
}

bool DatumRenderer::RenderRecord(const SchemaNode& record, int depth) {
  out_->push_back('{');
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) out_->push_back(',');
    AppendTextString(record.fields[i].name, out_);
    out_->push_back(':');
    if (!Render(*record.fields[i].schema, depth)) return false;
  }
  out_->push_back('}');
  return true;
}

bool DatumRenderer::ReadBlockCount(int64_t* count) {
  if (!decoder_.ReadBlockCount(count) || *count > item_budget_) return false;
  item_budget_ -= *count;
  return true;
}

bool DatumRenderer::RenderArray(const SchemaNode& array, int depth) {
  out_->push_back('[');
  bool first = true;
  int64_t count = 0;
  while (ReadBlockCount(&count) && count > 0) {
    for (int64_t i = 0; i < count; ++i) {
      if (!first) out_->push_back(',');
      first = false;
      if (!Render(*array.items, depth)) return false;
    }
  }
  out_->push_back(']');
  return !decoder_.failed() && count == 0;
}

bool DatumRenderer::RenderMap(const SchemaNode& map, int depth) {
  out_->push_back('{');
  bool first = true;
  int64_t count = 0;
  std::string_view key;
  while (ReadBlockCount(&count) && count > 0) {
    for (int64_t i = 0; i < count; ++i) {
      if (!decoder_.ReadString(&key)) return false;
      if (!first) out_->push_back(',');
      first = false;
      AppendTextString(key, out_);
      out_->push_back(':');
      if (!Render(*map.values, depth)) return false;
    }
  }
  out_->push_back('}');
  return !decoder_.failed() && count == 0;
}

bool DatumRenderer::RenderUnion(const SchemaNode& union_schema, int depth) {
  int64_t branch = 0;
  if (!decoder_.ReadUnionIndex(&branch)) return false;
  if (branch < 0 || static_cast<size_t>(branch) >= union_schema.branches.size()) return false;
  const SchemaNode& value = *union_schema.branches[static_cast<size_t>(branch)];
  if (style_ == DatumJsonStyle::kForPeople || value.type == SchemaType::kNull) {
    return Render(value, depth);
  }
  // Avro's JSON encoding names the branch: named types by their full name.
  out_->push_back('{');
  AppendTextString(value.full_name.empty() ? SchemaTypeName(value.type) : value.full_name, out_);
  out_->push_back(':');
  if (!Render(value, depth)) return false;
  out_->push_back('}');
  return true;
}

bool DatumRenderer::RenderEnum(const SchemaNode& enum_schema) {
  int32_t index = 0;
  if (!decoder_.ReadInt(&index)) return false;
  if (index < 0 || static_cast<size_t>(index) >= enum_schema.symbols.size()) return false;
  AppendTextString(enum_schema.symbols[static_cast<size_t>(index)], out_);
  return true;
}

}  // namespace

bool RenderDatumAsJson(const SchemaNode& schema, std::string_view datum, std::string* out,
                       DatumJsonStyle style) {
  return DatumRenderer(datum, out, style).RenderAll(schema);
}

bool RenderFirstDatumAsJson(const SchemaNode& schema, std::string_view data, size_t* consumed,
                            std::string* out, DatumJsonStyle style) {
  return DatumRenderer(data, out, style).RenderFirst(schema, consumed);
}

}  // namespace divolte::avro
