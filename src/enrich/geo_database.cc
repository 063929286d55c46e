#include "enrich/geo_database.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <strings.h>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <system_error>

#include "base/check.h"
#include "enrich/memory_file.h"

namespace divolte::enrich {
namespace {

// Larger than any MaxMind database published so far (Enterprise is a few hundred MB); bounds what
// a corrupt or hostile `.gz` may make us allocate.
constexpr uint64_t kMaxDatabaseBytes = uint64_t{4} << 30;
// The longest valid address text: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
constexpr size_t kMaxAddressText = 45;
// Test addresses looked up when opening (enrich.md §4.1: validate completely).
constexpr const char* kProbeIpv4 = "1.1.1.1";
constexpr const char* kProbeIpv6 = "2001:4860:4860::8888";

// How a field is read (enrich.md §4.3).
enum class Walk {
  kValue,             // the value at `path`, absent when missing or of another type
  kFalseWhenMissing,  // a boolean at `path`, false (present) when missing
  kEachSubdivision,   // a list: `path` inside every element of `subdivisions`
};

struct FieldSpec {
  GeoFieldType type;
  Walk walk;
  const char* const* path;  // null-terminated
};

// Paths resolved once; a lookup never builds a string.
constexpr const char* kCityId[] = {"city", "geoname_id", nullptr};
constexpr const char* kCityName[] = {"city", "names", "en", nullptr};
constexpr const char* kContinentCode[] = {"continent", "code", nullptr};
constexpr const char* kContinentId[] = {"continent", "geoname_id", nullptr};
constexpr const char* kContinentName[] = {"continent", "names", "en", nullptr};
constexpr const char* kCountryCode[] = {"country", "iso_code", nullptr};
constexpr const char* kCountryId[] = {"country", "geoname_id", nullptr};
constexpr const char* kCountryName[] = {"country", "names", "en", nullptr};
constexpr const char* kLatitude[] = {"location", "latitude", nullptr};
constexpr const char* kLongitude[] = {"location", "longitude", nullptr};
constexpr const char* kMetroCode[] = {"location", "metro_code", nullptr};
constexpr const char* kTimeZone[] = {"location", "time_zone", nullptr};
constexpr const char* kLastSubdivisionCode[] = {"subdivisions", "-1", "iso_code", nullptr};
constexpr const char* kLastSubdivisionId[] = {"subdivisions", "-1", "geoname_id", nullptr};
constexpr const char* kLastSubdivisionName[] = {"subdivisions", "-1", "names", "en", nullptr};
constexpr const char* kPostalCode[] = {"postal", "code", nullptr};
constexpr const char* kRegisteredCode[] = {"registered_country", "iso_code", nullptr};
constexpr const char* kRegisteredId[] = {"registered_country", "geoname_id", nullptr};
constexpr const char* kRegisteredName[] = {"registered_country", "names", "en", nullptr};
constexpr const char* kRepresentedCode[] = {"represented_country", "iso_code", nullptr};
constexpr const char* kRepresentedId[] = {"represented_country", "geoname_id", nullptr};
constexpr const char* kRepresentedName[] = {"represented_country", "names", "en", nullptr};
constexpr const char* kSubdivisionCode[] = {"iso_code", nullptr};
constexpr const char* kSubdivisionId[] = {"geoname_id", nullptr};
constexpr const char* kSubdivisionName[] = {"names", "en", nullptr};
constexpr const char* kAsn[] = {"traits", "autonomous_system_number", nullptr};
constexpr const char* kAsOrganization[] = {"traits", "autonomous_system_organization", nullptr};
constexpr const char* kDomain[] = {"traits", "domain", nullptr};
constexpr const char* kIsp[] = {"traits", "isp", nullptr};
constexpr const char* kOrganization[] = {"traits", "organization", nullptr};
constexpr const char* kAnonymousProxy[] = {"traits", "is_anonymous_proxy", nullptr};
constexpr const char* kSatelliteProvider[] = {"traits", "is_satellite_provider", nullptr};
constexpr const char* kSubdivisions[] = {"subdivisions", nullptr};
// The deepest relative path of a kEachSubdivision field, without its terminator.
constexpr size_t kMaxElementPath = 2;

using T = GeoFieldType;
constexpr std::array<FieldSpec, kGeoFieldCount> kFields = {{
    {T::kInt, Walk::kValue, kCityId},
    {T::kString, Walk::kValue, kCityName},
    {T::kString, Walk::kValue, kContinentCode},
    {T::kInt, Walk::kValue, kContinentId},
    {T::kString, Walk::kValue, kContinentName},
    {T::kString, Walk::kValue, kCountryCode},
    {T::kInt, Walk::kValue, kCountryId},
    {T::kString, Walk::kValue, kCountryName},
    {T::kDouble, Walk::kValue, kLatitude},
    {T::kDouble, Walk::kValue, kLongitude},
    {T::kInt, Walk::kValue, kMetroCode},
    {T::kString, Walk::kValue, kTimeZone},
    {T::kString, Walk::kValue, kLastSubdivisionCode},
    {T::kInt, Walk::kValue, kLastSubdivisionId},
    {T::kString, Walk::kValue, kLastSubdivisionName},
    {T::kString, Walk::kValue, kPostalCode},
    {T::kString, Walk::kValue, kRegisteredCode},
    {T::kInt, Walk::kValue, kRegisteredId},
    {T::kString, Walk::kValue, kRegisteredName},
    {T::kString, Walk::kValue, kRepresentedCode},
    {T::kInt, Walk::kValue, kRepresentedId},
    {T::kString, Walk::kValue, kRepresentedName},
    {T::kStringList, Walk::kEachSubdivision, kSubdivisionCode},
    {T::kIntList, Walk::kEachSubdivision, kSubdivisionId},
    {T::kStringList, Walk::kEachSubdivision, kSubdivisionName},
    {T::kInt, Walk::kValue, kAsn},
    {T::kString, Walk::kValue, kAsOrganization},
    {T::kString, Walk::kValue, kDomain},
    {T::kString, Walk::kValue, kIsp},
    {T::kString, Walk::kValue, kOrganization},
    {T::kBoolean, Walk::kFalseWhenMissing, kAnonymousProxy},
    {T::kBoolean, Walk::kFalseWhenMissing, kSatelliteProvider},
}};

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         strncasecmp(text.data() + text.size() - suffix.size(), suffix.data(), suffix.size()) == 0;
}

// The value at `path` below the data record at `offset`; false when missing or on a data error.
bool GetValue(const MMDB_s* mmdb, uint32_t offset, const char* const* path,
              MMDB_entry_data_s* data) {
  MMDB_entry_s start{mmdb, offset};
  return MMDB_aget_value(&start, data, path) == MMDB_SUCCESS && data->has_data;
}

// Integers outside int32 (unsigned values above 2^31-1) are absent (enrich.md §4.3).
bool IntOf(const MMDB_entry_data_s& data, int32_t* out) {
  constexpr uint64_t kMax = std::numeric_limits<int32_t>::max();
  switch (data.type) {
    case MMDB_DATA_TYPE_UINT16:
      *out = data.uint16;
      return true;
    case MMDB_DATA_TYPE_INT32:
      *out = data.int32;
      return true;
    case MMDB_DATA_TYPE_UINT32:
      if (data.uint32 > kMax) return false;
      *out = static_cast<int32_t>(data.uint32);
      return true;
    case MMDB_DATA_TYPE_UINT64:
      if (data.uint64 > kMax) return false;
      *out = static_cast<int32_t>(data.uint64);
      return true;
    default:
      return false;
  }
}

bool TextOf(const MMDB_entry_data_s& data, std::string_view* out) {
  if (data.type != MMDB_DATA_TYPE_UTF8_STRING) return false;
  *out = std::string_view(data.utf8_string, data.data_size);
  return true;
}

bool DoubleOf(const MMDB_entry_data_s& data, double* out) {
  if (data.type == MMDB_DATA_TYPE_DOUBLE) {
    *out = data.double_value;
    return true;
  }
  if (data.type == MMDB_DATA_TYPE_FLOAT) {
    *out = data.float_value;
    return true;
  }
  return false;
}

// Stores a scalar of `type`; a value of another MaxMind type leaves the field absent.
void AssignScalar(GeoFieldType type, const MMDB_entry_data_s& data, GeoField* out) {
  switch (type) {
    case GeoFieldType::kInt:
      out->present = IntOf(data, &out->integer);
      return;
    case GeoFieldType::kString:
      out->present = TextOf(data, &out->text);
      return;
    case GeoFieldType::kDouble:
      out->present = DoubleOf(data, &out->floating);
      return;
    case GeoFieldType::kBoolean:
      out->present = data.type == MMDB_DATA_TYPE_BOOLEAN;
      out->boolean = out->present && data.boolean;
      return;
    case GeoFieldType::kStringList:
    case GeoFieldType::kIntList:
      break;
  }
  CHECK(false);
}

void ResetField(GeoField* out) {
  out->present = false;
  out->boolean = false;
  out->integer = 0;
  out->floating = 0;
  out->text = {};
  out->texts.clear();
  out->integers.clear();
}

// Parses an IPv4 dotted quad or IPv6 text into *out; IPv4-mapped IPv6 becomes IPv4.
bool ParseAddress(std::string_view address, sockaddr_storage* out) {
  if (address.empty() || address.size() > kMaxAddressText) return false;
  if (address.find('\0') != std::string_view::npos) return false;
  char text[kMaxAddressText + 1];
  std::memcpy(text, address.data(), address.size());
  text[address.size()] = '\0';
  std::memset(out, 0, sizeof(*out));
  auto* ipv4 = reinterpret_cast<sockaddr_in*>(out);
  if (address.find(':') == std::string_view::npos) {
    ipv4->sin_family = AF_INET;
    return inet_pton(AF_INET, text, &ipv4->sin_addr) == 1;
  }
  auto* ipv6 = reinterpret_cast<sockaddr_in6*>(out);
  ipv6->sin6_family = AF_INET6;
  if (inet_pton(AF_INET6, text, &ipv6->sin6_addr) != 1) return false;
  if (IN6_IS_ADDR_V4MAPPED(&ipv6->sin6_addr)) {
    in_addr mapped;
    std::memcpy(&mapped, ipv6->sin6_addr.s6_addr + 12, sizeof(mapped));
    std::memset(out, 0, sizeof(*out));
    ipv4->sin_family = AF_INET;
    ipv4->sin_addr = mapped;
  }
  return true;
}

std::string MmdbErrorText(int status) {
  std::string text = MMDB_strerror(status);
  if (status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR) {
    text += ": " + std::generic_category().message(errno);
  }
  return text;
}

// Looks `address` up and decodes its whole record, as a check of the tree and the data.
bool Probe(const MMDB_s* mmdb, const char* address, std::string* reason) {
  sockaddr_storage storage;
  CHECK(ParseAddress(address, &storage));
  int status = MMDB_SUCCESS;
  MMDB_lookup_result_s result =
      MMDB_lookup_sockaddr(mmdb, reinterpret_cast<const sockaddr*>(&storage), &status);
  if (status == MMDB_SUCCESS && result.found_entry) {
    MMDB_entry_data_list_s* list = nullptr;
    status = MMDB_get_entry_data_list(&result.entry, &list);
    MMDB_free_entry_data_list(list);
  }
  if (status == MMDB_SUCCESS) return true;
  *reason = std::string("test lookup of ") + address + " failed: " + MMDB_strerror(status);
  return false;
}

}  // namespace

