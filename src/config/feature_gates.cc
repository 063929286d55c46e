#include "config/feature_gates.h"

#include <cctype>
#include <string_view>

#include "config/binder.h"
#include "config/validation.h"

namespace divolte::config {
namespace {

// Which values of a matched key are gated.
enum class When {
  kSet,      // any value except null; for "**" patterns every leaf below
  kTrue,     // a boolean true (true, yes, on)
  kJson,     // the string "json"
  kHdfsUri,  // a directory URI with scheme hdfs, webhdfs or swebhdfs
};

struct FeatureGate {
  // Dotted path; "*" matches any one key; a final "**" matches every value below.
  std::string_view pattern;
  When when;
  std::string_view feature;
  // When set, the object matched by the first "*" must have this `type`.
  std::string_view entry_type = {};
};

// One line per feature that has not landed yet. Delete the line when it lands.
constexpr FeatureGate kFeatureGates[] = {
    {"divolte.global.gcs.enabled", When::kTrue, "Google Cloud Storage sink"},
    {"divolte.global.gcps.enabled", When::kTrue, "Google Cloud Pub/Sub sink"},
    {"divolte.global.hdfs.client.**", When::kSet, "HDFS via WebHDFS"},
    {"divolte.sinks.*.file_strategy.working_dir", When::kHdfsUri, "HDFS via WebHDFS", "hdfs"},
    {"divolte.sinks.*.file_strategy.publish_dir", When::kHdfsUri, "HDFS via WebHDFS", "hdfs"},
};

std::vector<std::string_view> SplitPattern(std::string_view pattern) {
  std::vector<std::string_view> segments;
  while (true) {
    size_t dot = pattern.find('.');
    segments.push_back(pattern.substr(0, dot));
    if (dot == std::string_view::npos) return segments;
    pattern.remove_prefix(dot + 1);
  }
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Enumerations are bound case-insensitively, so they are compared the same way here.
bool TextIs(const Value& value, std::string_view expected) {
  return value.IsScalar() && Lowercase(value.text()) == expected;
}

bool Matches(const Value& value, When when) {
  switch (when) {
    case When::kSet:
      return value.type() != ValueType::kNull;
    case When::kTrue:
      return AsBoolean(value).value_or(false);
    case When::kJson:
      return TextIs(value, "json");
    case When::kHdfsUri: {
      std::optional<std::string> scheme = value.IsScalar() ? UriScheme(value.text()) : std::nullopt;
      std::string lower = Lowercase(scheme.value_or(""));
      return lower == "hdfs" || lower == "webhdfs" || lower == "swebhdfs";
    }
  }
  return false;
}

class GateChecker {
 public:
  explicit GateChecker(const FeatureGate& gate)
      : gate_(gate), segments_(SplitPattern(gate.pattern)) {}

  void Check(const Value& root, std::vector<std::string>* errors) {
    errors_ = errors;
    Walk(root, 0, "", false);
  }

 private:
  void Walk(const Value& node, size_t index, const std::string& path, bool entry_seen) {
    if (index == segments_.size()) return Report(node, path);
    if (segments_[index] == "**") return ReportAll(node, path);
    if (node.type() != ValueType::kObject) return;
    bool entry = segments_[index] == "*" && !entry_seen;
    for (const auto& [key, child] : node.fields()) {
      if (segments_[index] != "*" && segments_[index] != key) continue;
      if (entry && !gate_.entry_type.empty() && !HasType(*child)) continue;
      Walk(*child, index + 1, path.empty() ? key : path + "." + key, entry_seen || entry);
    }
  }

  bool HasType(const Value& entry) const {
    if (entry.type() != ValueType::kObject) return false;
    const ValuePtr* type = entry.Find("type");
    return type && TextIs(**type, gate_.entry_type);
  }

  // Every user-written leaf below `node`; an empty user-written object counts as a leaf.
  void ReportAll(const Value& node, const std::string& path) {
    if (node.type() != ValueType::kObject || node.fields().empty()) return Report(node, path);
    for (const auto& [key, child] : node.fields()) ReportAll(*child, path + "." + key);
  }

  void Report(const Value& value, const std::string& path) {
    if (!value.origin().IsUser() || !Matches(value, gate_.when)) return;
    errors_->push_back(
        PropertyError(path, "is not supported yet (" + std::string(gate_.feature) + ")", value));
  }

  const FeatureGate& gate_;
  std::vector<std::string_view> segments_;
  std::vector<std::string>* errors_ = nullptr;
};

}  // namespace

std::vector<std::string> CheckFeatureGates(const Value& root) {
  std::vector<std::string> errors;
  for (const FeatureGate& gate : kFeatureGates) GateChecker(gate).Check(root, &errors);
  return errors;
}

}  // namespace divolte::config
