"""The Kubernetes manifests of deploy/kubernetes against operations.md §9.2: probes, the timing
inequalities computed from the values in the manifests and in the collector configuration they
carry, ports, the configuration mount, memory sizing (§1.5), and a configuration that the real
binary accepts (docs/deployment/kubernetes.md)."""

import os
import re

import pytest
import yaml

from harness import run_binary

MANIFESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy",
                         "kubernetes")
CONFIG_KEY = "divolte-collector.conf"
# Time for a pod's removal from the endpoints to reach kube-proxy and the ingress controller.
PROPAGATION_S = 5
# Allowance for a sink that has nothing to wait for but its own queues.
QUEUE_DRAIN_S = 5
# operations.md §1.5: typical upper sizes of a queued event and a queued record; memory that does
# not depend on the queues (runtime, user-agent patterns, tag, caches).
EVENT_BYTES, RECORD_BYTES, BASELINE_BYTES = 3 * 1024, 1024, 256 * 1024 * 1024
# config.md §8: built-in defaults the tests fall back to.
KAFKA_MESSAGE_TIMEOUT_DEFAULT_MS = 120000
SINK_THREADS_DEFAULT = {"hdfs": 2, "gcs": 1, "kafka": 2, "gcps": 2}
BUFFER_SIZE_DEFAULT = 1048576


# ---- Reading: YAML manifests, the HOCON subset of the ConfigMap, durations, quantities ----

def load_manifests():
    """{kind: manifest} of every *.yaml except kustomization.yaml; each kind occurs once."""
    manifests = {}
    for name in sorted(os.listdir(MANIFESTS)):
        if not name.endswith(".yaml") or name == "kustomization.yaml":
            continue
        with open(os.path.join(MANIFESTS, name)) as stream:
            for document in yaml.safe_load_all(stream):
                assert document["kind"] not in manifests, document["kind"]
                manifests[document["kind"]] = document
    return manifests


HOCON_TOKEN = re.compile(r"""
    (?P<space>[ \t\r]+) | (?P<comment>(?:\#|//)[^\n]*) | (?P<newline>\n)
  | (?P<punct>[{}\[\],=:]) | (?P<substitution>\$\{\??[^}]+\}) | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<text>[^\s{}\[\],=:"\#$]+)""", re.X)


class HoconSubset:
    """The HOCON used by the ConfigMap (config.md §2): objects, `=`/`:`/`key {`, dotted keys,
    arrays, quoted and unquoted strings, values concatenated with spaces, comments, and
    `${?VAR}` (unset: the earlier value stays). Raises on anything else; the real parser's
    verdict on the same file comes from --check-config."""

    def __init__(self, text, environment):
        self.tokens = []
        position = 0
        while position < len(text):
            match = HOCON_TOKEN.match(text, position)
            assert match, f"unsupported HOCON at {text[position:position + 30]!r}"
            if match.lastgroup not in ("space", "comment"):
                self.tokens.append((match.lastgroup, match.group()))
            position = match.end()
        self.position = 0
        self.environment = environment

    def parse(self):
        root = {}
        self._object_body(root, closing=None)
        return root

    def _next(self):
        token = self.tokens[self.position] if self.position < len(self.tokens) else (None, None)
        self.position += 1
        return token

    def _peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def _object_body(self, target, closing):
        while True:
            kind, value = self._next()
            if kind == "newline" or value == ",":
                continue
            if value == closing:
                return
            assert kind in ("text", "quoted"), f"expected a key, found {value!r}"
            path = [value[1:-1]] if kind == "quoted" else value.split(".")
            kind, value = self._next()
            if value == "{":
                self._assign(target, path, self._object())
                continue
            assert value in ("=", ":"), f"expected = after {path}, found {value!r}"
            if self._peek()[1] == "{":
                self._next()
                self._assign(target, path, self._object())
            elif self._peek()[0] == "substitution":
                substitution = self._next()[1]
                assert substitution.startswith("${?"), f"unsupported {substitution}"
                name = substitution[3:-1]
                if name in self.environment:
                    self._assign(target, path, self.environment[name])
            else:
                self._assign(target, path, self._value())

    def _object(self):
        value = {}
        self._object_body(value, closing="}")
        return value

    def _value(self):
        if self._peek()[1] == "[":
            self._next()
            items = []
            while (token := self._next())[1] != "]":
                if token[0] in ("text", "quoted"):
                    items.append(self._scalar(*token))
                else:
                    assert token[0] == "newline" or token[1] == ",", f"unsupported {token}"
            return items
        parts = []
        while self._peek()[0] in ("text", "quoted"):
            parts.append(self._scalar(*self._next()))
        assert parts, f"no value at token {self.position}"
        return parts[0] if len(parts) == 1 else " ".join(str(part) for part in parts)

    @staticmethod
    def _scalar(kind, text):
        if kind == "quoted":
            return text[1:-1]
        if text in ("true", "false"):
            return text == "true"
        return int(text) if re.fullmatch(r"-?\d+", text) else text

    @staticmethod
    def _assign(target, path, value):
        for key in path[:-1]:
            target = target.setdefault(key, {})
        if isinstance(value, dict) and isinstance(target.get(path[-1]), dict):
            HoconSubset._assign_all(target[path[-1]], value)
        else:
            target[path[-1]] = value

    @staticmethod
    def _assign_all(target, values):
        for key, value in values.items():
            HoconSubset._assign(target, [key], value)