GeoFieldType GeoFieldTypeOf(int index) {
  CHECK(index >= 0 && index < kGeoFieldCount);
  return kFields[index].type;
}

GeoDatabase::GeoDatabase(std::string path, std::unique_ptr<MMDB_s> mmdb)
    : path_(std::move(path)), mmdb_(std::move(mmdb)), logger_("GeoIp") {
  const char* type = mmdb_->metadata.database_type;
  database_type_ = type == nullptr ? "" : type;
}

GeoDatabase::~GeoDatabase() { MMDB_close(mmdb_.get()); }

uint64_t GeoDatabase::build_epoch() const { return mmdb_->metadata.build_epoch; }

base::Result<std::shared_ptr<const GeoDatabase>> GeoDatabase::Open(const std::string& path) {
  LoadError error;
  std::shared_ptr<const GeoDatabase> database = LoadOrFail(path, &error);
  if (database != nullptr) return database;
  if (error.unsupported_type) return base::Status::Error(error.reason);
  return base::Status::Error("Failed to configure GeoIP database: " + path + ": " + error.reason);
}

base::Result<std::shared_ptr<const GeoDatabase>> GeoDatabase::Load(const std::string& path) {
  LoadError error;
  std::shared_ptr<const GeoDatabase> database = LoadOrFail(path, &error);
  if (database != nullptr) return database;
  return base::Status::Error(error.reason);
}

