#pragma once

// `divolte-collector avro-tools (tojson | getschema | getmeta | count) FILE` (operations.md §7.1):
// the few Avro tools an operator needs to look into the container files the file sinks write,
// without a Java installation. Reads the whole file; not on the data path.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace divolte::tools {

// The subcommands, for the command line's validation and help.
const std::vector<std::string>& AvroToolCommands();

// Runs `command` on the container file at `path`:
//   tojson     every record as one line of Avro's JSON encoding (unions name their branch),
//   getschema  the writer schema, pretty-printed JSON,
//   getmeta    every header entry as `key<TAB>value`, in file order,
//   count      the number of records.
// Any of the three codecs. Returns the exit status: 0, or 1 with a message on `err` for a file
// that cannot be read or is not a valid container file.
int RunAvroTool(std::string_view command, const std::string& path, std::ostream& out,
                std::ostream& err);

}  // namespace divolte::tools
