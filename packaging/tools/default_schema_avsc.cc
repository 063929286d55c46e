// default_schema_avsc OUTPUT: writes the built-in DefaultEventRecord schema (schema.md §1), as the
// collector embeds it, to OUTPUT as indented JSON for conf/DefaultEventRecord.avsc of the
// distributions. Generated at build time so the shipped file can never drift from the code.
// Exit status 0 on success, 1 on failure.

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "avro/default_schema.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: default_schema_avsc OUTPUT\n";
    return 1;
  }
  // ordered_json keeps the field and attribute order of the embedded text.
  const auto schema = nlohmann::ordered_json::parse(divolte::avro::DefaultEventRecordSchemaJson());
  std::ofstream output(argv[1], std::ios::binary | std::ios::trunc);
  output << schema.dump(2) << '\n';
  output.close();
  if (!output) {
    std::cerr << "default_schema_avsc: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
