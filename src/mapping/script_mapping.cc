#include "mapping/script_mapping.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "avro/encoder.h"
#include "avro/generic_record.h"
#include "avro/json_to_avro.h"
#include "base/log.h"
#include "mapping/evaluator.h"
#include "mapping/runtime.h"
#include "script/parser.h"

namespace divolte::mapping {
namespace {

const base::Logger& MappingLogger() {
  static const base::Logger logger("Mapping");
  return logger;
}

enum class Flow : uint8_t { kContinue, kExit, kStop, kDrop };

class ScriptMapper final : public Mapper {
 public:
  ScriptMapper(const ScriptMapping::Program& program, const enrich::ThreadEnrichment& enrichment)
      : program_(program), record_(program.schema->root()), evaluator_(program, enrichment) {}

  // Nothing here is expected to throw; an exception (allocation failure) loses only this event
  // for this mapping (mapping.md §13) instead of crossing into the mapper thread.
  MapOutcome Map(const event::EventValues& values, std::string* datum) override {
    try {
      return MapEvent(values, datum);
    } catch (const std::exception& error) {
      failure_detail_ = error.what();
      return MapOutcome::kInternalError;
    }
  }

  std::string_view failure_detail() const override { return failure_detail_; }

 private:
  MapOutcome MapEvent(const event::EventValues& values, std::string* datum) {
    record_.Reset();
    evaluator_.Start(values);
    if (Run(program_.actions) == Flow::kDrop) return MapOutcome::kDropped;
    if (const auto missing = record_.FirstMissingField()) {
      failure_detail_ = program_.schema->root().fields[*missing].name;
      return MapOutcome::kMissingField;
    }
    record_.Encode(datum);
    return MapOutcome::kRecord;
  }

  Flow Run(const std::vector<Action>& actions) {
    for (const Action& action : actions) {
      const Flow flow = Execute(action);
      if (flow != Flow::kContinue) return flow;
    }
    return Flow::kContinue;
  }

  // mapping.md §5.6: `exit()` ends the innermost section; everything else propagates outward.
  Flow Execute(const Action& action) {
    switch (action.type) {
      case Action::Type::kMapNode:
        MapNode(action);
        return Flow::kContinue;
      case Action::Type::kMapConstant:
        MapConstant(action);
        return Flow::kContinue;
      case Action::Type::kWhen: {
        const Slot& condition = evaluator_.Evaluate(action.node);
        if (!condition.present || !condition.boolean) return Flow::kContinue;
        return Run(action.children);
      }
      case Action::Type::kSection: {
        const Flow flow = Run(action.children);
        return flow == Flow::kExit ? Flow::kContinue : flow;
      }
      case Action::Type::kExit:
        return Flow::kExit;
      case Action::Type::kStop:
        return Flow::kStop;
      case Action::Type::kDrop:
        return Flow::kDrop;
    }
    return Flow::kContinue;
  }

  void MapNode(const Action& action) {
    const Slot& value = evaluator_.Evaluate(action.node);
    if (!value.present) return;
    const avro::FieldIndex field = action.field;
    switch (program_.nodes[static_cast<size_t>(action.node)].kind) {
      case Kind::kString:
        record_.SetString(field, value.text);
        break;
      case Kind::kBoolean:
        record_.SetBoolean(field, value.boolean);
        break;
      case Kind::kInt:
        record_.SetInt(field, static_cast<int32_t>(value.integer));
        break;
      case Kind::kLong:
        record_.SetLong(field, value.integer);
        break;
      case Kind::kFloat:
        record_.SetFloat(field, static_cast<float>(value.floating));
        break;
      case Kind::kDouble:
        record_.SetDouble(field, value.floating);
        break;
      case Kind::kBytes:
        record_.SetBytes(field, value.digest.bytes());
        break;
      case Kind::kJson:
        MapJson(field, *value.json);
        break;
      default:
        MapCollection(field, program_.nodes[static_cast<size_t>(action.node)].kind, value);
    }
  }

  void MapCollection(avro::FieldIndex field, Kind kind, const Slot& value) {
    scratch_.clear();
    avro::BinaryEncoder encoder(&scratch_);
    if (kind == Kind::kStringList) {
      encoder.StartArray(static_cast<int64_t>(value.list.size()));
      for (const std::string& item : value.list) encoder.WriteString(item);
      encoder.EndArray();
      record_.SetEncoded(field, avro::SchemaType::kArray, scratch_);
    } else if (kind == Kind::kIntList) {
      encoder.StartArray(static_cast<int64_t>(value.ints.size()));
      for (const int32_t item : value.ints) encoder.WriteInt(item);
      encoder.EndArray();
      record_.SetEncoded(field, avro::SchemaType::kArray, scratch_);
    } else {  // kQueryMap: map<array<string>>
      const functions::QueryString& query = value.query;
      encoder.StartMap(static_cast<int64_t>(query.size()));
      for (size_t k = 0; k < query.size(); ++k) {
        encoder.WriteString(query.name(k));
        encoder.StartArray(static_cast<int64_t>(query.value_count(k)));
        for (size_t j = 0; j < query.value_count(k); ++j) encoder.WriteString(query.value(k, j));
        encoder.EndArray();
      }
      encoder.EndMap();
      record_.SetEncoded(field, avro::SchemaType::kMap, scratch_);
    }
  }

