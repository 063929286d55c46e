// Avro object container files as `divolte-collector avro-tools` reads them (operations.md §7.1):
// avro::ReadContainer (header, metadata, codecs null/deflate/snappy, sync markers), the writer
// schema from the header, and every record rendered with RenderFirstDatumAsJson. Input: the
// file's bytes, run through all four subcommands of tools::RunAvroTool.
//
// Invariants: a file every subcommand accepts agrees with ReadContainer on the record count; a
// subcommand that fails says why on its error stream.

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "avro/container_reader.h"
#include "base/check.h"
#include "temp_file.h"
#include "tools/avro_tools.h"

namespace {

const std::string& FilePath() { return divolte::fuzz::TempFilePath("fuzz.avro"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream file(FilePath(), std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    CHECK(file.good());
  }
  const auto container = divolte::avro::ReadContainer(bytes);
  for (const std::string& command : divolte::tools::AvroToolCommands()) {
    std::ostringstream out;
    std::ostringstream err;
    const int status = divolte::tools::RunAvroTool(command, FilePath(), out, err);
    CHECK(status == 0 || status == 1);
    CHECK((status == 0) == err.str().empty());
    if (status == 0) CHECK(container.ok());
    if (status == 0 && command == "count") {
      CHECK(out.str() == std::to_string(container->ObjectCount()) + "\n");
    }
  }
  return 0;
}
