#include "config/binder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "base/strings.h"
#include "config/duration.h"

namespace divolte::config {
namespace {

constexpr size_t kMaxRenderedValue = 200;

bool IsSignedDigits(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int64_t> ParseDigits(std::string_view text, bool* overflow) {
  if (text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) *overflow = true;
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string QuotedList(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    out += (out.empty() ? "'" : ", '") + std::string(name) + "'";
  }
  return out;
}

}  // namespace

std::optional<std::string> AsString(const Value& value) {
  if (!value.IsScalar() || value.type() == ValueType::kNull) return std::nullopt;
  return value.text();
}

std::optional<bool> AsBoolean(const Value& value) {
  if (value.type() == ValueType::kBoolean) return value.boolean();
  if (value.type() != ValueType::kString) return std::nullopt;
  for (std::string_view yes : {"true", "yes", "on"}) {
    if (base::EqualsIgnoreCase(value.text(), yes)) return true;
  }
  for (std::string_view no : {"false", "no", "off"}) {
    if (base::EqualsIgnoreCase(value.text(), no)) return false;
  }
  return std::nullopt;
}

std::optional<double> AsDouble(const Value& value) {
  if (value.type() == ValueType::kNumber) return value.number();
  if (value.type() != ValueType::kString || value.text().empty()) return std::nullopt;
  const std::string& text = value.text();
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
  if (!plain) return std::nullopt;
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<int64_t> AsInteger(const Value& value, bool* overflow) {
  *overflow = false;
  if (value.type() == ValueType::kString) {
    if (!IsSignedDigits(value.text())) return std::nullopt;
    return ParseDigits(value.text(), overflow);
  }
  if (value.type() != ValueType::kNumber) return std::nullopt;
  if (IsSignedDigits(value.text())) return ParseDigits(value.text(), overflow);
  double number = value.number();
  if (!std::isfinite(number) || number != std::floor(number)) return std::nullopt;
  if (std::fabs(number) >= 9.2e18) {
    *overflow = true;
    return std::nullopt;
  }
  return static_cast<int64_t>(number);
}

std::string PropertyError(const std::string& path, const std::string& problem, const Value& value) {
  std::string rendered = Render(value);
  if (rendered.size() > kMaxRenderedValue) rendered = rendered.substr(0, kMaxRenderedValue) + "...";
  return "Property '" + path + "' " + problem + ". Found: '" + base::EscapeLineBreaks(rendered) +
         "' (" + value.origin().ToString() + ").";
}

ObjectReader::ObjectReader(const Value* object, std::string path, Diagnostics* diagnostics)
    : object_(object), path_(std::move(path)), diagnostics_(diagnostics) {}

std::string ObjectReader::PathOf(std::string_view key) const {
  return path_ + "." + std::string(key);
}

void ObjectReader::Error(std::string_view key, const std::string& problem, const Value& value) {
  diagnostics_->errors.push_back(PropertyError(PathOf(key), problem, value));
}

// Declares the key and returns the value as written, HOCON null included.
const Value* ObjectReader::Get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (!object_) return nullptr;
  const ValuePtr* value = object_->Find(key);
  if (!value || (*value)->type() == ValueType::kNull) return nullptr;
  return value->get();
}

bool ObjectReader::IsNull(std::string_view key) const {
  if (!object_) return false;
  const ValuePtr* value = object_->Find(key);
  return value && (*value)->type() == ValueType::kNull;
}

bool ObjectReader::Require(std::string_view key) {
  if (Get(key)) return true;
  diagnostics_->errors.push_back("Property '" + PathOf(key) + "' is required.");
  return false;
}

void ObjectReader::Read(std::string_view key, std::string* out) {
  const Value* value = Get(key);
  if (IsNull(key)) return Error(key, "must be a string", *object_->Find(key)->get());
  if (!value) return;
  if (std::optional<std::string> text = AsString(*value)) {
    *out = std::move(*text);
  } else {
    Error(key, "must be a string", *value);
  }
}

void ObjectReader::Read(std::string_view key, std::optional<std::string>* out) {
  const Value* value = Get(key);
  if (IsNull(key)) *out = std::nullopt;
  if (!value) return;
  if (std::optional<std::string> text = AsString(*value)) {
    *out = std::move(*text);
  } else {
    Error(key, "must be a string", *value);
  }
}

void ObjectReader::Read(std::string_view key, bool* out) {
  const Value* value = Get(key);
  if (IsNull(key)) return Error(key, "must be a boolean", *object_->Find(key)->get());
  if (!value) return;
  if (std::optional<bool> boolean = AsBoolean(*value)) {
    *out = *boolean;
  } else {
    Error(key, "must be a boolean", *value);
  }
}

void ObjectReader::Read(std::string_view key, std::vector<std::string>* out) {
  const Value* value = Get(key);
  if (IsNull(key)) return Error(key, "must be a list of strings", *object_->Find(key)->get());
  if (!value) return;
  std::vector<std::string> items;
  if (value->type() == ValueType::kArray) {
    for (const ValuePtr& item : value->items()) {
      std::optional<std::string> text = AsString(*item);
      if (!text) return Error(key, "must be a list of strings", *value);
      items.push_back(std::move(*text));
    }
  } else if (std::optional<std::string> text = AsString(*value)) {
    items.push_back(std::move(*text));
  } else {
    return Error(key, "must be a list of strings", *value);
  }
  *out = std::move(items);
}

std::optional<int64_t> ObjectReader::ReadInteger(std::string_view key, int64_t min, int64_t max) {
  const Value* value = Get(key);
  if (IsNull(key)) Error(key, "must be an integer", *object_->Find(key)->get());
  if (!value) return std::nullopt;
  bool overflow = false;
  std::optional<int64_t> number = AsInteger(*value, &overflow);
  if (!number && !overflow) {
    Error(key, "must be an integer", *value);
    return std::nullopt;
  }
  if (!number || *number < min || *number > max) {
    Error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max), *value);
    return std::nullopt;
  }
  return number;
}

