#include "enrich/geo_database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "enrich/test_util.h"

namespace divolte::enrich {
namespace {

using testing::MakeTestDatabase;
using testing::TempDir;

// Field indices (mapping.md §7.9 order).
enum Field {
  kCityId,
  kCityName,
  kContinentCode,
  kContinentId,
  kContinentName,
  kCountryCode,
  kCountryId,
  kCountryName,
  kLatitude,
  kLongitude,
  kMetroCode,
  kTimeZone,
  kMostSpecificCode,
  kMostSpecificId,
  kMostSpecificName,
  kPostalCode,
  kRegisteredCode,
  kRegisteredId,
  kRegisteredName,
  kRepresentedCode,
  kRepresentedId,
  kRepresentedName,
  kSubdivisionCodes,
  kSubdivisionIds,
  kSubdivisionNames,
  kAsn,
  kAsOrganization,
  kDomain,
  kIsp,
  kOrganisation,
  kAnonymousProxy,
  kSatelliteProvider,
};

// IPv4-mapped addresses are not aliased in the tree: finding them proves the reader maps them.
constexpr const char* kCityJson = R"({
  "database_type": "GeoIP2-City", "alias_ipv6_to_ipv4": false,
  "records": [
    {"network": "81.2.69.0/24", "data": {
      "city": {"geoname_id": 2643743, "names": {"de": "London", "en": "London"}},
      "continent": {"code": "EU", "geoname_id": 6255148, "names": {"en": "Europe"}},
      "country": {"geoname_id": 2635167, "iso_code": "GB", "names": {"en": "United Kingdom"}},
      "location": {"accuracy_radius": 10, "latitude": 51.5142, "longitude": -0.0931,
                   "metro_code": 501, "time_zone": "Europe/London"},
      "postal": {"code": "EC2V"},
      "registered_country": {"geoname_id": 2661886, "iso_code": "SE", "names": {"en": "Sweden"}},
      "represented_country": {"geoname_id": 6252001, "iso_code": "US",
                              "names": {"en": "United States"}, "type": "military"},
      "subdivisions": [
        {"geoname_id": 6269131, "iso_code": "ENG", "names": {"en": "England"}},
        {"geoname_id": 3333218, "iso_code": "WBK", "names": {"en": "West Berkshire"}}],
      "traits": {"is_anonymous_proxy": true, "is_satellite_provider": true}}},
    {"network": "2a02:cf40::/29", "data": {
      "country": {"geoname_id": 2750405, "iso_code": "NL", "names": {"en": "Netherlands"}},
      "location": {"latitude": 52.3824, "longitude": 4.8995},
      "subdivisions": []}},
    {"network": "89.160.20.0/24", "data": {
      "country": {"geoname_id": 2661886, "iso_code": "SE", "names": {"en": "Sweden"}}}},
    {"network": "67.43.156.0/24", "data": {
      "subdivisions": [
        {"iso_code": "CA", "names": {"en": "California"}},
        {"geoname_id": 5391959, "names": {"de": "San Francisco"}}]}},
    {"network": "175.16.199.0/24", "data": {
      "city": {"geoname_id": 4294967295},
      "continent": {"geoname_id": 2147483648},
      "country": {"geoname_id": 2147483647},
      "subdivisions": [{"geoname_id": 2147483648}, {"geoname_id": 7}],
      "traits": {"is_anonymous_proxy": false}}}
  ]})";

constexpr const char* kEnterpriseJson = R"({
  "database_type": "GeoIP2-Enterprise",
  "records": [
    {"network": "81.2.69.0/24", "data": {
      "country": {"geoname_id": 2635167, "iso_code": "GB", "names": {"en": "United Kingdom"}},
      "traits": {"autonomous_system_number": 3352,
                 "autonomous_system_organization": "TELEFONICA DE ESPANA",
                 "domain": "example.co.uk", "isp": "Telefonica", "organization": "Telefonica O2",
                 "is_anonymous_proxy": false, "is_satellite_provider": true}}},
    {"network": "1.2.3.0/24", "data": {"traits": {"autonomous_system_number": 4294967295}}}
  ]})";

