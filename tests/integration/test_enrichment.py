"""Enrichment in the real collector (issue 6): the default mapping's nine user-agent fields from
the uap-core rules, ip2geo() in a mapping script on a GeoIP2-City-shaped database built here with
tests/testutil/make_test_mmdb.pl, its live reload (rename onto the path, rewrite in place, a broken
file keeping the old database), and the start-up errors of enrich.md §3.1 and §4.1."""

import os
import subprocess

from geo_databases import make_database
from harness import (Collector, VECTOR1_QUERY, failed_start_log, send_beacon, wait_until,
                     with_params)

UA_FIELDS = ("userAgentName", "userAgentFamily", "userAgentVendor", "userAgentType",
             "userAgentVersion", "userAgentDeviceCategory", "userAgentOsFamily",
             "userAgentOsVersion", "userAgentOsVendor")

# enrich.md §3.5: three rows of the example table.
AGENTS = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1":
        ["Mobile Safari", "Safari", "Apple Inc.", "Mobile Browser", "17.1.2", "Smartphone", "iOS",
         "17.1.2", "Apple Computer, Inc."],
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":
        ["Googlebot", "Googlebot", "Google Inc.", "Robot", "2.1", "Other", "", "", ""],
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0":
        ["Firefox", "Firefox", "Mozilla Foundation", "Browser", "121.0", "Personal computer",
         "Linux", "", "Canonical Ltd."],
}

GEO_SCHEMA = """{
  "type": "record", "name": "GeoRecord", "namespace": "test",
  "fields": [
    {"name": "eventId", "type": "string"},
    {"name": "country", "type": ["null", "string"], "default": null},
    {"name": "city", "type": ["null", "string"], "default": null},
    {"name": "cityId", "type": ["null", "int"], "default": null},
    {"name": "latitude", "type": ["null", "double"], "default": null},
    {"name": "subdivisions", "type": ["null", {"type": "array", "items": "string"}],
     "default": null},
    {"name": "subdivisionIds", "type": ["null", {"type": "array", "items": "int"}],
     "default": null},
    {"name": "proxy", "type": ["null", "boolean"], "default": null},
    {"name": "otherCountry", "type": ["null", "string"], "default": null}
  ]
}"""

GEO_SCRIPT = """mapping {
  map eventId() onto 'eventId'
  def geo = ip2geo()
  map geo.countryCode() onto 'country'
  map geo.cityName() onto 'city'
  map geo.cityId() onto 'cityId'
  map geo.latitude() onto 'latitude'
  map geo.subdivisionCodes() onto 'subdivisions'
  map geo.subdivisionIds() onto 'subdivisionIds'
  map geo.anonymousProxy() onto 'proxy'
  map ip2geo(header('X-Lookup').first()).countryCode() onto 'otherCountry'
}
"""


def city(name, geoname_id, country, latitude, subdivisions=()):
    return {
        "city": {"geoname_id": geoname_id, "names": {"en": name}},
        "country": {"geoname_id": 1000 + geoname_id, "iso_code": country,
                    "names": {"en": country}},
        "location": {"latitude": latitude, "longitude": 4.5, "time_zone": "Europe/Amsterdam"},
        "subdivisions": [{"geoname_id": 10 + i, "iso_code": code, "names": {"en": code}}
                         for i, code in enumerate(subdivisions)],
    }


FIRST = [("203.0.113.0/24", city("Amsterdam", 2759794, "NL", 52.37, ["NH"])),
         ("2001:db8::/32", city("Utrecht", 2745912, "NL", 52.09, ["UT"])),
         ("198.51.100.0/24", city("Berlin", 2950159, "DE", 52.52))]
SECOND = [("203.0.113.0/24", city("Paris", 2988507, "FR", 48.85, ["IDF", "75"])),
          ("198.51.100.0/24", city("Berlin", 2950159, "DE", 52.52))]


def send(collector, event_id, headers):
    send_beacon(collector, with_params(VECTOR1_QUERY, e=event_id), headers)


def geo_collector(tmp_path, database):
    (tmp_path / "geo.avsc").write_text(GEO_SCHEMA)
    (tmp_path / "geo.groovy").write_text(GEO_SCRIPT)
    mapping = (f'schema_file = "{tmp_path / "geo.avsc"}"\n'
               f'mapping_script_file = "{tmp_path / "geo.groovy"}"')
    extra = (f'server.use_x_forwarded_for = true\n'
             f'mapper.ip2geo_database = "{database}"')
    return Collector(Collector.default_config(extra=extra, mapping_extra=mapping)).start()


def records_by_event(collector):
    return {record["eventId"]: record for record in collector.records()}


def test_default_mapping_fills_the_user_agent_fields():
    collector = Collector(Collector.default_config()).start()
    for number, agent in enumerate(AGENTS):
        send(collector, f"ua{number}", {"User-Agent": agent})
    send(collector, "none", {"User-Agent": ""})
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 4,
               message="four records")
    assert collector.stop() == 0
    records = {record["userAgentString"]: record for record in collector.records()}
    for agent, expected in AGENTS.items():
        assert [records[agent][name] for name in UA_FIELDS] == expected, agent
    # An empty header matches nothing (enrich.md §3.4).
    assert [records[""][name] for name in UA_FIELDS] == ["unknown", "unknown"] + [""] * 7
    assert "user-agent, " in collector.find_line("Using uap-core rules")