DURATION_UNITS = {1e-6: ("ns", "nano", "nanos", "nanosecond", "nanoseconds"),
                  1e-3: ("us", "micro", "micros", "microsecond", "microseconds"),
                  1: ("ms", "milli", "millis", "millisecond", "milliseconds"),
                  1000: ("s", "second", "seconds"), 60000: ("m", "minute", "minutes"),
                  3600000: ("h", "hour", "hours"), 86400000: ("d", "day", "days")}


def seconds(duration):
    """A HOCON duration (config.md §2.5): `<number>[ ]<unit>`, or a number of milliseconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", str(duration))
    assert match, f"not a duration: {duration!r}"
    number, unit = float(match.group(1)), match.group(2) or "ms"
    [factor] = [factor for factor, names in DURATION_UNITS.items() if unit in names]
    return number * factor / 1000


def quantity_bytes(quantity):
    """A Kubernetes memory quantity ("1Gi", "512Mi", "2G", "1048576")."""
    match = re.fullmatch(r"(\d+)([KMGT]i?)?", str(quantity))
    assert match, f"unsupported quantity {quantity!r}"
    number, suffix = int(match.group(1)), match.group(2) or ""
    power = " KMGT".index(suffix[:1] or " ")
    return number * (1024 if suffix.endswith("i") else 1000) ** power


def cpu_cores(quantity):
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


# ---- Fixtures ----

@pytest.fixture(scope="module")
def manifests():
    return load_manifests()


@pytest.fixture(scope="module")
def pod(manifests):
    return manifests["Deployment"]["spec"]["template"]


@pytest.fixture(scope="module")
def container(pod):
    [container] = pod["spec"]["containers"]
    return container


@pytest.fixture(scope="module")
def config_text(manifests):
    return manifests["ConfigMap"]["data"][CONFIG_KEY]


@pytest.fixture(scope="module")
def config(config_text):
    return HoconSubset(config_text, environment={}).parse()["divolte"]


def container_port(container, port):
    """A probe's or service's port (a name or a number) as a number."""
    if isinstance(port, int):
        return port
    [number] = [p["containerPort"] for p in container["ports"] if p.get("name") == port]
    return number


def env(container, name):
    return next((e["value"] for e in container.get("env", []) if e["name"] == name), None)


def drain_seconds(config):
    """Longest time a sink of the configuration can need after the mapper pool stops: a Kafka
    sink's final delivery attempt is bounded by its message timeout (sinks.md §6.5)."""
    drains = []
    for sink in config["sinks"].values():
        if sink["type"] == "kafka":
            producer = config["global"]["kafka"].get("producer", {})
            timeout_ms = producer.get("delivery", {}).get("timeout", {}).get("ms") or \
                producer.get("message", {}).get("timeout", {}).get("ms") or \
                KAFKA_MESSAGE_TIMEOUT_DEFAULT_MS
            drains.append(int(timeout_ms) / 1000)
        else:
            drains.append(QUEUE_DRAIN_S)
    return max(drains)