void ObjectReader::ReadDouble(std::string_view key, double min, double max, double* out) {
  std::optional<double> result;
  ReadDouble(key, min, max, &result);
  if (result) *out = *result;
}

void ObjectReader::ReadDouble(std::string_view key, double min, double max,
                              std::optional<double>* out) {
  const Value* value = Get(key);
  if (IsNull(key)) *out = std::nullopt;
  if (!value) return;
  std::optional<double> number = AsDouble(*value);
  if (!number) return Error(key, "must be a number", *value);
  if (*number < min || *number > max) {
    std::string range = max == std::numeric_limits<double>::infinity()
                            ? "must be at least " + FormatNumber(min)
                            : "must be between " + FormatNumber(min) + " and " + FormatNumber(max);
    return Error(key, range, *value);
  }
  *out = *number;
}

std::optional<Duration> ObjectReader::ParseDurationAt(std::string_view key, const Value& value,
                                                      Duration min, bool exclusive) {
  std::optional<std::string> text = AsString(value);
  if (!text) {
    Error(key, "must be a duration", value);
    return std::nullopt;
  }
  base::Result<Duration> duration = ParseDuration(*text);
  if (!duration.ok()) {
    Error(key, "is not a valid duration: " + duration.message(), value);
    return std::nullopt;
  }
  if (duration->count() < 0) {
    Error(key, "must not be negative", value);
  } else if (exclusive && *duration <= min) {
    Error(key,
          min.count() == 0 ? "must be greater than zero"
                           : "must be greater than " + FormatDuration(min),
          value);
  } else if (*duration < min) {
    Error(key, "must be at least " + FormatDuration(min), value);
  } else {
    return *duration;
  }
  return std::nullopt;
}

void ObjectReader::ReadDuration(std::string_view key, Duration min, Duration* out, bool exclusive) {
  const Value* value = Get(key);
  if (IsNull(key)) return Error(key, "must be a duration", *object_->Find(key)->get());
  if (!value) return;
  if (std::optional<Duration> duration = ParseDurationAt(key, *value, min, exclusive)) {
    *out = *duration;
  }
}

void ObjectReader::ReadDuration(std::string_view key, Duration min, std::optional<Duration>* out) {
  const Value* value = Get(key);
  if (IsNull(key)) *out = std::nullopt;
  if (!value) return;
  if (std::optional<Duration> duration = ParseDurationAt(key, *value, min, false)) {
    *out = *duration;
  }
}

std::optional<size_t> ObjectReader::ChoiceIndex(std::string_view key,
                                                const std::vector<std::string_view>& names) {
  Get(key);
  if (!object_) return std::nullopt;
  const ValuePtr* found = object_->Find(key);
  if (!found) return std::nullopt;
  const Value& value = **found;
  if (value.IsScalar()) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (base::EqualsIgnoreCase(value.text(), names[i])) return i;
    }
  }
  Error(key, "must be one of " + QuotedList(names), value);
  return std::nullopt;
}

ObjectReader ObjectReader::Child(std::string_view key) {
  const Value* value = Get(key);
  if (value && value->type() != ValueType::kObject) {
    Error(key, "must be an object", *value);
    value = nullptr;
  }
  return ObjectReader(value, PathOf(key), diagnostics_);
}

void ObjectReader::Finish() {
  if (!object_) return;
  std::vector<std::string_view> names(known_.begin(), known_.end());
  for (const auto& [key, value] : object_->fields()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    diagnostics_->errors.push_back("Unknown property '" + PathOf(key) + "' (" +
                                   value->origin().ToString() +
                                   "). Available properties: " + QuotedList(names) + ".");
  }
}

}  // namespace divolte::config