  // §11.2: a failed conversion leaves the field unchanged; counted, and logged at INFO.
  void MapJson(avro::FieldIndex field, const event::JsonValue& json) {
    const avro::JsonConversion result = record_.SetJson(field, json);
    if (result == avro::JsonConversion::kConverted || result == avro::JsonConversion::kNull) return;
    const FieldFailures& failures = program_.conversion_failures[field];
    failures.count.Increment();
    uint64_t suppressed = 0;
    if (failures.log.Allow(&suppressed)) {
      MappingLogger().Info(
          "{}", base::WithSuppressed(
                    fmt::format("Mapping '{}': could not convert a JSON value "
                                "for field {}: {}",
                                program_.name, failures.field, avro::JsonConversionName(result)),
                    suppressed));
    }
  }

  void MapConstant(const Action& action) {
    const Constant& c = action.constant;
    switch (c.kind) {
      case Kind::kString:
        record_.SetString(action.field, c.text);
        break;
      case Kind::kBoolean:
        record_.SetBoolean(action.field, c.boolean);
        break;
      case Kind::kInt:
        record_.SetInt(action.field, static_cast<int32_t>(c.integer));
        break;
      case Kind::kLong:
        record_.SetLong(action.field, c.integer);
        break;
      case Kind::kFloat:
        record_.SetFloat(action.field, static_cast<float>(c.floating));
        break;
      default:
        record_.SetDouble(action.field, c.floating);
        break;
    }
  }

  const ScriptMapping::Program& program_;
  avro::GenericRecordBuilder record_;
  EventEvaluator evaluator_;
  std::string scratch_;
  std::string failure_detail_;
};

base::Result<std::string> ReadScript(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return base::Result<std::string>::Error(script::FormatDiagnostic(
        path, {{}, "cannot read mapping script: " + std::string(std::strerror(errno))}));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ScriptMapping::ScriptMapping(std::unique_ptr<const Program> program)
    : program_(std::move(program)) {}

ScriptMapping::~ScriptMapping() = default;

base::Result<std::unique_ptr<ScriptMapping>> ScriptMapping::Load(
    const avro::Schema& schema, const std::string& script_path,
    const ScriptMappingOptions& options) {
  auto text = ReadScript(script_path);
  if (!text.ok()) return text.status();
  return Compile(schema, script_path, *text, options);
}

base::Result<std::unique_ptr<ScriptMapping>> ScriptMapping::Compile(
    const avro::Schema& schema, const std::string& script_path, std::string_view text,
    const ScriptMappingOptions& options) {
  using Loaded = base::Result<std::unique_ptr<ScriptMapping>>;
  script::ParseOutput parsed = script::Parse(text);
  if (!parsed.errors.empty()) {
    return Loaded::Error(script::FormatDiagnostics(script_path, std::move(parsed.errors)));
  }
  auto program = std::make_unique<Program>();
  program->schema = &schema;
  program->name = options.name;
  for (const avro::Field& field : schema.root().fields) {
    program->conversion_failures.emplace_back().field = field.name;
  }
  Evaluator evaluator(options, program.get());
  evaluator.Run(parsed.script);
  const base::Logger& logger = MappingLogger();
  for (const std::string& line : evaluator.printed()) logger.Info("{}", line);
  for (const script::Diagnostic& warning : evaluator.warnings()) {
    std::string line = script::FormatDiagnostic(script_path, warning);
    const size_t error = line.find(": error: ");
    if (error != std::string::npos) line.replace(error, 9, ": warning: ");
    logger.Warn("{}", line);
  }
  if (!evaluator.errors().empty()) {
    return Loaded::Error(script::FormatDiagnostics(script_path, std::move(evaluator.errors())));
  }
  return std::unique_ptr<ScriptMapping>(new ScriptMapping(std::move(program)));
}

std::unique_ptr<Mapper> ScriptMapping::NewMapper(const enrich::ThreadEnrichment& enrichment) const {
  return std::make_unique<ScriptMapper>(*program_, enrichment);
}

bool ScriptMapping::UsesUserAgent() const {
  return std::any_of(program_->nodes.begin(), program_->nodes.end(),
                     [](const Node& node) { return node.op == Op::kUserAgent; });
}

void ScriptMapping::VisitConversionFailures(
    const std::function<void(std::string_view field, uint64_t count)>& visit) const {
  for (const FieldFailures& failures : program_->conversion_failures) {
    const uint64_t count = failures.count.Value();
    if (count > 0) visit(failures.field, count);
  }
}

}  // namespace divolte::mapping
