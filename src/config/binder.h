#pragma once

// Typed reading of one configuration object into plain structs, with the messages of
// config.md §3–§4. Every Read declares its key as known, in the order of the key reference;
// Finish() reports each other key of the object as unknown, listing the known ones.
// A missing key leaves the output (its default) unchanged. Single-threaded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/hocon_value.h"

namespace divolte::config {

// Messages collected while loading; each is one line.
struct Diagnostics {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

// Conversions of config.md §3; nullopt when the value does not have the type.
std::optional<std::string> AsString(const Value& value);  // scalars except null
std::optional<bool> AsBoolean(const Value& value);        // also yes/no/on/off strings
std::optional<double> AsDouble(const Value& value);
// Integral numbers, or strings of decimal digits with an optional sign. `overflow` is set when
// the value is integral but does not fit 64 bits.
std::optional<int64_t> AsInteger(const Value& value, bool* overflow);

// "Property '<path>' <problem>. Found: '<value>' (<origin>)."
std::string PropertyError(const std::string& path, const std::string& problem, const Value& value);

template <typename E>
using Choices = std::vector<std::pair<std::string_view, E>>;

class ObjectReader {
 public:
  // `object` may be null: the section is absent and every read keeps its default.
  ObjectReader(const Value* object, std::string path, Diagnostics* diagnostics);

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const;
  bool present() const { return object_ != nullptr; }
  // Declares `key` and returns its value; null when absent or HOCON null.
  const Value* Get(std::string_view key);
  // Reports "Property '<path>.<key>' is required." when `key` is absent or null.
  bool Require(std::string_view key);

  void Read(std::string_view key, std::string* out);
  void Read(std::string_view key, std::optional<std::string>* out);  // null unsets
  void Read(std::string_view key, bool* out);
  void Read(std::string_view key, std::vector<std::string>* out);  // a string is a 1-list
  template <typename Int>
  void ReadInt(std::string_view key, int64_t min, int64_t max, Int* out) {
    if (std::optional<int64_t> value = ReadInteger(key, min, max)) *out = static_cast<Int>(*value);
  }
  template <typename Int>
  void ReadInt(std::string_view key, int64_t min, int64_t max, std::optional<Int>* out) {
    if (IsNull(key)) {
      Get(key);
      *out = std::nullopt;
      return;
    }
    if (std::optional<int64_t> value = ReadInteger(key, min, max)) *out = static_cast<Int>(*value);
  }
  void ReadDouble(std::string_view key, double min, double max, double* out);
  void ReadDouble(std::string_view key, double min, double max, std::optional<double>* out);
  // Durations are at least `min` (zero: "must not be negative"); `exclusive` requires > min.
  void ReadDuration(std::string_view key, Duration min, Duration* out, bool exclusive = false);
  void ReadDuration(std::string_view key, Duration min, std::optional<Duration>* out);
  // Case-insensitive choice among `choices`.
  template <typename E>
  void ReadEnum(std::string_view key, const Choices<E>& choices, E* out);
  template <typename E>
  void ReadEnum(std::string_view key, const Choices<E>& choices, std::optional<E>* out);

  // A nested object; absent (or null) gives a reader of an absent section.
  ObjectReader Child(std::string_view key);
  // Reports every undeclared key. Call once after all reads.
  void Finish();

  void Error(std::string_view key, const std::string& problem, const Value& value);
  Diagnostics* diagnostics() const { return diagnostics_; }

 private:
  bool IsNull(std::string_view key) const;
  std::optional<int64_t> ReadInteger(std::string_view key, int64_t min, int64_t max);
  std::optional<size_t> ChoiceIndex(std::string_view key,
                                    const std::vector<std::string_view>& names);
  std::optional<Duration> ParseDurationAt(std::string_view key, const Value& value, Duration min,
                                          bool exclusive);

  const Value* object_;
  std::string path_;
  Diagnostics* diagnostics_;
  std::vector<std::string> known_;
};

template <typename E>
void ObjectReader::ReadEnum(std::string_view key, const Choices<E>& choices, E* out) {
  std::vector<std::string_view> names;
  for (const auto& choice : choices) names.push_back(choice.first);
  if (std::optional<size_t> index = ChoiceIndex(key, names)) *out = choices[*index].second;
}

template <typename E>
void ObjectReader::ReadEnum(std::string_view key, const Choices<E>& choices,
                            std::optional<E>* out) {
  if (IsNull(key)) {
    Get(key);
    *out = std::nullopt;
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& choice : choices) names.push_back(choice.first);
  if (std::optional<size_t> index = ChoiceIndex(key, names)) *out = choices[*index].second;
}

}  // namespace divolte::config
