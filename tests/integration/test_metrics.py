"""/metrics against known traffic (issue 8, operations.md §5): every family of the table is
exported with its type; the histograms (HTTP request duration, event processing latency, mapping
duration, sink delivery latency) count exactly the requests, events, mappings and records sent; the
user-agent cache counts its hits and misses; the geolocation database reports its build time; the
process metrics describe the collector process. Scraped over real HTTP from the real binary."""

import re
import time

import pytest

from geo_databases import make_database
from harness import (Collector, VECTOR1_QUERY, http_get, parse_metrics, scaled, wait_until,
                     with_params)

EVENTS = 40
USER_AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "curl/8.4.0",
]
PINGS = 3

# operations.md §5: every family and its type ("histogram" families also have _bucket etc.).
FAMILIES = {
    "divolte_build_info": "gauge",
    "divolte_shutting_down": "gauge",
    "divolte_http_requests_total": "counter",
    "divolte_http_request_duration_seconds": "histogram",
    "divolte_http_x_forwarded_for_invalid_total": "counter",
    "divolte_events_received_total": "counter",
    "divolte_events_rejected_total": "counter",
    "divolte_events_dropped_total": "counter",
    "divolte_events_processed_total": "counter",
    "divolte_events_corrupt_total": "counter",
    "divolte_events_duplicate_total": "counter",
    "divolte_mapping_records_total": "counter",
    "divolte_mapping_discarded_total": "counter",
    "divolte_mapping_failures_total": "counter",
    "divolte_mapping_conversion_failures_total": "counter",
    "divolte_mapping_duration_seconds": "histogram",
    "divolte_mapper_queue_depth": "gauge",
    "divolte_mapper_queue_capacity": "gauge",
    "divolte_event_processing_latency_seconds": "histogram",
    "divolte_sink_enqueued_total": "counter",
    "divolte_sink_dropped_total": "counter",
    "divolte_sink_delivered_total": "counter",
    "divolte_sink_failures_total": "counter",
    "divolte_sink_retries_total": "counter",
    "divolte_sink_pending_records": "gauge",
    "divolte_sink_paused": "gauge",
    "divolte_sink_queue_depth": "gauge",
    "divolte_sink_queue_capacity": "gauge",
    "divolte_sink_delivery_latency_seconds": "histogram",
    "divolte_file_sink_files_published_total": "counter",
    "divolte_file_sink_publish_failures_total": "counter",
    "divolte_file_sink_syncs_total": "counter",
    "divolte_user_agent_cache_hits_total": "counter",
    "divolte_user_agent_cache_misses_total": "counter",
    "divolte_user_agent_reloads_total": "counter",
    "divolte_ip2geo_reloads_total": "counter",
    "divolte_ip2geo_database_build_timestamp_seconds": "gauge",
    "process_cpu_seconds_total": "counter",
    "process_resident_memory_bytes": "gauge",
    "process_virtual_memory_bytes": "gauge",
    "process_open_fds": "gauge",
    "process_max_fds": "gauge",
    "process_start_time_seconds": "gauge",
}
BUCKETS = ["0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
           "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "300", "+Inf"]


SCRAPES = []  # the scrapes done so far, each before the next starts


def scrape(port):
    status, _, body = http_get(port, "/metrics")
    assert status == 200
    SCRAPES.append(body)
    return body.decode()


def histogram(samples, name, **labels):
    """(buckets {le: cumulative count}, count, sum) of one labelled histogram."""
    wanted = set(labels.items())
    buckets = {dict(l)["le"]: v for (n, l), v in samples.items()
               if n == name + "_bucket" and wanted <= set(l) and
               set(l) - {("le", dict(l)["le"])} == wanted}
    count = samples[(name + "_count", frozenset(wanted))]
    total = samples[(name + "_sum", frozenset(wanted))]
    return buckets, count, total


def check_histogram(samples, name, expected_count, **labels):
    buckets, count, total = histogram(samples, name, **labels)
    assert list(buckets) == BUCKETS, (name, list(buckets))
    values = [buckets[le] for le in BUCKETS]
    assert values == sorted(values), f"{name}{labels}: buckets not cumulative: {values}"
    assert values[-1] == count == expected_count, (name, labels, count, expected_count)
    assert total >= 0
    return buckets, total


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("metrics")
    database = tmp / "City.mmdb"
    written_after = time.time()
    make_database(database, [("81.2.69.0/24", {"city": {"names": {"en": "London"}}})])
    written_before = time.time()
    # Every record synced at once, so that delivery (and its latency) happens while running.
    collector = Collector(Collector.default_config(
        extra=f'mapper.ip2geo_database = "{database}"',
        sink_extra=", sync_file_after_records = 1")).start()
    started = time.time()
    try:
        for i in range(EVENTS):
            query = with_params(VECTOR1_QUERY, e=f"0%3Aevent{i}")
            status, _, _ = http_get(collector.port, "/csc-event?" + query,
                                    f"User-Agent: {USER_AGENTS[i % len(USER_AGENTS)]}\r\n")
            assert status == 200
        for _ in range(PINGS):
            assert http_get(collector.port, "/ping")[0] == 200
        assert http_get(collector.port, "/no/such/path")[0] == 404

        def delivered():
            samples = parse_metrics(scrape(collector.port))
            return samples.get(("divolte_sink_delivered_total",
                                frozenset({("sink", "files")})), 0) == EVENTS
        wait_until(delivered, timeout=30, message="every record delivered")
        first = scrape(collector.port)
        timed_in_first = histogram(parse_metrics(first), "divolte_http_request_duration_seconds",
                                   route="metrics")[1]
        timed_later = []

        def first_scrape_timed():
            timed_later.append(histogram(parse_metrics(scrape(collector.port)),
                                         "divolte_http_request_duration_seconds",
                                         route="metrics")[1])
            return timed_later[-1] > timed_in_first
        wait_until(first_scrape_timed, timeout=10, message="the first scrape timed")
        # Each scrape counts only responses already written: at most the scrapes before it.
        assert timed_later[-1] <= len(SCRAPES) - 1
    finally:
        assert collector.stop() == 0, collector.log()
    return {"first": first, "scrapes_timed": (timed_in_first, timed_later[-1]),
            "samples": parse_metrics(first),
            "database_written": (written_after, written_before), "started": started,
            "collector": collector}


def test_every_family_of_the_table_is_exported_with_its_type(run):
    types = dict(re.findall(r"^# TYPE (\S+) (\S+)$", run["first"], re.MULTILINE))
    missing = {name: kind for name, kind in FAMILIES.items() if types.get(name) != kind}
    assert missing == {}, {name: types.get(name) for name in missing}


def test_http_request_durations_count_every_response_written(run):
    samples = run["samples"]
    requests = {dict(l)["route"]: 0 for (n, l), _ in samples.items()
                if n == "divolte_http_requests_total"}
    for (name, labels), value in samples.items():
        if name == "divolte_http_requests_total":
            requests[dict(labels)["route"]] += value
    assert requests["event"] == EVENTS
    assert requests["ping"] == PINGS
    assert requests["not_found"] == 1
    for route in ("event", "ping", "not_found"):
        _, total = check_histogram(samples, "divolte_http_request_duration_seconds",
                                   requests[route], route=route)
        assert total < requests[route] * 1.0, route  # each well under a second on loopback
    # A scrape is timed once its response is written: never counted by itself, and counted by a
    # later scrape (its write completion may trail the client's reading by a moment).
    assert run["scrapes_timed"][0] < run["scrapes_timed"][1]


def test_event_and_mapping_histograms_count_every_event(run):
    samples = run["samples"]
    assert samples[("divolte_events_processed_total", frozenset({("source", "browser")}))] == EVENTS
    check_histogram(samples, "divolte_event_processing_latency_seconds", EVENTS, source="browser")
    assert samples[("divolte_mapping_records_total",
                    frozenset({("mapping", "default")}))] == EVENTS
    check_histogram(samples, "divolte_mapping_duration_seconds", EVENTS, mapping="default")


def test_sink_delivery_latency_counts_every_delivered_record(run):
    samples = run["samples"]
    buckets, total = check_histogram(samples, "divolte_sink_delivery_latency_seconds", EVENTS,
                                     sink="files")
    # Synced record by record on an idle machine: delivered within seconds of arrival.
    assert buckets["10"] == EVENTS
    assert samples[("divolte_file_sink_syncs_total", frozenset({("sink", "files")}))] == EVENTS


def test_user_agent_cache_counts_one_miss_per_distinct_agent(run):
    samples = run["samples"]
    assert samples[("divolte_user_agent_cache_misses_total", frozenset())] == len(USER_AGENTS)
    assert samples[("divolte_user_agent_cache_hits_total", frozenset())] == \
        EVENTS - len(USER_AGENTS)
    assert samples[("divolte_user_agent_reloads_total", frozenset({("result", "success")}))] == 0


def test_geo_database_reports_its_build_time(run):
    build = run["samples"][("divolte_ip2geo_database_build_timestamp_seconds", frozenset())]
    after, before = run["database_written"]
    assert int(after) <= build <= before
    date = time.strftime("%Y-%m-%d", time.gmtime(build))
    line = run["collector"].find_line("Loaded GeoIP database:")
    assert line is not None and line.endswith(f"(GeoIP2-City, built {date})"), line


def test_process_metrics_describe_the_collector(run):
    samples = run["samples"]

    def value(name):
        return samples[(name, frozenset())]
    assert value("process_resident_memory_bytes") > 1 << 20
    assert value("process_virtual_memory_bytes") >= value("process_resident_memory_bytes")
    assert 0 < value("process_cpu_seconds_total") < 600
    assert value("process_open_fds") >= 4  # standard streams and the listener at least
    assert value("process_max_fds") >= value("process_open_fds")
    # Started before the "Starting server" line was read (at most the start-up time, which
    # sanitizer builds stretch), and not after it (clock ticks: 10 ms).
    assert run["started"] - scaled(30) <= value("process_start_time_seconds") <= run["started"] + 1
    version = [dict(l)["version"] for (n, l), v in samples.items()
               if n == "divolte_build_info" and v == 1]
    assert len(version) == 1 and re.match(r"^\d+\.\d+\.\d+", version[0])
