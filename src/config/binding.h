#pragma once

// Binding of the resolved configuration tree into Config (config.md §6), section by section
// (bind_*.cc), followed by the implicit defaults of config.md §5. Type, range and unknown-key
// errors are collected in Diagnostics; cross-reference rules are in validation.h.
// Internal to the config module.

#include <string>
#include <vector>

#include "config/binder.h"
#include "config/config.h"
#include "config/hocon_value.h"

namespace divolte::config {

struct BindResult {
  Config config;
  // Sections absent from the configuration, supplied by config.md §5.
  bool implicit_sources = false;
  bool implicit_sinks = false;
  bool implicit_mappings = false;
  // Entries that exist but could not be bound (no valid type); they still count as defined
  // names for the cross-reference rules, so that one mistake is reported once.
  std::vector<std::string> unbound_sources;
  std::vector<std::string> unbound_sinks;
};

// REQUIRES: `root` is a resolved object.
BindResult BindConfig(const Value& root, int available_cpus, Diagnostics* diagnostics);

// Sections; each reads one object and reports its own errors.
void BindGlobal(ObjectReader& global, int available_cpus, GlobalConfig* out);
void BindSources(const Value& sources, Diagnostics* diagnostics, BindResult* out);
void BindMappings(const Value& mappings, Diagnostics* diagnostics, BindResult* out);
void BindSinks(const Value& sinks, Diagnostics* diagnostics, BindResult* out);

// Flattens a property block (config.md §3): nested keys joined with dots, arrays of scalars
// joined with commas.
PropertyBlock FlattenPropertyBlock(const Value& block, const std::string& path,
                                   Diagnostics* diagnostics);

// config.md §5: fills the sections flagged implicit.
void ApplyImplicitDefaults(BindResult* result);

}  // namespace divolte::config