std::shared_ptr<const GeoDatabase> GeoDatabase::LoadOrFail(const std::string& path,
                                                           LoadError* error) {
  if (EndsWithIgnoringCase(path, ".tar.gz") || EndsWithIgnoringCase(path, ".tgz")) {
    error->reason =
        "archives (.tar.gz, .tgz) are not supported; extract the .mmdb file from the archive and "
        "configure its path (a gzip-compressed .mmdb.gz is accepted)";
    return nullptr;
  }
  const FileEncoding encoding =
      EndsWithIgnoringCase(path, ".gz") ? FileEncoding::kGzip : FileEncoding::kPlain;
  base::Result<UniqueFd> copy = CopyToMemoryFile(path, encoding, kMaxDatabaseBytes);
  if (!copy.ok()) {
    error->reason = copy.message();
    return nullptr;
  }
  // libmaxminddb opens by name: the copy's /proc name maps the memfd, which then outlives `copy`.
  auto mmdb = std::make_unique<MMDB_s>();
  const std::string copy_path = "/proc/self/fd/" + std::to_string(copy->get());
  const int status = MMDB_open(copy_path.c_str(), MMDB_MODE_MMAP, mmdb.get());
  if (status != MMDB_SUCCESS) {
    error->reason = MmdbErrorText(status);
    return nullptr;
  }
  std::shared_ptr<GeoDatabase> database(new GeoDatabase(path, std::move(mmdb)));
  const std::string& type = database->database_type_;
  if (type.find("City") == std::string::npos && type.find("Enterprise") == std::string::npos) {
    error->reason =
        "Unsupported GeoIP database type: " + type + "; a City or Enterprise database is required";
    error->unsupported_type = true;
    return nullptr;
  }
  // The IPv4 probe also makes libmaxminddb cache its IPv4 start node now, before the database is
  // shared: it fills that cache lazily, which would otherwise be a write from concurrent lookups.
  const MMDB_s* raw = database->mmdb_.get();
  if (!Probe(raw, kProbeIpv4, &error->reason)) return nullptr;
  if (raw->metadata.ip_version == 6 && !Probe(raw, kProbeIpv6, &error->reason)) return nullptr;
  return database;
}