# ---- Tests ----

def test_kustomization_lists_every_manifest():
    with open(os.path.join(MANIFESTS, "kustomization.yaml")) as stream:
        kustomization = yaml.safe_load(stream)
    files = sorted(name for name in os.listdir(MANIFESTS)
                   if name.endswith(".yaml") and name != "kustomization.yaml")
    assert sorted(kustomization["resources"]) == files


def test_the_real_binary_accepts_the_configuration(config_text, tmp_path):
    conf_dir = tmp_path / "etc-divolte"
    conf_dir.mkdir()
    path = conf_dir / CONFIG_KEY
    path.write_text(config_text)
    # The broker list points at loopback so that the Kafka client does not resolve the
    # placeholder host name while the configuration is checked.
    environment = dict(os.environ, DIVOLTE_KAFKA_BROKER_LIST="127.0.0.1:9")
    environment.pop("DIVOLTE_CONF_DIR", None)
    result = run_binary(["--check-config", "--config", path], timeout=120, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration OK" in result.stdout
    # As mounted in the pod: found through DIVOLTE_CONF_DIR, without --config.
    environment["DIVOLTE_CONF_DIR"] = str(conf_dir)
    result = run_binary(["--check-config"], timeout=120, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Using configuration file: {path}" in result.stdout
    assert "Configuration OK" in result.stdout


def test_the_configuration_is_mounted_where_DIVOLTE_CONF_DIR_points(manifests, pod, container):
    conf_dir = env(container, "DIVOLTE_CONF_DIR")
    [mount] = [m for m in container["volumeMounts"] if m["mountPath"] == conf_dir]
    [volume] = [v for v in pod["spec"]["volumes"] if v["name"] == mount["name"]]
    assert volume["configMap"]["name"] == manifests["ConfigMap"]["metadata"]["name"]
    assert CONFIG_KEY in manifests["ConfigMap"]["data"]
    assert "subPath" not in mount  # a subPath mount would never see ConfigMap updates


def test_server_listens_on_the_container_port_behind_a_proxy(config, container, pod):
    server = config["global"]["server"]
    assert server["host"] == "0.0.0.0"
    assert server["use_x_forwarded_for"] is True
    [port] = container["ports"]
    assert port["containerPort"] == server["port"]
    annotations = pod["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert int(annotations["prometheus.io/port"]) == server["port"]
    assert annotations["prometheus.io/path"] == "/metrics"
    assert server.get("metrics", {}).get("enabled", True) is True
    # The default of io_threads counts the node's cores, not the container's CPU limit.
    assert 1 <= server["io_threads"] <= max(1, cpu_cores(container["resources"]["limits"]["cpu"]))


def test_readiness_is_ping_and_liveness_survives_a_graceful_shutdown(config, container, pod):
    readiness, liveness = container["readinessProbe"], container["livenessProbe"]
    assert readiness["httpGet"]["path"] == "/ping"
    assert container_port(container, readiness["httpGet"]["port"]) == \
        config["global"]["server"]["port"]
    grace = pod["spec"]["terminationGracePeriodSeconds"]
    delay = seconds(config["global"]["server"]["shutdown_delay"])
    tolerance = liveness.get("periodSeconds", 10) * liveness.get("failureThreshold", 3)
    if "tcpSocket" in liveness:
        assert container_port(container, liveness["tcpSocket"]["port"]) == \
            config["global"]["server"]["port"]
        # The listener closes after shutdown_delay; no liveness kill before the grace ends.
        assert tolerance >= grace - delay
    else:
        # /ping answers 503 from the signal on: only a generous threshold is acceptable.
        assert liveness["httpGet"]["path"] == "/ping"
        assert tolerance >= grace


def test_shutdown_delay_covers_readiness_detection_and_propagation(config, container):
    readiness = container["readinessProbe"]
    detection = (readiness.get("periodSeconds", 10) * readiness.get("failureThreshold", 3)
                 + readiness.get("timeoutSeconds", 1))
    delay = seconds(config["global"]["server"]["shutdown_delay"])
    print(f"shutdown_delay {delay:g} s >= readiness detection {detection} s + propagation "
          f"{PROPAGATION_S} s")
    assert delay >= detection + PROPAGATION_S


def test_grace_period_covers_delay_timeout_and_sink_drain(config, pod):
    server = config["global"]["server"]
    delay, timeout = seconds(server["shutdown_delay"]), seconds(server["shutdown_timeout"])
    drain = drain_seconds(config)
    grace = pod["spec"]["terminationGracePeriodSeconds"]
    print(f"terminationGracePeriodSeconds {grace} >= shutdown_delay {delay:g} + "
          f"shutdown_timeout {timeout:g} + drain {drain:g}")
    assert timeout <= 10  # small: beacons finish at once
    assert grace >= delay + timeout + drain


def test_full_queues_fit_in_the_memory_limit(config, container):
    limit = quantity_bytes(container["resources"]["limits"]["memory"])
    assert quantity_bytes(container["resources"]["requests"]["memory"]) == limit
    mapper = config["global"]["mapper"]
    mapper_threads = mapper.get("threads", 1)
    budget = BASELINE_BYTES + mapper_threads * mapper.get("duplicate_memory_size", 1000000) * 8
    budget += mapper_threads * mapper.get("buffer_size", BUFFER_SIZE_DEFAULT) * EVENT_BYTES
    for sink in config["sinks"].values():  # each sink has its own pool of threads and queues
        settings = config["global"].get(sink["type"], {})
        budget += (settings.get("threads", SINK_THREADS_DEFAULT[sink["type"]])
                   * settings.get("buffer_size", BUFFER_SIZE_DEFAULT) * RECORD_BYTES)
    print(f"memory budget with full queues {budget / 2**20:.0f} MiB "
          f"<= limit {limit / 2**20:.0f} MiB")
    assert budget <= limit


def test_service_ingress_and_disruption_budget_select_the_collectors(manifests, container, pod):
    labels = pod["metadata"]["labels"]
    deployment = manifests["Deployment"]["spec"]
    assert deployment["selector"]["matchLabels"].items() <= labels.items()
    assert deployment["replicas"] >= 2
    assert deployment["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    service = manifests["Service"]
    assert service["spec"]["selector"].items() <= labels.items()
    [service_port] = service["spec"]["ports"]
    assert container_port(container, service_port["targetPort"]) == \
        container["ports"][0]["containerPort"]
    assert manifests["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= \
        labels.items()
    ingress = manifests["Ingress"]
    assert ingress["metadata"]["annotations"][
        "nginx.ingress.kubernetes.io/upstream-hash-by"] == "$request_uri"
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"]
                for path in rule["http"]["paths"]]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"].get("name") == service_port["name"] or
               b["port"].get("number") == service_port["port"] for b in backends)


def test_the_subset_reader_and_the_duration_parser():
    config = HoconSubset('a { b.c = 20 seconds, d = "x:1" }\na.b { e = [1, "y"] }\n'
                         'a.d = ${?UNSET}\na.f = ${?SET}  # comment\n',
                         environment={"SET": "v"}).parse()
    assert config == {"a": {"b": {"c": "20 seconds", "e": [1, "y"]}, "d": "x:1", "f": "v"}}
    assert [seconds(d) for d in ("20 seconds", "5s", "750 ms", "1.5 minutes", "500")] == \
        [20, 5, 0.75, 90, 0.5]
    assert quantity_bytes("1Gi") == 2**30 and quantity_bytes("512M") == 512 * 10**6