class GeoDatabaseTest : public ::testing::Test {
 protected:
  std::shared_ptr<const GeoDatabase> Build(const std::string& json, const std::string& name) {
    const std::string path = dir_.File(name);
    base::Status made = MakeTestDatabase(json, path);
    EXPECT_TRUE(made.ok()) << made.message();
    base::Result<std::shared_ptr<const GeoDatabase>> database = GeoDatabase::Open(path);
    EXPECT_TRUE(database.ok()) << database.message();
    return database.ok() ? database.value() : nullptr;
  }

  // Field `index` of the entry of `address`, which must be found.
  GeoField Read(const GeoDatabase& database, const char* address, int index) {
    GeoField field;
    const std::optional<GeoEntry> entry = database.Lookup(address);
    EXPECT_TRUE(entry.has_value()) << address;
    if (entry) database.ReadField(*entry, index, &field);
    return field;
  }

  std::string OpenError(const std::string& path) {
    base::Result<std::shared_ptr<const GeoDatabase>> database = GeoDatabase::Open(path);
    EXPECT_FALSE(database.ok()) << path;
    return database.ok() ? "" : database.message();
  }

  TempDir dir_;
};

using Texts = std::vector<std::string_view>;
using Ints = std::vector<int32_t>;

TEST(GeoFieldTypeTest, TypesFollowTheProducerOrder) {
  using T = GeoFieldType;
  const T expected[kGeoFieldCount] = {
      T::kInt,    T::kString,     T::kString,  T::kInt,        T::kString, T::kString, T::kInt,
      T::kString, T::kDouble,     T::kDouble,  T::kInt,        T::kString, T::kString, T::kInt,
      T::kString, T::kString,     T::kString,  T::kInt,        T::kString, T::kString, T::kInt,
      T::kString, T::kStringList, T::kIntList, T::kStringList, T::kInt,    T::kString, T::kString,
      T::kString, T::kString,     T::kBoolean, T::kBoolean};
  for (int i = 0; i < kGeoFieldCount; ++i) EXPECT_EQ(GeoFieldTypeOf(i), expected[i]) << i;
}

TEST_F(GeoDatabaseTest, CityFieldsOfAnIpv4Address) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->database_type(), "GeoIP2-City");
  EXPECT_EQ(db->path(), dir_.File("city.mmdb"));
  const char* ip = "81.2.69.160";
  EXPECT_EQ(Read(*db, ip, kCityId).integer, 2643743);
  EXPECT_EQ(Read(*db, ip, kCityName).text, "London");
  EXPECT_EQ(Read(*db, ip, kContinentCode).text, "EU");
  EXPECT_EQ(Read(*db, ip, kContinentId).integer, 6255148);
  EXPECT_EQ(Read(*db, ip, kContinentName).text, "Europe");
  EXPECT_EQ(Read(*db, ip, kCountryCode).text, "GB");
  EXPECT_EQ(Read(*db, ip, kCountryId).integer, 2635167);
  EXPECT_EQ(Read(*db, ip, kCountryName).text, "United Kingdom");
  EXPECT_DOUBLE_EQ(Read(*db, ip, kLatitude).floating, 51.5142);
  EXPECT_DOUBLE_EQ(Read(*db, ip, kLongitude).floating, -0.0931);
  EXPECT_EQ(Read(*db, ip, kMetroCode).integer, 501);
  EXPECT_EQ(Read(*db, ip, kTimeZone).text, "Europe/London");
  EXPECT_EQ(Read(*db, ip, kMostSpecificCode).text, "WBK");
  EXPECT_EQ(Read(*db, ip, kMostSpecificId).integer, 3333218);
  EXPECT_EQ(Read(*db, ip, kMostSpecificName).text, "West Berkshire");
  EXPECT_EQ(Read(*db, ip, kPostalCode).text, "EC2V");
  EXPECT_EQ(Read(*db, ip, kRegisteredCode).text, "SE");
  EXPECT_EQ(Read(*db, ip, kRegisteredId).integer, 2661886);
  EXPECT_EQ(Read(*db, ip, kRegisteredName).text, "Sweden");
  EXPECT_EQ(Read(*db, ip, kRepresentedCode).text, "US");
  EXPECT_EQ(Read(*db, ip, kRepresentedId).integer, 6252001);
  EXPECT_EQ(Read(*db, ip, kRepresentedName).text, "United States");
  EXPECT_EQ(Read(*db, ip, kSubdivisionCodes).texts, (Texts{"ENG", "WBK"}));
  EXPECT_EQ(Read(*db, ip, kSubdivisionIds).integers, (Ints{6269131, 3333218}));
  EXPECT_EQ(Read(*db, ip, kSubdivisionNames).texts, (Texts{"England", "West Berkshire"}));
  for (int i = 0; i < kAsn; ++i) EXPECT_TRUE(Read(*db, ip, i).present) << i;
  // Enterprise-only fields are absent in City data; the booleans are as stored.
  for (int i = kAsn; i <= kOrganisation; ++i) EXPECT_FALSE(Read(*db, ip, i).present) << i;
  EXPECT_TRUE(Read(*db, ip, kAnonymousProxy).present);
  EXPECT_TRUE(Read(*db, ip, kAnonymousProxy).boolean);
  EXPECT_TRUE(Read(*db, ip, kSatelliteProvider).boolean);
}

