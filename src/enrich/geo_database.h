#pragma once

// GeoDatabase: one opened MaxMind DB (GeoIP2/GeoLite2 City or Enterprise, enrich.md §4.1) and the
// 32 geolocation fields of enrich.md §4.3. The database is mapped from a private in-memory copy of
// the file (gunzipped for `.gz`), so later changes to the file cannot affect it. Immutable after
// Open; Lookup and ReadField are thread-safe, never allocate (except a list field's vector growing)
// and never throw. Shared between threads through std::shared_ptr (see GeoService).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "base/status.h"

struct MMDB_s;  // <maxminddb.h>, kept out of this header

namespace divolte::enrich {

inline constexpr int kGeoFieldCount = 32;

// The producer index order of mapping.md §7.9 as our mapping compiler numbers them:
// 0 cityId int, 1 cityName string, 2 continentCode string, 3 continentId int, 4 continentName
// string, 5 countryCode string, 6 countryId int, 7 countryName string, 8 latitude double, 9
// longitude double, 10 metroCode int, 11 timeZone string, 12 mostSpecificSubdivisionCode string, 13
// mostSpecificSubdivisionId int, 14 mostSpecificSubdivisionName string, 15 postalCode string, 16
// registeredCountryCode string, 17 registeredCountryId int, 18 registeredCountryName string, 19
// representedCountryCode string, 20 representedCountryId int, 21 representedCountryName string, 22
// subdivisionCodes string list, 23 subdivisionIds int list, 24 subdivisionNames string list, 25
// autonomousSystemNumber int, 26 autonomousSystemOrganization string, 27 domain string, 28 isp
// string, 29 organisation string, 30 anonymousProxy boolean, 31 satelliteProvider boolean.
enum class GeoFieldType { kInt, kString, kDouble, kBoolean, kStringList, kIntList };

// REQUIRES: 0 <= index < kGeoFieldCount.
GeoFieldType GeoFieldTypeOf(int index);

// A successful lookup: a position inside one GeoDatabase; valid while that database lives and only
// with that database. Opaque to users.
struct GeoEntry {
  uint32_t data_offset = 0;  // the MaxMind DB record's offset in the data section
};

// One field's value (enrich.md §4.3). Views point into the database's memory. Which member holds
// the value follows GeoFieldTypeOf: integer, text, floating, boolean, texts or integers.
struct GeoField {
  bool present = false;
  bool boolean = false;
  int32_t integer = 0;
  double floating = 0;
  std::string_view text;
  std::vector<std::string_view> texts;  // kStringList
  std::vector<int32_t> integers;        // kIntList
};

class GeoDatabase {
 public:
  // Opens and validates the database completely: readable, a MaxMind DB, of a City or Enterprise
  // type, and a test lookup succeeds. A path ending in `.gz` is decompressed first; `.tar.gz` and
  // `.tgz` archives are refused. Errors are the start-up messages of enrich.md §4.1.
  static base::Result<std::shared_ptr<const GeoDatabase>> Open(const std::string& path);
  // As Open, but an error is only the reason (e.g. "No such file or directory", or the
  // unsupported-type sentence), for messages that name the path themselves (enrich.md §4.5).
  static base::Result<std::shared_ptr<const GeoDatabase>> Load(const std::string& path);

  GeoDatabase(const GeoDatabase&) = delete;
  GeoDatabase& operator=(const GeoDatabase&) = delete;
  ~GeoDatabase();

  // `address` is an IPv4 dotted quad or IPv6 text (no brackets/zone); IPv4-mapped IPv6 is looked
  // up as IPv4. Absent for unparseable text, not found, or a lookup error (logged at DEBUG).
  // Never does DNS.
  std::optional<GeoEntry> Lookup(std::string_view address) const;

  // Fills *out (reset first; list capacity is kept) with field `index` of the entry.
  // REQUIRES: 0 <= index < kGeoFieldCount; `entry` came from this database's Lookup.
  void ReadField(const GeoEntry& entry, int index, GeoField* out) const;

  const std::string& path() const { return path_; }
  const std::string& database_type() const { return database_type_; }
  // When the database was built, from its metadata: seconds since the epoch.
  uint64_t build_epoch() const;

 private:
  struct LoadError {
    std::string reason;
    bool unsupported_type = false;  // the reason is a complete sentence of its own
  };
  static std::shared_ptr<const GeoDatabase> LoadOrFail(const std::string& path, LoadError* error);

  GeoDatabase(std::string path, std::unique_ptr<MMDB_s> mmdb);

  void ReadScalar(const GeoEntry& entry, int index, GeoField* out) const;
  void ReadSubdivisionList(const GeoEntry& entry, int index, GeoField* out) const;

  std::string path_;
  std::string database_type_;
  std::unique_ptr<MMDB_s> mmdb_;  // opened; closed by the destructor
  base::Logger logger_;
  mutable base::RateLimiter lookup_failure_log_;
};

}  // namespace divolte::enrich