def test_ip2geo_fields_ipv4_ipv6_and_absent(tmp_path):
    database = str(tmp_path / "city.mmdb")
    make_database(database, FIRST)
    collector = geo_collector(tmp_path, database)
    send(collector, "v4", {"X-Forwarded-For": "203.0.113.9", "X-Lookup": "198.51.100.1"})
    send(collector, "v6", {"X-Forwarded-For": "2001:db8::7"})
    send(collector, "private", {"X-Forwarded-For": "10.1.2.3", "X-Lookup": "not an address"})
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 3,
               message="three records")
    assert collector.stop() == 0
    records = records_by_event(collector)
    v4 = records["v4"]
    assert (v4["country"], v4["city"], v4["cityId"]) == ("NL", "Amsterdam", 2759794)
    assert abs(v4["latitude"] - 52.37) < 1e-9
    assert v4["subdivisions"] == ["NH"] and v4["subdivisionIds"] == [10]
    assert v4["proxy"] is False
    assert v4["otherCountry"] == "DE"
    assert (records["v6"]["city"], records["v6"]["subdivisions"]) == ("Utrecht", ["UT"])
    private = records["private"]
    assert [private[name] for name in ("country", "city", "cityId", "latitude", "subdivisions",
                                       "subdivisionIds", "proxy", "otherCountry")] == [None] * 8


def reloads(collector, result):
    return collector.metric("divolte_ip2geo_reloads_total", result=result)


def test_live_reload_by_rename_and_in_place_and_a_broken_file_keeps_the_old(tmp_path):
    database = str(tmp_path / "city.mmdb")
    make_database(database, FIRST)
    collector = geo_collector(tmp_path, database)
    headers = {"X-Forwarded-For": "203.0.113.9"}
    send(collector, "before", headers)

    # A new file renamed onto the path, as `mv` after a download.
    make_database(str(tmp_path / "next.mmdb"), SECOND)
    os.rename(tmp_path / "next.mmdb", database)
    wait_until(lambda: reloads(collector, "success") == 1, timeout=20,
               message="the reload after the rename")
    # The log line may reach the pipe after the counter moved.
    wait_until(lambda: collector.find_line(f"Reloaded database: {database}"),
               message="the reload's log line")
    send(collector, "renamed", headers)

    # Broken bytes written in place: the database in use stays.
    with open(database, "r+b") as out:
        out.truncate(0)
        out.write(b"not a MaxMind database")
    wait_until(lambda: reloads(collector, "failure") == 1, timeout=20,
               message="the failed reload")
    wait_until(lambda: collector.find_line(f"Database modified but could not reload: {database}"),
               message="the failed reload's log line")
    send(collector, "broken", headers)

    # The first database written back in place (same inode).
    make_database(str(tmp_path / "first.mmdb"), FIRST)
    with open(tmp_path / "first.mmdb", "rb") as source, open(database, "r+b") as out:
        out.truncate(0)
        out.write(source.read())
    wait_until(lambda: reloads(collector, "success") == 2, timeout=20,
               message="the reload after the rewrite")
    send(collector, "rewritten", headers)
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 4,
               message="four records")
    assert collector.stop() == 0
    records = records_by_event(collector)
    assert [(records[e]["city"], records[e]["subdivisions"]) for e in
            ("before", "renamed", "broken", "rewritten")] == [
        ("Amsterdam", ["NH"]), ("Paris", ["IDF", "75"]), ("Paris", ["IDF", "75"]),
        ("Amsterdam", ["NH"])]


def test_gzipped_database(tmp_path):
    database = str(tmp_path / "city.mmdb")
    make_database(database, FIRST)
    subprocess.run(["gzip", database], check=True)
    collector = geo_collector(tmp_path, database + ".gz")
    send(collector, "gz", {"X-Forwarded-For": "203.0.113.9"})
    wait_until(lambda: collector.metric("divolte_mapping_records_total", mapping="default") == 1,
               message="one record")
    assert collector.stop() == 0
    assert records_by_event(collector)["gz"]["city"] == "Amsterdam"


def test_start_up_errors_name_the_file(tmp_path):
    missing = str(tmp_path / "missing.mmdb")
    log = failed_start_log(Collector.default_config(extra=f'mapper.ip2geo_database = "{missing}"'))
    assert f"Failed to configure GeoIP database: {missing}: " in log

    country = str(tmp_path / "country.mmdb")
    make_database(country, FIRST, database_type="GeoIP2-Country")
    log = failed_start_log(Collector.default_config(extra=f'mapper.ip2geo_database = "{country}"'))
    assert ("Unsupported GeoIP database type: GeoIP2-Country; a City or Enterprise database "
            "is required") in log

    regexes = str(tmp_path / "regexes.yaml")
    log = failed_start_log(Collector.default_config(
        extra=f'mapper.user_agent_parser.regexes_file = "{regexes}"'))
    assert f"divolte.global.mapper.user_agent_parser.regexes_file: {regexes}: no such file" in log