std::optional<GeoEntry> GeoDatabase::Lookup(std::string_view address) const {
  sockaddr_storage storage;
  if (!ParseAddress(address, &storage)) return std::nullopt;
  int status = MMDB_SUCCESS;
  const MMDB_lookup_result_s result =
      MMDB_lookup_sockaddr(mmdb_.get(), reinterpret_cast<const sockaddr*>(&storage), &status);
  if (status != MMDB_SUCCESS) [[unlikely]] {
    uint64_t suppressed = 0;
    if (lookup_failure_log_.Allow(&suppressed)) {  // per event: rate-limited (base/log.h)
      logger_.Debug("{}", base::WithSuppressed(fmt::format("Lookup of {} failed: {}", address,
                                                           MMDB_strerror(status)),
                                               suppressed));
    }
    return std::nullopt;
  }
  if (!result.found_entry) return std::nullopt;
  return GeoEntry{result.entry.offset};
}

void GeoDatabase::ReadField(const GeoEntry& entry, int index, GeoField* out) const {
  CHECK(index >= 0 && index < kGeoFieldCount);
  ResetField(out);
  if (kFields[index].walk == Walk::kEachSubdivision) {
    ReadSubdivisionList(entry, index, out);
  } else {
    ReadScalar(entry, index, out);
  }
}

void GeoDatabase::ReadScalar(const GeoEntry& entry, int index, GeoField* out) const {
  const FieldSpec& spec = kFields[index];
  MMDB_entry_data_s data;
  const bool found = GetValue(mmdb_.get(), entry.data_offset, spec.path, &data);
  if (found) AssignScalar(spec.type, data, out);
  if (spec.walk == Walk::kFalseWhenMissing) {
    out->boolean = out->present && out->boolean;
    out->present = true;
  }
}

// A present list (empty without subdivisions); subdivisions lacking the value are skipped.
void GeoDatabase::ReadSubdivisionList(const GeoEntry& entry, int index, GeoField* out) const {
  const FieldSpec& spec = kFields[index];
  out->present = true;
  MMDB_entry_data_s array;
  if (!GetValue(mmdb_.get(), entry.data_offset, kSubdivisions, &array) ||
      array.type != MMDB_DATA_TYPE_ARRAY) {
    return;
  }
  // Each element's path: its index, then the relative path (no allocation).
  char index_text[16];
  const char* path[kMaxElementPath + 2] = {index_text};
  for (size_t i = 0; spec.path[i] != nullptr; ++i) {
    CHECK(i < kMaxElementPath);
    path[i + 1] = spec.path[i];
  }
  for (uint32_t i = 0; i < array.data_size; ++i) {
    *std::to_chars(index_text, index_text + sizeof(index_text) - 1, i).ptr = '\0';
    MMDB_entry_data_s data;
    if (!GetValue(mmdb_.get(), array.offset, path, &data)) continue;
    if (spec.type == GeoFieldType::kStringList) {
      std::string_view text;
      if (TextOf(data, &text)) out->texts.push_back(text);
    } else {
      int32_t value = 0;
      if (IntOf(data, &value)) out->integers.push_back(value);
    }
  }
}

}  // namespace divolte::enrich
