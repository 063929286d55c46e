"""The parts of test_load_balancer.py: collectors on fixed ports, a real nginx in the foreground
with every path in its own directory, the test-side /ping health checker that drives nginx reloads,
and a load generator that remembers every beacon and its answer.

The collectors listen on fixed ports, because a restarted instance must come back where nginx
expects it. The ports are picked at runtime below the kernel's ephemeral range, so no client
socket can hold one while its instance restarts."""

import collections
import http.client
import os
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.parse

from browser_protocol import base36, checksum
from harness import Collector, wait_until

NGINX = "/usr/sbin/nginx"
CLIENT_ADDRESS = "127.0.0.3"  # where the test's clients connect from: what nginx sees
PROXY_ADDRESS = "127.0.0.2"   # where nginx connects to the collectors from (proxy_bind)
SHUTDOWN_DELAY_S = 3
SHUTDOWN_TIMEOUT_S = 2
CHECK_INTERVAL_S = 0.15       # health-check period of the test-side checker
CLIENT_TIMESTAMP = 1479222000000
HASH = "hash $request_uri consistent;"
ROUND_ROBIN = ""              # nginx's default balancing

NGINX_CONFIG = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$remote_addr "$request" $status $upstream_addr $upstream_status';
    access_log {dir}/access.log upstream;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    upstream divolte {{
        {balancing}
{servers}
        keepalive 64;
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass              http://divolte;
            proxy_http_version      1.1;
            proxy_set_header        Connection "";
            proxy_buffering         off;
            proxy_set_header        Host $http_host;
            proxy_set_header        X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header        X-Forwarded-Proto $scheme;
            proxy_pass_header       Server;
            proxy_next_upstream     error timeout http_503;
            proxy_connect_timeout   2s;
            proxy_bind              {proxy_address};
            add_header              X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def fixed_ports(count):
    """`count` distinct free loopback ports outside the ephemeral range."""
    with open("/proc/sys/net/ipv4/ip_local_port_range") as stream:
        ephemeral_low = int(stream.read().split()[0])
    candidates = range(10000, ephemeral_low) if ephemeral_low > 11000 else range(1024, 65536)
    ports = []
    for port in random.sample(candidates, min(len(candidates), 500)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise AssertionError("no free ports")


def beacon_target(page_view, party):
    """GET target of a browser beacon with a valid checksum; `page_view` is its unique id."""
    params = [("p", party), ("s", party.replace(":p", ":s")), ("v", page_view),
              ("e", page_view + "0"), ("c", base36(CLIENT_TIMESTAMP)), ("n", "f"), ("f", "f"),
              ("l", "https://www.example.com/lb"), ("t", "pageView")]
    return "/csc-event?" + "&".join(f"{name}={urllib.parse.quote(value, safe='')}"
                                    for name, value in params + [("x", checksum(params))])


def upstream_port(header):
    """The collector that answered: the last address of nginx's $upstream_addr."""
    if not header:
        return None
    return int(header.split(",")[-1].strip().rsplit(":", 1)[1])


def client_connection(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=15,
                                      source_address=(CLIENT_ADDRESS, 0))


class Instance:
    """One collector address (a fixed port) and its successive processes. Each process gets its
    own directories, so that every record can be attributed to one process lifetime."""

    def __init__(self, name, port, directory):
        self.name, self.port, self.directory = name, port, directory
        self.runs = []

    def start(self):
        config = Collector.default_config(extra=f"""
    server {{ port = {self.port}, use_x_forwarded_for = true,
              shutdown_delay = {SHUTDOWN_DELAY_S} seconds,
              shutdown_timeout = {SHUTDOWN_TIMEOUT_S} seconds }}
    hdfs {{ threads = 1 }}""")
        run = Collector(config, workdir=os.path.join(self.directory,
                                                     f"{self.name}{len(self.runs) + 1}"))
        self.runs.append(run)
        run.start()
        assert run.port == self.port
        return run

    @property
    def current(self):
        return self.runs[-1]

    def kill(self):
        for run in self.runs:
            if run.process and run.process.poll() is None:
                run.process.kill()
                run.process.wait()


class Nginx:
    """A real nginx in the foreground, every path inside its own directory."""

    def __init__(self, directory, port, upstream_ports, balancing):
        self.dir, self.port = directory, port
        self.upstream_ports, self.balancing = upstream_ports, balancing
        self.conf = os.path.join(directory, "nginx.conf")
        self.process = None
        os.makedirs(directory, exist_ok=True)

    def write_config(self, down=()):
        servers = "\n".join(f"        server 127.0.0.1:{port}{' down' if port in down else ''};"
                            for port in self.upstream_ports)
        text = NGINX_CONFIG.format(user="user root;\n" if os.geteuid() == 0 else "",
                                   dir=self.dir, balancing=self.balancing, servers=servers,
                                   port=self.port, proxy_address=PROXY_ADDRESS)
        with open(self.conf + ".new", "w") as stream:
            stream.write(text)
        os.replace(self.conf + ".new", self.conf)

    def command(self, *args):
        return [NGINX, "-p", self.dir, "-c", self.conf, *args]

    def start(self):
        self.write_config()
        with open(os.path.join(self.dir, "stderr.log"), "w") as stderr:
            self.process = subprocess.Popen(self.command("-g", "daemon off;"),
                                            stdout=subprocess.DEVNULL, stderr=stderr)
        wait_until(lambda: self.accepts() or self.process.poll() is not None,
                   timeout=20, message="nginx to listen")
        assert self.process.poll() is None, "nginx exited:\n" + self.errors()
        return self

    def accepts(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def reload(self):
        result = subprocess.run(self.command("-s", "reload"), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    def errors(self):
        text = ""
        for name in ("stderr.log", "error.log"):
            path = os.path.join(self.dir, name)
            if os.path.exists(path):
                with open(path) as stream:
                    text += stream.read()
        return text

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def ping(port):
    """Status of GET /ping on a collector, or None when it does not answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/ping")
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


class HealthChecker:
    """What operators run beside open-source nginx, which has no active health checks: every
    CHECK_INTERVAL_S it asks each instance's /ping directly; an instance that does not answer 200
    (503 from the start of a graceful shutdown, or no answer) is marked `down` in the upstream
    block, one that answers 200 again is marked up; every change rewrites the configuration and
    reloads nginx."""

    def __init__(self, nginx, ports):
        self.nginx = nginx
        self.healthy = {port: True for port in ports}
        self.changes = []  # (time, port, healthy)
        self.error = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread.ident is not None:
            self._thread.join(timeout=15)

    def _run(self):
        try:
            while not self._stop.is_set():
                for port in self.healthy:
                    healthy = ping(port) == 200
                    if healthy != self.healthy[port]:
                        self.healthy[port] = healthy
                        self.nginx.write_config(
                            down=[p for p, ok in self.healthy.items() if not ok])
                        self.nginx.reload()
                        with self._lock:
                            self.changes.append((time.time(), port, healthy))
                self._stop.wait(CHECK_INTERVAL_S)
        except Exception as error:  # reported by the test
            self.error = error

    def changed(self, port, healthy, since):
        """Time of the first change of `port` to `healthy` after `since`, else None."""
        assert self.error is None, f"health checker failed: {self.error!r}"
        with self._lock:
            return next((at for at, p, ok in self.changes
                         if p == port and ok == healthy and at >= since), None)


Answer = collections.namedtuple("Answer", "page_view status upstream at")


class LoadGenerator:
    """Threads sending unique beacons through nginx as fast as they can, each on its own keep-alive
    connection. Every request keeps its unique page-view id, the status nginx answered (None for
    no answer) and the collector that answered."""

    def __init__(self, port, threads=4):
        self.port = port
        self.answers = [[] for _ in range(threads)]
        self.resent = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(index,), daemon=True)
                         for index in range(threads)]

    def start(self):
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            if thread.ident is not None:
                thread.join(timeout=30)

    def _run(self, index):
        connection = client_connection(self.port)
        party = f"0:i1t84hgy:p{index}"
        sequence = 0
        while not self._stop.is_set():
            page_view = f"0:load{index}n{sequence}"
            sequence += 1
            status, upstream = self._get(connection, beacon_target(page_view, party))
            self.answers[index].append(Answer(page_view, status, upstream, time.time()))
        connection.close()

    def _get(self, connection, target):
        """One beacon. As browsers do, a request that fails on a reused keep-alive connection
        without any answer (closed while idle, as the old workers of a reloading nginx do) is sent
        once more on a new connection."""
        for attempt in range(2):
            reused = connection.sock is not None
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                return response.status, upstream_port(response.getheader("X-Upstream"))
            except (ConnectionError, http.client.BadStatusLine) as error:
                connection.close()
                if not reused or attempt == 1:
                    return None, repr(error)
                self.resent += 1
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                return None, repr(error)

    def all_answers(self):
        return [answer for answers in self.answers for answer in list(answers)]

    def count(self, port, since=0.0, until=float("inf")):
        """Beacons answered 200 by the collector on `port` within [since, until)."""
        return sum(1 for answer in self.all_answers()
                   if answer.status == 200 and answer.upstream == port
                   and since <= answer.at < until)


def assert_nothing_dropped(run):
    """Scrapes /metrics of a running collector: events arrived and none was dropped."""
    samples = run.metrics()

    def total(name):
        values = [value for (sample, _), value in samples.items() if sample == name]
        assert values, f"no {name} series"
        return sum(values)

    assert total("divolte_events_received_total") > 0
    for name in ("divolte_events_dropped_total", "divolte_sink_dropped_total",
                 "divolte_mapping_failures_total", "divolte_events_rejected_total"):
        assert total(name) == 0, name


def stop_all(runs):
    """SIGTERM to every run at once (their shutdown delays overlap), then clean exits."""
    for run in runs:
        run.process.send_signal(signal.SIGTERM)
    for run in runs:
        assert run.wait_exit() == 0, run.log()
        assert run.find_line("Shutting down cleanly; all requests completed."), run.log()
        assert not run.find_line("Shutdown lost"), run.log()