TEST_F(GeoDatabaseTest, EnterpriseTraits) {
  auto db = Build(kEnterpriseJson, "enterprise.mmdb");
  ASSERT_NE(db, nullptr);
  const char* ip = "81.2.69.1";
  EXPECT_EQ(Read(*db, ip, kAsn).integer, 3352);
  EXPECT_EQ(Read(*db, ip, kAsOrganization).text, "TELEFONICA DE ESPANA");
  EXPECT_EQ(Read(*db, ip, kDomain).text, "example.co.uk");
  EXPECT_EQ(Read(*db, ip, kIsp).text, "Telefonica");
  EXPECT_EQ(Read(*db, ip, kOrganisation).text, "Telefonica O2");
  const GeoField proxy = Read(*db, ip, kAnonymousProxy);
  EXPECT_TRUE(proxy.present);
  EXPECT_FALSE(proxy.boolean);
  EXPECT_TRUE(Read(*db, ip, kSatelliteProvider).boolean);
  EXPECT_EQ(Read(*db, ip, kCountryCode).text, "GB");
  EXPECT_FALSE(Read(*db, ip, kCityName).present);
  // An ASN above 2^31-1 is absent.
  EXPECT_FALSE(Read(*db, "1.2.3.4", kAsn).present);
}

TEST_F(GeoDatabaseTest, Ipv6AndIpv4MappedAddresses) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Read(*db, "2a02:cf40::1", kCountryCode).text, "NL");
  EXPECT_EQ(Read(*db, "2A02:CF47:FFFF::0", kCountryName).text, "Netherlands");
  EXPECT_DOUBLE_EQ(Read(*db, "2a02:cf40::1", kLatitude).floating, 52.3824);
  EXPECT_EQ(Read(*db, "::ffff:81.2.69.160", kCityName).text, "London");
  EXPECT_EQ(Read(*db, "::ffff:5102:45a0", kCityName).text, "London");
  EXPECT_FALSE(db->Lookup("2a02:cf48::1").has_value());
}

TEST_F(GeoDatabaseTest, Ipv4OnlyDatabase) {
  auto db = Build(R"({"database_type": "GeoLite2-City", "ip_version": 4, "records": [
      {"network": "81.2.69.0/24", "data": {"country": {"iso_code": "GB"}}}]})",
                  "v4.mmdb");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Read(*db, "81.2.69.7", kCountryCode).text, "GB");
  EXPECT_EQ(Read(*db, "::ffff:81.2.69.7", kCountryCode).text, "GB");
  EXPECT_FALSE(db->Lookup("2a02:cf40::1").has_value());
}

