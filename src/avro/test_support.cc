#include "avro/test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "avro/decoder.h"
#include "avro/encoder.h"

namespace divolte::avro::testing {
namespace {

constexpr const char* kUserAgentFields[10] = {
    "userAgentString",    "userAgentName",    "userAgentFamily",         "userAgentVendor",
    "userAgentType",      "userAgentVersion", "userAgentDeviceCategory", "userAgentOsFamily",
    "userAgentOsVersion", "userAgentOsVendor"};

void WriteOptionalString(BinaryEncoder* encoder, const std::optional<std::string>& value) {
  encoder->WriteUnionIndex(value ? 1 : 0);
  if (value) encoder->WriteString(*value);
}

void WriteOptionalInt(BinaryEncoder* encoder, const std::optional<int32_t>& value) {
  encoder->WriteUnionIndex(value ? 1 : 0);
  if (value) encoder->WriteInt(*value);
}

bool ReadOptionalString(BinaryDecoder* decoder, std::optional<std::string>* value) {
  int64_t branch = 0;
  if (!decoder->ReadUnionIndex(&branch) || branch < 0 || branch > 1) return false;
  std::string_view text;
  if (branch == 1 && !decoder->ReadString(&text)) return false;
  *value = branch == 1 ? std::optional<std::string>(text) : std::nullopt;
  return true;
}

bool ReadOptionalInt(BinaryDecoder* decoder, std::optional<int32_t>* value) {
  int64_t branch = 0;
  if (!decoder->ReadUnionIndex(&branch) || branch < 0 || branch > 1) return false;
  int32_t number = 0;
  if (branch == 1 && !decoder->ReadInt(&number)) return false;
  *value = branch == 1 ? std::optional<int32_t>(number) : std::nullopt;
  return true;
}

bool ReadRecord(BinaryDecoder* d, DefaultRecord* r) {
  std::string_view remote_host;
  std::string_view event_type;
  bool ok = d->ReadBoolean(&r->detected_duplicate) && d->ReadBoolean(&r->detected_corruption) &&
            d->ReadBoolean(&r->first_in_session) && d->ReadLong(&r->timestamp) &&
            d->ReadLong(&r->client_timestamp) && d->ReadString(&remote_host) &&
            ReadOptionalString(d, &r->referer) && ReadOptionalString(d, &r->location) &&
            ReadOptionalInt(d, &r->viewport_pixel_width) &&
            ReadOptionalInt(d, &r->viewport_pixel_height) &&
            ReadOptionalInt(d, &r->screen_pixel_width) &&
            ReadOptionalInt(d, &r->screen_pixel_height) && ReadOptionalString(d, &r->party_id) &&
            ReadOptionalString(d, &r->session_id) && ReadOptionalString(d, &r->page_view_id) &&
            d->ReadString(&event_type);
  for (auto& field : r->user_agent) ok = ok && ReadOptionalString(d, &field);
  r->remote_host = remote_host;
  r->event_type = event_type;
  return ok;
}

nlohmann::json OptionalJson(const auto& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::optional<std::vector<nlohmann::json>> ParseJsonLines(const std::string& text) {
  std::vector<nlohmann::json> documents;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    nlohmann::json document = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) return std::nullopt;
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace

DefaultRecord SampleRecord(int i) {
  DefaultRecord record;
  record.detected_duplicate = i % 7 == 0;
  record.detected_corruption = i % 11 == 0;
  record.first_in_session = i % 2 == 0;
  record.timestamp = 1416245000000 + i;
  record.client_timestamp = 1414499908146 - i * 1000;
  record.remote_host = "10.0." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
  if (i % 3 != 0) record.referer = "https://example.com/ref?i=" + std::to_string(i);
  record.location = "http://localhost:8290/page/" + std::to_string(i) + "/\xc3\xa9\xf0\x9f\x98\x80";
  if (i % 5 != 0) {
    record.viewport_pixel_width = 1000 + i;
    record.viewport_pixel_height = -i;  // negative values exercise zig-zag
    record.screen_pixel_width = 2147483647 - i;
    record.screen_pixel_height = -2147483647 - 1 + i;
  }
  record.party_id = "0:i1t84hgy:party" + std::to_string(i % 17);
  record.session_id = "0:i1t84hgy:session" + std::to_string(i % 13);
  if (i % 4 != 0) record.page_view_id = "0:pv" + std::to_string(i);
  record.event_type = i % 6 == 0 ? "pageView" : "custom" + std::to_string(i % 9);
  for (int f = 0; f < 10; ++f) {
    if ((i + f) % 3 != 0)
      record.user_agent[f] = std::string(kUserAgentFields[f]) + "-" + std::to_string(i);
  }
  return record;
}

std::string EncodeDefaultRecord(const DefaultRecord& r) {
  std::string out;
  BinaryEncoder e(&out);
  e.WriteBoolean(r.detected_duplicate);
  e.WriteBoolean(r.detected_corruption);
  e.WriteBoolean(r.first_in_session);
  e.WriteLong(r.timestamp);
  e.WriteLong(r.client_timestamp);
  e.WriteString(r.remote_host);
  WriteOptionalString(&e, r.referer);
  WriteOptionalString(&e, r.location);
  WriteOptionalInt(&e, r.viewport_pixel_width);
  WriteOptionalInt(&e, r.viewport_pixel_height);
  WriteOptionalInt(&e, r.screen_pixel_width);
  WriteOptionalInt(&e, r.screen_pixel_height);
  WriteOptionalString(&e, r.party_id);
  WriteOptionalString(&e, r.session_id);
  WriteOptionalString(&e, r.page_view_id);
  e.WriteString(r.event_type);
  for (const auto& field : r.user_agent) WriteOptionalString(&e, field);
  return out;
}

std::optional<std::vector<DefaultRecord>> DecodeDefaultRecords(std::string_view datums) {
  std::vector<DefaultRecord> records;
  BinaryDecoder decoder(datums);
  while (!decoder.AtEnd()) {
    DefaultRecord record;
    if (!ReadRecord(&decoder, &record)) return std::nullopt;
    records.push_back(std::move(record));
  }
  return records;
}

nlohmann::json DefaultRecordJson(const DefaultRecord& r) {
  nlohmann::json json = {
      {"detectedDuplicate", r.detected_duplicate},
      {"detectedCorruption", r.detected_corruption},
      {"firstInSession", r.first_in_session},
      {"timestamp", r.timestamp},
      {"clientTimestamp", r.client_timestamp},
      {"remoteHost", r.remote_host},
      {"referer", OptionalJson(r.referer)},
      {"location", OptionalJson(r.location)},
      {"viewportPixelWidth", OptionalJson(r.viewport_pixel_width)},
      {"viewportPixelHeight", OptionalJson(r.viewport_pixel_height)},
      {"screenPixelWidth", OptionalJson(r.screen_pixel_width)},
      {"screenPixelHeight", OptionalJson(r.screen_pixel_height)},
      {"partyId", OptionalJson(r.party_id)},
      {"sessionId", OptionalJson(r.session_id)},
      {"pageViewId", OptionalJson(r.page_view_id)},
      {"eventType", r.event_type},
  };
  for (int f = 0; f < 10; ++f) json[kUserAgentFields[f]] = OptionalJson(r.user_agent[f]);
  return json;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/divolte-test-XXXXXX";
  char* created = mkdtemp(pattern.data());
  if (created == nullptr) std::abort();
  path_ = created;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> TempDir::List() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path_)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

std::string TestdataPath(std::string_view name) {
  return std::string(DIVOLTE_AVRO_TESTDATA_DIR "/") + std::string(name);
}

std::optional<std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string output;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return output;
}

std::optional<std::vector<nlohmann::json>> ReadWithPython(const std::vector<std::string>& paths) {
  std::string command = "/usr/bin/python3 '" DIVOLTE_AVRO_TESTDATA_DIR "/read_container.py'";
  for (const std::string& path : paths) command += " '" + path + "'";
  std::optional<std::string> output = RunCommand(command);
  if (!output) return std::nullopt;
  return ParseJsonLines(*output);
}

std::optional<std::vector<nlohmann::json>> ReadWithAvrocat(const std::string& path) {
  std::optional<std::string> output = RunCommand("/usr/bin/avrocat '" + path + "'");
  if (!output) return std::nullopt;
  return ParseJsonLines(*output);
}

}  // namespace divolte::avro::testing
