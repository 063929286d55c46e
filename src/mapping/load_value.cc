// The text and type names of load-time values (mapping.md §2.7) and the names of value kinds.

#include "mapping/load_value.h"

#include <string>

#include "avro/number_text.h"
#include "mapping/program.h"

namespace divolte::mapping {

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "string";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kInt:
      return "int";
    case Kind::kLong:
      return "long";
    case Kind::kFloat:
      return "float";
    case Kind::kDouble:
      return "double";
    case Kind::kStringList:
      return "list of strings";
    case Kind::kIntList:
      return "list of ints";
    case Kind::kQueryMap:
      return "query map";
    case Kind::kBytes:
      return "bytes";
    case Kind::kJson:
      return "JSON";
    case Kind::kUri:
      return "URI";
    case Kind::kMatcher:
      return "matcher";
    case Kind::kUserAgent:
      return "user agent";
    case Kind::kGeo:
      return "geo result";
  }
  return "value";
}

std::string_view LoadTypeName(const LoadValue& value) {
  using Type = LoadValue::Type;
  switch (value.type) {
    case Type::kNull:
      return "null";
    case Type::kString:
      return "String";
    case Type::kInteger:
      return "Integer";
    case Type::kLong:
      return "Long";
    case Type::kBigInteger:
      return "BigInteger";
    case Type::kBigDecimal:
      return "BigDecimal";
    case Type::kFloat:
      return "Float";
    case Type::kDouble:
      return "Double";
    case Type::kBoolean:
      return "Boolean";
    case Type::kList:
      return "List";
    case Type::kClosure:
      return "Closure";
    case Type::kProducer:
      return "producer";
    case Type::kDigester:
      return "digester";
    case Type::kToken:
      return "conversion token";
    case Type::kPendingMap:
    case Type::kPendingWhen:
    case Type::kPendingParse:
    case Type::kPendingMatch:
      return "incomplete statement";
    case Type::kError:
      return "error";
  }
  return "value";
}

namespace {

// BigDecimal.toPlainString of the literal as written ("1e3" => "1000", "4.20" => "4.20").
std::string PlainDecimal(const std::string& written) {
  const size_t e = written.find_first_of("eE");
  if (e == std::string::npos) return written;
  std::string mantissa = written.substr(0, e);
  int exponent = std::stoi(written.substr(e + 1));
  const size_t dot = mantissa.find('.');
  std::string digits = mantissa;
  int point = static_cast<int>(mantissa.size());
  if (dot != std::string::npos) {
    digits.erase(dot, 1);
    point = static_cast<int>(dot);
  }
  point += exponent;
  if (point <= 0) return "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  if (point >= static_cast<int>(digits.size())) {
    return digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  }
  return digits.substr(0, static_cast<size_t>(point)) + "." +
         digits.substr(static_cast<size_t>(point));
}

}  // namespace

bool AppendLoadText(const LoadValue& value, std::string* out) {
  using Type = LoadValue::Type;
  switch (value.type) {
    case Type::kNull:
      out->append("null");
      return true;
    case Type::kString:
    case Type::kBigInteger:
      out->append(value.text);
      return true;
    case Type::kBigDecimal:
      out->append(PlainDecimal(value.text));
      return true;
    case Type::kInteger:
    case Type::kLong:
      out->append(std::to_string(value.integer));
      return true;
    case Type::kFloat:
      avro::AppendJavaFloatText(static_cast<float>(value.floating), out);
      return true;
    case Type::kDouble:
      avro::AppendJavaDoubleText(value.floating, out);
      return true;
    case Type::kBoolean:
      out->append(value.boolean ? "true" : "false");
      return true;
    case Type::kList: {
      out->push_back('[');
      for (size_t i = 0; i < value.list.size(); ++i) {
        if (i > 0) out->append(", ");
        if (!AppendLoadText(value.list[i], out)) return false;
      }
      out->push_back(']');
      return true;
    }
    default:
      return false;
  }
}

}  // namespace divolte::mapping