TEST_F(GeoDatabaseTest, UnknownAndPrivateAddressesAreAbsent) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  for (const char* address : {"10.0.0.1", "192.168.1.1", "127.0.0.1", "81.2.70.1", "0.0.0.0",
                              "255.255.255.255", "::1", "::", "2001:db8::1", "fe80::1"}) {
    EXPECT_FALSE(db->Lookup(address).has_value()) << address;
  }
}

TEST_F(GeoDatabaseTest, BadTextIsAbsent) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Lookup("81.2.69.160").has_value());
  for (std::string_view text :
       {"", "81.2.69", "81.2.69.160.1", "81.2.69.256", " 81.2.69.160", "81.2.69.160 ",
        "[2a02:cf40::1]", "2a02:cf40::1%eth0", "localhost", "example.com", "81.2.69.160:80",
        "2a02:cf40:::1", "0x51.2.69.160"}) {
    EXPECT_FALSE(db->Lookup(text).has_value()) << text;
  }
  EXPECT_FALSE(db->Lookup(std::string_view("81.2.69.160\0x", 13)).has_value());
  EXPECT_FALSE(db->Lookup(std::string(100, '1')).has_value());
}

TEST_F(GeoDatabaseTest, EmptyOrMissingSubdivisions) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  for (const char* ip : {"2a02:cf40::1", "89.160.20.1"}) {  // [] and no key at all
    for (int list : {kSubdivisionCodes, kSubdivisionIds, kSubdivisionNames}) {
      const GeoField field = Read(*db, ip, list);
      EXPECT_TRUE(field.present) << ip << " " << list;
      EXPECT_TRUE(field.texts.empty() && field.integers.empty()) << ip << " " << list;
    }
    for (int last : {kMostSpecificCode, kMostSpecificId, kMostSpecificName}) {
      EXPECT_FALSE(Read(*db, ip, last).present) << ip << " " << last;
    }
    // Missing booleans are false, and present.
    const GeoField proxy = Read(*db, ip, kAnonymousProxy);
    EXPECT_TRUE(proxy.present && !proxy.boolean) << ip;
    const GeoField satellite = Read(*db, ip, kSatelliteProvider);
    EXPECT_TRUE(satellite.present && !satellite.boolean) << ip;
    EXPECT_FALSE(Read(*db, ip, kCityName).present) << ip;
  }
}

TEST_F(GeoDatabaseTest, SubdivisionsLackingThePropertyAreSkipped) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  const char* ip = "67.43.156.1";
  EXPECT_EQ(Read(*db, ip, kSubdivisionCodes).texts, (Texts{"CA"}));
  EXPECT_EQ(Read(*db, ip, kSubdivisionIds).integers, (Ints{5391959}));
  EXPECT_EQ(Read(*db, ip, kSubdivisionNames).texts, (Texts{"California"}));
  EXPECT_FALSE(Read(*db, ip, kMostSpecificCode).present);
  EXPECT_EQ(Read(*db, ip, kMostSpecificId).integer, 5391959);
  EXPECT_FALSE(Read(*db, ip, kMostSpecificName).present);
}

TEST_F(GeoDatabaseTest, UnsignedAboveInt32MaxIsAbsent) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  const char* ip = "175.16.199.1";
  EXPECT_FALSE(Read(*db, ip, kCityId).present);
  EXPECT_FALSE(Read(*db, ip, kContinentId).present);
  const GeoField country = Read(*db, ip, kCountryId);
  EXPECT_TRUE(country.present);
  EXPECT_EQ(country.integer, 2147483647);
  EXPECT_EQ(Read(*db, ip, kSubdivisionIds).integers, (Ints{7}));
  EXPECT_EQ(Read(*db, ip, kMostSpecificId).integer, 7);
  const GeoField proxy = Read(*db, ip, kAnonymousProxy);
  EXPECT_TRUE(proxy.present && !proxy.boolean);
}

