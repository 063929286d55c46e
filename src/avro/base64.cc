#include "avro/base64.h"

#include <array>
#include <cstdint>

namespace divolte::avro {
namespace {

constexpr int8_t kInvalid = -1;
constexpr size_t kQuantum = 4;  // characters per three bytes

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  table.fill(kInvalid);
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

// Number of `=` at the end of a padded text: 0, 1 or 2; 3 means invalid padding.
size_t PaddingLength(std::string_view text) {
  size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  return padding <= 2 ? padding : 3;
}

}  // namespace

bool DecodeBase64(std::string_view text, std::string* out) {
  if (text.size() % kQuantum != 0) return false;
  const size_t padding = PaddingLength(text);
  if (padding > 2) return false;
  uint32_t bits = 0;
  int bit_count = 0;
  for (size_t i = 0; i < text.size() - padding; ++i) {
    const int8_t value = kDecode[static_cast<unsigned char>(text[i])];
    if (value == kInvalid) return false;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out->push_back(static_cast<char>((bits >> bit_count) & 0xff));
    }
  }
  // Leftover bits of the last character are ignored, as most decoders do (RFC 4648 §3.5).
  return true;
}

std::string EncodeBase64UrlNoPadding(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t bits = 0;
  int bit_count = 0;
  for (const char byte : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(byte);
    bit_count += 8;
    while (bit_count >= 6) {
      bit_count -= 6;
      text.push_back(kAlphabet[(bits >> bit_count) & 0x3f]);
    }
  }
  if (bit_count > 0) text.push_back(kAlphabet[(bits << (6 - bit_count)) & 0x3f]);
  return text;
}

}  // namespace divolte::avro
