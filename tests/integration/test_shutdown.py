"""Graceful shutdown (operations.md §4): /ping turns 503 during the shutdown delay while events
are still served, everything queued is written and published, and the process exits 0."""

import os
import signal
import socket
import time

from harness import GIF, VECTOR1_QUERY, Collector, http_get, parse_response, read_responses, wait_until


def test_shutdown_delay_keeps_serving_events_while_ping_answers_503():
    collector = Collector(Collector.default_config(
        extra="server { shutdown_delay = 2 seconds, shutdown_timeout = 5 seconds }")).start()
    assert http_get(collector.port, "/ping")[2] == b"pong"
    collector.process.send_signal(signal.SIGTERM)
    wait_until(lambda: collector.find_line("init graceful shutdown"), message="shutdown to begin")
    status, _, body = http_get(collector.port, "/ping")
    assert (status, body) == (503, b"No p*ng for you, shutting down")
    status, _, body = http_get(collector.port, "/csc-event?" + VECTOR1_QUERY)
    assert (status, body) == (200, GIF)
    assert collector.wait_exit() == 0
    assert collector.find_line("Waiting to let upstream know that we are shutting down")
    assert collector.find_line("Shutting down cleanly; all requests completed.")
    assert collector.find_line("Stopping all sinks.")
    assert len(collector.records()) == 1
    assert not collector.partial_files()


def test_shutdown_drains_queued_events_into_published_files():
    # A long sync interval and a huge roll interval: only shutdown can publish these records.
    collector = Collector(Collector.default_config(
        sink_extra=", sync_file_after_records = 100000, sync_file_after_duration = 1 hour, "
                   "roll_every = 1 day")).start()
    with socket.create_connection(("127.0.0.1", collector.port)) as connection:
        for i in range(300):
            connection.sendall(f"GET /csc-event?{VECTOR1_QUERY.replace('v=0', f'v={i}')} "
                               "HTTP/1.1\r\n\r\n".encode())
        assert len(read_responses(connection, 300)) == 300
    assert collector.published_files() == []
    assert collector.stop() == 0
    assert len(collector.records()) == 300
    assert not collector.partial_files()


def test_requests_in_progress_complete_and_new_connections_are_refused():
    collector = Collector(Collector.default_config(
        extra="server { shutdown_timeout = 10 seconds }")).start()
    slow = socket.create_connection(("127.0.0.1", collector.port))
    slow.sendall(f"GET /csc-event?{VECTOR1_QUERY} HTTP/1.1\r\n".encode())  # head incomplete
    idle = socket.create_connection(("127.0.0.1", collector.port))
    collector.process.send_signal(signal.SIGTERM)
    wait_until(lambda: collector.find_line("Waiting until all the connections are closed"))
    idle.settimeout(5)
    assert idle.recv(1) == b""  # idle keep-alive connections are closed
    slow.sendall(b"Host: x\r\n\r\n")
    [raw] = read_responses(slow, 1)
    status, headers, body = parse_response(raw)
    assert (status, body) == (200, GIF)
    assert ("Connection", "close") in headers
    assert collector.wait_exit() == 0
    assert len(collector.records()) == 1


def test_a_second_signal_forces_an_immediate_exit():
    collector = Collector(Collector.default_config(
        extra="server { shutdown_delay = 30 seconds }")).start()
    collector.process.send_signal(signal.SIGTERM)
    wait_until(lambda: collector.find_line("Waiting to let upstream know"))
    started = time.monotonic()
    collector.process.send_signal(signal.SIGINT)
    assert collector.wait_exit(timeout=10) == 1
    assert time.monotonic() - started < 10
    assert collector.find_line("Second termination signal during shutdown")