TEST_F(GeoDatabaseTest, ValuesOfAnotherTypeAreAbsent) {
  auto db = Build(R"({"database_type": "GeoIP2-City",
      "types": {"geoname_id": "utf8_string", "time_zone": "uint32", "latitude": "float"},
      "records": [{"network": "81.2.69.0/24", "data": {
        "city": {"geoname_id": "2643743"}, "location": {"time_zone": 5, "latitude": 0.5}}}]})",
                  "types.mmdb");
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(Read(*db, "81.2.69.1", kCityId).present);
  EXPECT_FALSE(Read(*db, "81.2.69.1", kTimeZone).present);
  EXPECT_DOUBLE_EQ(Read(*db, "81.2.69.1", kLatitude).floating, 0.5);  // float widens
}

TEST_F(GeoDatabaseTest, ReadFieldResetsTheOutput) {
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  const std::optional<GeoEntry> london = db->Lookup("81.2.69.160");
  const std::optional<GeoEntry> sweden = db->Lookup("89.160.20.1");
  ASSERT_TRUE(london && sweden);
  GeoField field;
  db->ReadField(*london, kSubdivisionNames, &field);
  EXPECT_EQ(field.texts.size(), 2u);
  db->ReadField(*sweden, kSubdivisionNames, &field);
  EXPECT_TRUE(field.present && field.texts.empty());
  db->ReadField(*london, kCityName, &field);
  db->ReadField(*sweden, kCityName, &field);
  EXPECT_FALSE(field.present);
  EXPECT_TRUE(field.text.empty());
}

TEST_F(GeoDatabaseTest, GzipCompressedDatabase) {
  ASSERT_TRUE(MakeTestDatabase(kCityJson, dir_.File("city.mmdb")).ok());
  ASSERT_TRUE(testing::GzipFile(dir_.File("city.mmdb"), dir_.File("city.mmdb.gz")).ok());
  auto db = GeoDatabase::Open(dir_.File("city.mmdb.gz"));
  ASSERT_TRUE(db.ok()) << db.message();
  EXPECT_EQ(Read(**db, "81.2.69.160", kCityName).text, "London");
}

TEST_F(GeoDatabaseTest, CorruptGzipIsAnError) {
  ASSERT_TRUE(MakeTestDatabase(kCityJson, dir_.File("city.mmdb")).ok());
  ASSERT_TRUE(testing::GzipFile(dir_.File("city.mmdb"), dir_.File("city.mmdb.gz")).ok());
  std::string gzip;
  ASSERT_TRUE(testing::ReadFile(dir_.File("city.mmdb.gz"), &gzip).ok());
  const std::string truncated = dir_.File("truncated.mmdb.gz");
  ASSERT_TRUE(testing::WriteFile(truncated, gzip.substr(0, gzip.size() / 2)).ok());
  EXPECT_EQ(OpenError(truncated),
            "Failed to configure GeoIP database: " + truncated + ": truncated gzip data");
  std::string damaged = gzip;
  for (size_t i = 20; i < 60 && i < damaged.size(); ++i) damaged[i] = static_cast<char>(0xff);
  const std::string corrupt = dir_.File("corrupt.mmdb.gz");
  ASSERT_TRUE(testing::WriteFile(corrupt, damaged).ok());
  EXPECT_EQ(OpenError(corrupt).rfind(
                "Failed to configure GeoIP database: " + corrupt + ": corrupt gzip data: ", 0),
            0u)
      << OpenError(corrupt);
  const std::string plain = dir_.File("plain.mmdb.gz");
  ASSERT_TRUE(testing::WriteFile(plain, "not compressed at all").ok());
  EXPECT_EQ(OpenError(plain), "Failed to configure GeoIP database: " + plain + ": not gzip data");
}

