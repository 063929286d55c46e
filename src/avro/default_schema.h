#pragma once

// The built-in schema io.divolte.record.DefaultEventRecord (schema.md §1), as the exact JSON text
// written into container-file headers. Its field order defines the record encoding of the
// built-in default mapping (schema.md §2).

#include <string_view>

namespace divolte::avro {

// Exactly the 1644 bytes of schema.md §1 (one line, no trailing newline). Static storage.
std::string_view DefaultEventRecordSchemaJson();

}  // namespace divolte::avro
