#include "avro/default_schema.h"

namespace divolte::avro {
namespace {

// One field per line for review; the adjacent literals form a single line of 1644 bytes.
constexpr std::string_view kDefaultEventRecordSchemaJson =
    R"({"type":"record","name":"DefaultEventRecord","namespace":"io.divolte.record","fields":[)"
    R"({"name":"detectedDuplicate","type":"boolean"},)"
    R"({"name":"detectedCorruption","type":"boolean"},)"
    R"({"name":"firstInSession","type":"boolean"},)"
    R"({"name":"timestamp","type":"long"},)"
    R"({"name":"clientTimestamp","type":"long"},)"
    R"({"name":"remoteHost","type":"string"},)"
    R"({"name":"referer","type":["null","string"],"default":null},)"
    R"({"name":"location","type":["null","string"],"default":null},)"
    R"({"name":"viewportPixelWidth","type":["null","int"],"default":null},)"
    R"({"name":"viewportPixelHeight","type":["null","int"],"default":null},)"
    R"({"name":"screenPixelWidth","type":["null","int"],"default":null},)"
    R"({"name":"screenPixelHeight","type":["null","int"],"default":null},)"
    R"({"name":"partyId","type":["null","string"],"default":null},)"
    R"({"name":"sessionId","type":["null","string"],"default":null},)"
    R"({"name":"pageViewId","type":["null","string"],"default":null},)"
    R"({"name":"eventType","type":"string","default":"unknown"},)"
    R"({"name":"userAgentString","type":["null","string"],"default":null},)"
    R"({"name":"userAgentName","type":["null","string"],"default":null},)"
    R"({"name":"userAgentFamily","type":["null","string"],"default":null},)"
    R"({"name":"userAgentVendor","type":["null","string"],"default":null},)"
    R"({"name":"userAgentType","type":["null","string"],"default":null},)"
    R"({"name":"userAgentVersion","type":["null","string"],"default":null},)"
    R"({"name":"userAgentDeviceCategory","type":["null","string"],"default":null},)"
    R"({"name":"userAgentOsFamily","type":["null","string"],"default":null},)"
    R"({"name":"userAgentOsVersion","type":["null","string"],"default":null},)"
    R"({"name":"userAgentOsVendor","type":["null","string"],"default":null})"
    R"(]})";

}  // namespace

std::string_view DefaultEventRecordSchemaJson() { return kDefaultEventRecordSchemaJson; }

}  // namespace divolte::avro