TEST_F(GeoDatabaseTest, GarbageAndMissingFiles) {
  const std::string garbage = dir_.File("garbage.mmdb");
  ASSERT_TRUE(testing::WriteFile(garbage, std::string(4096, 'x')).ok());
  EXPECT_EQ(OpenError(garbage).rfind("Failed to configure GeoIP database: " + garbage + ": ", 0),
            0u);
  const std::string empty = dir_.File("empty.mmdb");
  ASSERT_TRUE(testing::WriteFile(empty, "").ok());
  EXPECT_EQ(OpenError(empty).rfind("Failed to configure GeoIP database: " + empty + ": ", 0), 0u);
  const std::string missing = dir_.File("missing.mmdb");
  EXPECT_EQ(OpenError(missing),
            "Failed to configure GeoIP database: " + missing + ": No such file or directory");
  EXPECT_EQ(OpenError(dir_.path()),
            "Failed to configure GeoIP database: " + dir_.path() + ": not a regular file");
}

TEST_F(GeoDatabaseTest, TruncatedDatabaseIsAnError) {
  ASSERT_TRUE(MakeTestDatabase(kCityJson, dir_.File("city.mmdb")).ok());
  std::string content;
  ASSERT_TRUE(testing::ReadFile(dir_.File("city.mmdb"), &content).ok());
  for (size_t keep : {content.size() / 2, content.size() - 100, size_t{100}}) {
    const std::string path = dir_.File("cut.mmdb");
    ASSERT_TRUE(testing::WriteFile(path, content.substr(0, keep)).ok());
    EXPECT_EQ(OpenError(path).rfind("Failed to configure GeoIP database: " + path + ": ", 0), 0u)
        << keep;
  }
}

TEST_F(GeoDatabaseTest, UnsupportedDatabaseType) {
  ASSERT_TRUE(MakeTestDatabase(R"({"database_type": "GeoLite2-Country", "records": []})",
                               dir_.File("country.mmdb"))
                  .ok());
  EXPECT_EQ(OpenError(dir_.File("country.mmdb")),
            "Unsupported GeoIP database type: GeoLite2-Country; a City or Enterprise database is "
            "required");
  auto reason = GeoDatabase::Load(dir_.File("country.mmdb"));
  ASSERT_FALSE(reason.ok());
  EXPECT_EQ(reason.message(),
            "Unsupported GeoIP database type: GeoLite2-Country; a City or Enterprise database is "
            "required");
  EXPECT_NE(Build(R"({"database_type": "DBIP-City-Lite", "records": []})", "dbip.mmdb"), nullptr);
}

TEST_F(GeoDatabaseTest, ArchivesAreRefusedWithAHint) {
  for (const char* name : {"GeoLite2-City.tar.gz", "GeoLite2-City.tgz", "GeoIP2-City.TAR.GZ"}) {
    const std::string path = dir_.File(name);
    ASSERT_TRUE(testing::WriteFile(path, "whatever").ok());
    const std::string error = OpenError(path);
    EXPECT_EQ(error.rfind("Failed to configure GeoIP database: " + path + ": archives", 0), 0u)
        << error;
    EXPECT_NE(error.find("extract the .mmdb file"), std::string::npos) << error;
  }
}

TEST_F(GeoDatabaseTest, LoadGivesTheBareReason) {
  auto missing = GeoDatabase::Load(dir_.File("missing.mmdb"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.message(), "No such file or directory");
}

TEST_F(GeoDatabaseTest, TheDatabaseIsACopyOfTheFile) {
  const std::string path = dir_.File("city.mmdb");
  auto db = Build(kCityJson, "city.mmdb");
  ASSERT_NE(db, nullptr);
  // Truncating the file in place would crash a reader that mapped it (SIGBUS).
  ASSERT_TRUE(testing::WriteFile(path, "").ok());
  EXPECT_EQ(Read(*db, "81.2.69.160", kCityName).text, "London");
}

}  // namespace
}  // namespace divolte::enrich
