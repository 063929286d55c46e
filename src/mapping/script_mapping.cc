#include "mapping/script_mapping.h"

// TEMPORARY (replaced in this session by the compiler): lets the tool build.
namespace divolte::mapping {
struct ScriptMapping::Program {};
ScriptMapping::ScriptMapping(std::unique_ptr<const Program> program) : program_(std::move(program)) {}
ScriptMapping::~ScriptMapping() = default;
base::Result<std::unique_ptr<ScriptMapping>> ScriptMapping::Load(const avro::Schema&, const std::string& path,
                                                                const ScriptMappingOptions&) {
  return base::Result<std::unique_ptr<ScriptMapping>>::Error(path + ":1:1: error: not built yet");
}
std::unique_ptr<Mapper> ScriptMapping::NewMapper() const { return nullptr; }
void ScriptMapping::VisitConversionFailures(
    const std::function<void(std::string_view, uint64_t)>&) const {}
}  // namespace divolte::mapping
