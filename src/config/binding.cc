#include "config/binding.h"

namespace divolte::config {
namespace {

// A section that is absent or null is supplied by config.md §5; otherwise it must be an object.
const Value* Section(ObjectReader& divolte, std::string_view key, bool* implicit) {
  const Value* section = divolte.Get(key);
  *implicit = section == nullptr;
  if (section && section->type() != ValueType::kObject) {
    divolte.Error(key, "must be an object", *section);
    return nullptr;
  }
  return section;
}

void FlattenInto(const Value& block, const std::string& prefix, const std::string& path,
                 PropertyBlock* out, Diagnostics* diagnostics) {
  for (const auto& [key, value] : block.fields()) {
    std::string name = prefix.empty() ? key : prefix + "." + key;
    std::string full_path = path + "." + key;
    switch (value->type()) {
      case ValueType::kObject:
        FlattenInto(*value, name, full_path, out, diagnostics);
        break;
      case ValueType::kNull:
        diagnostics->errors.push_back(PropertyError(full_path, "must not be null", *value));
        break;
      case ValueType::kArray: {
        std::string joined;
        bool scalars = true;
        for (const ValuePtr& item : value->items()) {
          scalars = scalars && item->IsScalar() && item->type() != ValueType::kNull;
          if (scalars) joined += (joined.empty() ? "" : ",") + item->text();
        }
        if (scalars) {
          out->emplace_back(std::move(name), std::move(joined));
        } else {
          diagnostics->errors.push_back(
              PropertyError(full_path, "must be a scalar or an array of scalars", *value));
        }
        break;
      }
      default:
        out->emplace_back(std::move(name), value->text());
    }
  }
}

}  // namespace

PropertyBlock FlattenPropertyBlock(const Value& block, const std::string& path,
                                   Diagnostics* diagnostics) {
  PropertyBlock result;
  FlattenInto(block, "", path, &result, diagnostics);
  return result;
}

BindResult BindConfig(const Value& root, int available_cpus, Diagnostics* diagnostics) {
  BindResult result;
  const ValuePtr* divolte_value = root.Find("divolte");
  const Value* divolte_object = divolte_value ? divolte_value->get() : nullptr;
  if (divolte_object && divolte_object->type() != ValueType::kObject) {
    diagnostics->errors.push_back(PropertyError("divolte", "must be an object", *divolte_object));
    divolte_object = nullptr;
  }
  ObjectReader divolte(divolte_object, "divolte", diagnostics);
  ObjectReader global = divolte.Child("global");
  BindGlobal(global, available_cpus, &result.config.global);
  if (const Value* sources = Section(divolte, "sources", &result.implicit_sources)) {
    BindSources(*sources, diagnostics, &result);
  }
  if (const Value* mappings = Section(divolte, "mappings", &result.implicit_mappings)) {
    BindMappings(*mappings, diagnostics, &result);
  }
  if (const Value* sinks = Section(divolte, "sinks", &result.implicit_sinks)) {
    BindSinks(*sinks, diagnostics, &result);
  }
  divolte.Finish();
  ApplyImplicitDefaults(&result);
  return result;
}

}  // namespace divolte::config
