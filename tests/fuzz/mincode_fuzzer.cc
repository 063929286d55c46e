// Mincode, the tag's encoding of custom event parameters (protocol.md §7), and what a mapping
// then does with the decoded JSON: the conversion onto Avro fields (mapping.md §11). Input: the
// decoded value of `u`.
//
// Invariants: a decoded value re-encoded by the encoder rules of §7.2 (written here) decodes to
// an equal value; integers outside int64 are canonical decimal text; every conversion that
// succeeds yields a datum that RenderDatumAsJson reads back completely.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "avro/datum_json.h"
#include "avro/json_to_avro.h"
#include "avro/schema.h"
#include "base/check.h"
#include "event/base36.h"
#include "event/json_value.h"
#include "event/mincode.h"
#include "fuzz_schemas.h"

namespace {

using divolte::event::JsonValue;

void AppendEscaped(std::string_view text, std::string* out) {
  for (const char c : text) {
    if (c == '~' || c == '!') out->push_back('~');
    out->push_back(c);
  }
  out->push_back('!');
}

// A big integer's decimal text in base 36 (long division), the shorter `d` form.
std::string DecimalToBase36(std::string_view decimal) {
  const bool negative = decimal.starts_with('-');
  std::string digits(decimal.substr(negative ? 1 : 0));
  std::string reversed;
  while (!digits.empty()) {
    std::string quotient;
    int remainder = 0;
    for (const char c : digits) {
      remainder = remainder * 10 + (c - '0');
      if (!quotient.empty() || remainder >= 36) quotient += static_cast<char>('0' + remainder / 36);
      remainder %= 36;
    }
    reversed += "0123456789abcdefghijklmnopqrstuvwxyz"[remainder];
    digits = quotient;
  }
  return (negative ? "-" : "") + std::string(reversed.rbegin(), reversed.rend());
}

void Encode(const JsonValue& value, std::string* out) {
  switch (value.kind()) {
    case JsonValue::Kind::kNull:
      *out += 'n';
      break;
    case JsonValue::Kind::kBool:
      *out += value.AsBool() ? 't' : 'f';
      break;
    case JsonValue::Kind::kInteger:
      *out += 'd' + divolte::event::FormatBase36(value.AsInteger()) + '!';
      break;
    case JsonValue::Kind::kBigInteger:
      *out += 'd' + DecimalToBase36(value.AsBigInteger()) + '!';
      break;
    case JsonValue::Kind::kDouble: {
      char buffer[64];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.AsDouble()).ptr;
      std::string text(buffer, end);
      // "1" would decode as an integer: a fraction keeps it a double.
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      *out += 'j' + text + '!';
      break;
    }
    case JsonValue::Kind::kString:
      *out += 's';
      AppendEscaped(value.AsString(), out);
      break;
    case JsonValue::Kind::kArray:
      *out += 'a';
      for (const JsonValue& element : value.AsArray()) Encode(element, out);
      *out += '.';
      break;
    case JsonValue::Kind::kObject:
      *out += '(';
      for (const auto& member : value.AsObject()) {
        std::string record;
        Encode(member.value, &record);
        *out += record[0];  // the type, then the name, then the payload
        AppendEscaped(member.name, out);
        out->append(record, 1);
      }
      *out += ')';
      break;
  }
}

void CheckBigIntegers(const JsonValue& value) {
  if (value.is_big_integer()) {
    const std::string& text = value.AsBigInteger();
    const std::string_view digits = std::string_view(text).substr(text[0] == '-' ? 1 : 0);
    CHECK(!digits.empty() && digits[0] != '0');
    CHECK(digits.find_first_not_of("0123456789") == std::string_view::npos);
    int64_t parsed = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), parsed);
    CHECK(result.ec == std::errc::result_out_of_range);
  } else if (value.is_array()) {
    for (const JsonValue& element : value.AsArray()) CheckBigIntegers(element);
  } else if (value.is_object()) {
    for (const auto& member : value.AsObject()) CheckBigIntegers(member.value);
  }
}

const divolte::avro::Schema& TargetSchema() {
  static const divolte::avro::Schema schema = [] {
    auto parsed = divolte::avro::Schema::Parse(divolte::fuzz::kEveryTypeSchema, "fuzz.avsc");
    CHECK(parsed.ok());
    return std::move(parsed).value();
  }();
  return schema;
}

void CheckConversions(const JsonValue& value) {
  std::string datum;
  std::string json;
  for (const auto& field : TargetSchema().root().fields) {
    datum.clear();
    const auto result = divolte::avro::ConvertJsonToAvro(value, *field.schema, &datum);
    if (result != divolte::avro::JsonConversion::kConverted) continue;
    json.clear();
    CHECK(divolte::avro::RenderDatumAsJson(*field.schema, datum, &json));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto value = divolte::event::DecodeMincode(text);
  if (!value) return 0;
  CheckBigIntegers(*value);
  (void)value->ToJson();
  std::string encoded;
  Encode(*value, &encoded);
  const auto again = divolte::event::DecodeMincode(encoded);
  CHECK(again.has_value() && *again == *value);
  CheckConversions(*value);
  return 0;
}
