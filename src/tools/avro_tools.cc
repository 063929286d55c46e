#include "tools/avro_tools.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "avro/container_reader.h"
#include "avro/datum_json.h"
#include "avro/schema.h"
#include "base/status.h"

namespace divolte::tools {
namespace {

base::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return base::Result<std::string>::Error(path + ": " + std::strerror(errno));
  }
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (file.bad()) return base::Result<std::string>::Error(path + ": read error");
  return bytes.str();
}

// Each block holds object_count datums back to back; a datum's end is found by rendering it.
int PrintRecordsAsJson(const avro::ContainerFile& container, const std::string& path,
                       std::ostream& out, std::ostream& err) {
  auto schema = avro::Schema::Parse(container.schema_json, path);
  if (!schema.ok()) {
    err << path << ": the file's schema is invalid: " << schema.message() << "\n";
    return 1;
  }
  std::string line;
  for (size_t b = 0; b < container.blocks.size(); ++b) {
    const avro::ContainerBlock& block = container.blocks[b];
    std::string_view rest = block.datums;
    for (int64_t i = 0; i < block.object_count; ++i) {
      line.clear();
      size_t consumed = 0;
      if (!avro::RenderFirstDatumAsJson(schema->root(), rest, &consumed, &line,
                                        avro::DatumJsonStyle::kAvroJson)) {
        err << path << ": record " << i + 1 << " of block " << b + 1 << " is malformed\n";
        return 1;
      }
      rest.remove_prefix(consumed);
      out << line << '\n';
    }
    if (!rest.empty()) {
      err << path << ": block " << b + 1 << " has bytes after its " << block.object_count
          << " records\n";
      return 1;
    }
  }
  return 0;
}

int PrintSchema(const avro::ContainerFile& container, const std::string& path, std::ostream& out,
                std::ostream& err) {
  const auto json = nlohmann::ordered_json::parse(container.schema_json, nullptr, false);
  if (json.is_discarded()) {
    err << path << ": the file's schema is not JSON\n";
    return 1;
  }
  out << json.dump(2) << '\n';
  return 0;
}

}  // namespace

const std::vector<std::string>& AvroToolCommands() {
  static const std::vector<std::string> commands = {"tojson", "getschema", "getmeta", "count"};
  return commands;
}

int RunAvroTool(std::string_view command, const std::string& path, std::ostream& out,
                std::ostream& err) {
  const auto bytes = ReadFile(path);
  if (!bytes.ok()) {
    err << bytes.message() << "\n";
    return 1;
  }
  const auto container = avro::ReadContainer(*bytes);
  if (!container.ok()) {
    err << path << ": not a valid Avro container file: " << container.message() << "\n";
    return 1;
  }
  if (command == "tojson") return PrintRecordsAsJson(*container, path, out, err);
  if (command == "getschema") return PrintSchema(*container, path, out, err);
  if (command == "getmeta") {
    for (const auto& [key, value] : container->metadata) out << key << '\t' << value << '\n';
    return 0;
  }
  if (command == "count") {
    out << container->ObjectCount() << '\n';
    return 0;
  }
  err << "unknown avro-tools command: " << command << "\n";
  return 2;
}

}  // namespace divolte::tools
