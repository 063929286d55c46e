// The whole configuration load (config.md, config::LoadConfig): the built-in defaults, a
// configuration file with this text, parsing, merging, resolution, binding into Config,
// validation and the feature gates, with a fixed environment. Input: the file's text. The file
// lives alone in a private temporary directory, which relative includes search.
//
// Invariants: a load either yields a configuration and no errors or errors and no
// configuration; no error message is empty or spans several lines (config.md §4: one line each).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "config/loader.h"
#include "temp_file.h"

namespace {

namespace config = divolte::config;

std::optional<std::string> FixedEnvironment(const std::string& name) {
  if (name == "HOME") return "/home/divolte";
  if (name == "DIVOLTE_PORT") return "8290";
  if (name == "GOOGLE_CLOUD_PROJECT") return "fuzz-project";
  return std::nullopt;
}

const std::string& ConfigPath() { return divolte::fuzz::TempFilePath("divolte-collector.conf"); }

void CheckLines(const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    if (line.empty() || line.find('\n') != std::string::npos) {
      std::fprintf(stderr, "bad message line: [%s]\n", line.c_str());
      CHECK(false);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream file(ConfigPath(), std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    CHECK(file.good());
  }
  config::LoadOptions options;
  options.config_file = ConfigPath();
  options.getenv = FixedEnvironment;
  const config::LoadResult result = config::LoadConfig(options);
  CHECK(result.config.has_value() == result.errors.empty());
  CheckLines(result.errors);
  CheckLines(result.warnings);
  return 0;
}
