#include "config/hocon_value.h"

#include <cstdio>

namespace divolte::config {

std::string Origin::ToString() const {
  switch (kind) {
    case Kind::kFile:
      return name + ":" + std::to_string(line);
    case Kind::kDefine:
      return "--define";
    case Kind::kEnvironment:
      return "environment variable " + name;
    case Kind::kBuiltIn:
      break;
  }
  return "built-in default";
}

ValuePtr Value::Null(Origin origin) {
  ValuePtr value(new Value(ValueType::kNull, std::move(origin)));
  value->text_ = "null";
  return value;
}

ValuePtr Value::Boolean(bool boolean, Origin origin) {
  ValuePtr value(new Value(ValueType::kBoolean, std::move(origin)));
  value->boolean_ = boolean;
  value->text_ = boolean ? "true" : "false";
  return value;
}

ValuePtr Value::Number(std::string text, double number, Origin origin) {
  ValuePtr value(new Value(ValueType::kNumber, std::move(origin)));
  value->text_ = std::move(text);
  value->number_ = number;
  return value;
}

ValuePtr Value::String(std::string text, Origin origin) {
  ValuePtr value(new Value(ValueType::kString, std::move(origin)));
  value->text_ = std::move(text);
  return value;
}

ValuePtr Value::Whitespace(std::string text, Origin origin) {
  ValuePtr value = String(std::move(text), std::move(origin));
  value->whitespace_ = true;
  return value;
}

ValuePtr Value::Array(Origin origin) {
  return ValuePtr(new Value(ValueType::kArray, std::move(origin)));
}

ValuePtr Value::Object(Origin origin) {
  return ValuePtr(new Value(ValueType::kObject, std::move(origin)));
}

ValuePtr Value::Substitution(Path path, bool optional, Path prefix, Origin origin) {
  ValuePtr value(new Value(ValueType::kSubstitution, std::move(origin)));
  value->path_ = std::move(path);
  value->optional_ = optional;
  value->prefix_ = std::move(prefix);
  return value;
}

ValuePtr Value::Concatenation(std::vector<ValuePtr> pieces, Origin origin) {
  ValuePtr value(new Value(ValueType::kConcatenation, std::move(origin)));
  value->items_ = std::move(pieces);
  return value;
}

ValuePtr Value::DelayedMerge(std::vector<ValuePtr> stack, Origin origin) {
  ValuePtr value(new Value(ValueType::kDelayedMerge, std::move(origin)));
  value->items_ = std::move(stack);
  return value;
}

const ValuePtr* Value::Find(std::string_view key) const {
  auto it = index_.find(std::string(key));
  return it == index_.end() ? nullptr : &fields_[it->second].second;
}

void Value::Set(const std::string& key, ValuePtr value) {
  auto [it, inserted] = index_.emplace(key, fields_.size());
  if (inserted) {
    fields_.emplace_back(key, std::move(value));
  } else {
    fields_[it->second].second = std::move(value);
  }
}

void Value::Erase(const std::string& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return;
  fields_.erase(fields_.begin() + static_cast<std::ptrdiff_t>(it->second));
  index_.clear();
  for (size_t i = 0; i < fields_.size(); ++i) index_.emplace(fields_[i].first, i);
}

namespace {

// Appends the stack of a delayed merge (flattened) or the value itself.
void AppendToStack(std::vector<ValuePtr>& stack, ValuePtr value) {
  if (value->type() == ValueType::kDelayedMerge) {
    for (const ValuePtr& item : value->items()) stack.push_back(item);
  } else {
    stack.push_back(std::move(value));
  }
}

}  // namespace

ValuePtr Merge(ValuePtr older, ValuePtr newer) {
  if (!older) return newer;
  if (!newer) return older;
  if (older->type() == ValueType::kObject && newer->type() == ValueType::kObject) {
    for (auto& [key, value] : newer->fields()) {
      const ValuePtr* existing = older->Find(key);
      older->Set(key, existing ? Merge(*existing, value) : value);
    }
    return older;
  }
  bool newer_may_merge = newer->IsUnresolved() || newer->type() == ValueType::kObject;
  if (newer_may_merge && (older->IsUnresolved() || newer->IsUnresolved())) {
    std::vector<ValuePtr> stack;
    AppendToStack(stack, older);
    AppendToStack(stack, newer);
    Origin origin = newer->origin();
    return Value::DelayedMerge(std::move(stack), std::move(origin));
  }
  return newer;
}

ValuePtr MergeResolved(const ValuePtr& older, const ValuePtr& newer) {
  if (!older) return newer;
  if (older->type() != ValueType::kObject || newer->type() != ValueType::kObject) return newer;
  ValuePtr merged = Value::Object(older->origin());
  for (const auto& [key, value] : older->fields()) merged->Set(key, value);
  for (const auto& [key, value] : newer->fields()) {
    const ValuePtr* existing = merged->Find(key);
    merged->Set(key, existing ? MergeResolved(*existing, value) : value);
  }
  merged->set_resolved();
  return merged;
}

ValuePtr WrapInPath(const Path& path, ValuePtr value, const Origin& origin) {
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    ValuePtr object = Value::Object(origin);
    object->Set(*it, std::move(value));
    value = std::move(object);
  }
  return value;
}

namespace {

void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void RenderJson(const Value& value, std::string& out) {
  switch (value.type()) {
    case ValueType::kString:
      AppendJsonString(value.text(), out);
      return;
    case ValueType::kArray: {
      out += '[';
      const char* separator = "";
      for (const ValuePtr& item : value.items()) {
        out += separator;
        RenderJson(*item, out);
        separator = ",";
      }
      out += ']';
      return;
    }
    case ValueType::kObject: {
      out += '{';
      const char* separator = "";
      for (const auto& [key, item] : value.fields()) {
        out += separator;
        AppendJsonString(key, out);
        out += ':';
        RenderJson(*item, out);
        separator = ",";
      }
      out += '}';
      return;
    }
    case ValueType::kSubstitution:
      out += value.optional() ? "${?" : "${";
      out += PathToString(value.path());
      out += '}';
      return;
    case ValueType::kConcatenation:
    case ValueType::kDelayedMerge:
      for (const ValuePtr& item : value.items()) RenderJson(*item, out);
      return;
    default:
      out += value.text();
  }
}

bool NeedsQuotes(std::string_view segment) {
  if (segment.empty()) return true;
  for (char c : segment) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
    if (!plain) return true;
  }
  return false;
}

}  // namespace

std::string Render(const Value& value) {
  if (value.IsScalar()) return value.text();
  std::string out;
  RenderJson(value, out);
  return out;
}

std::string PathToString(const Path& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out += '.';
    if (NeedsQuotes(segment)) {
      AppendJsonString(segment, out);
    } else {
      out += segment;
    }
  }
  return out;
}

}  // namespace divolte::config
