"""Shared helpers of the package tests: where the packages built by the package.build_* fixtures
are, the layout operations.md §8.1 prescribes, and a process runner that collects a launcher's
output and waits for log lines with a deadline."""

import glob
import os
import re
import signal
import subprocess
import sys
import tarfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
import harness  # noqa: E402  (the end-to-end suites' helpers)

# Re-exported for the package tests, which import only this module.
DEFAULT_SCHEMA = harness.DEFAULT_SCHEMA
http_exchange = harness.http_exchange
http_get = harness.http_get
parse_response = harness.parse_response
wait_until = harness.wait_until

PACKAGES_DIR = os.environ.get("DIVOLTE_PACKAGES_DIR", "")
VERSION = os.environ.get("DIVOLTE_VERSION", "")
SOURCE_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))

# The glibc family: never bundled (operations.md §8.1, cmake/PackagingInstall.cmake).
GLIBC_FAMILY = re.compile(r"^(libc|libm|libpthread|libdl|librt|libresolv)\.so(\..*)?$|^ld-linux")

# operations.md §8.1, relative to the installation directory (lib/ and licences/ are checked to
# be non-empty separately: their content depends on the build machine).
LAYOUT_FILES = [
    "bin/divolte-collector", "bin/mapping-test-server", "bin/avro-tools",
    "libexec/divolte-collector",
    "conf/divolte-env.sh.example", "conf/divolte-collector.conf.example",
    "conf/DefaultEventRecord.avsc",
    "share/uap-core/regexes.yaml",
    "share/doc/divolte-collector/README.md", "share/doc/divolte-collector/LICENSE",
    "share/doc/divolte-collector/NOTICE",
]
LAYOUT_DIRS = ["bin", "libexec", "lib", "conf", "share", "share/uap-core", "share/doc",
               "share/doc/divolte-collector", "share/doc/divolte-collector/licences"]
# Only in the self-contained distributions (archives and RPM), not in the Debian package.
BUNDLED_PREFIXES = ("lib/", "share/uap-core/")

# operations.md §8.4, verbatim.
SYSTEMD_UNIT = """[Unit]
Description=Divolte clickstream collector
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=divolte
Group=divolte
Environment=DIVOLTE_CONF_DIR=/etc/divolte
ExecStart=/usr/share/divolte/bin/divolte-collector
KillSignal=SIGTERM
TimeoutStopSec=180
Restart=on-failure
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
"""


def package_file(kind):
    """The one package of `kind` (tar.gz, zip, deb, rpm) that the fixtures built."""
    assert PACKAGES_DIR, "DIVOLTE_PACKAGES_DIR is not set (run through ctest)"
    names = {
        "tar.gz": f"divolte-collector-{VERSION}.tar.gz",
        "zip": f"divolte-collector-{VERSION}.zip",
        "deb": f"divolte-collector_{VERSION}-1_*.deb",
        "rpm": f"divolte-collector-{VERSION}-1.*.rpm",
    }
    found = glob.glob(os.path.join(PACKAGES_DIR, "*", names[kind]))
    assert len(found) == 1, f"expected one {names[kind]} under {PACKAGES_DIR}, found {found}"
    return found[0]


TOP = f"divolte-collector-{VERSION}"  # the archives' top directory


def tar_entries():
    """{path without trailing slash: TarInfo} of the .tar.gz."""
    with tarfile.open(package_file("tar.gz")) as archive:
        return {member.name.rstrip("/"): member for member in archive.getmembers()}


def extract_tarball(destination):
    """Extracts the .tar.gz into `destination`; returns the installation directory."""
    with tarfile.open(package_file("tar.gz")) as archive:
        archive.extractall(destination)
    return os.path.join(destination, TOP)


def relative_layout(paths, prefix):
    """Paths under `prefix`, relative to it, without trailing slashes."""
    prefix = prefix.rstrip("/") + "/"
    return {p[len(prefix):].rstrip("/") for p in paths if p.startswith(prefix) and p != prefix}


def ldd(path):
    """{library name: resolved path or None} of `path`, as the dynamic loader resolves it."""
    output = subprocess.run(["ldd", path], check=True, capture_output=True, text=True).stdout
    libraries = {}
    for line in output.splitlines():
        match = re.match(r"\s*(\S+) => (not found|(\S+) \(0x[0-9a-f]+\))", line)
        if match:
            path = match.group(3)
            libraries[match.group(1)] = os.path.normpath(path) if path else None
    return libraries


def debian_package_of(path):
    """The Debian binary package owning `path` (trying both sides of the merged /usr)."""
    real = os.path.realpath(path)
    for candidate in (path, real, "/usr" + path, "/usr" + real, re.sub("^/usr", "", real)):
        result = subprocess.run(["dpkg-query", "--search", candidate], capture_output=True,
                                text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0]
    raise AssertionError(f"no Debian package owns {path}")


class Launched:
    """A process started through a launcher, with standard output and error collected apart."""

    def __init__(self, args, env=None, cwd=None, stdin=False):
        """`stdin`: give the process a pipe for send_line (otherwise /dev/null)."""
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                        env=env, cwd=cwd, text=True)
        self._lock = threading.Lock()
        self.out, self.err = [], []
        self._threads = [threading.Thread(target=self._pump, args=(stream, lines), daemon=True)
                         for stream, lines in ((self.process.stdout, self.out),
                                               (self.process.stderr, self.err))]
        for thread in self._threads:
            thread.start()

    def _pump(self, stream, lines):
        for line in stream:
            with self._lock:
                lines.append(line.rstrip("\n"))

    def send_line(self, line):
        """Writes one line to the process's standard input, then closes it."""
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it exited already; wait() reports how

    def stdout(self):
        with self._lock:
            return "\n".join(self.out)

    def stderr(self):
        with self._lock:
            return "\n".join(self.err)

    def wait_for_line(self, pattern, timeout=30):
        """The first match of `pattern` in standard output; fails when the process exits first
        or the deadline passes."""
        regex = re.compile(pattern)

        def found():
            with self._lock:
                for line in self.out:
                    if match := regex.search(line):
                        return match
            return None

        wait_until(lambda: found() or self.process.poll() is not None, timeout=timeout,
                   message=f"'{pattern}' in the output")
        match = found()
        if match is None:
            self.wait(timeout=10)
            raise AssertionError(f"exited with {self.process.returncode} before '{pattern}':\n"
                                 f"{self.stdout()}\n{self.stderr()}")
        return match

    def wait_for_server(self):
        """The port of the collector's "Starting server on host:port" log line."""
        return int(self.wait_for_line(r"Starting server on [^ ]+:(\d+)$").group(1))

    def wait(self, timeout=60):
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"did not exit:\n{self.stdout()}\n{self.stderr()}")
        for thread in self._threads:
            thread.join(timeout=5)
        return code

    def stop(self):
        """SIGTERM, then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.wait()

    def cmdline(self):
        """The arguments of the running process (the executable, after the launcher's exec)."""
        with open(f"/proc/{self.process.pid}/cmdline", "rb") as file:
            return [arg.decode() for arg in file.read().split(b"\0")[:-1]]


def ping(port):
    """Status and body of GET /ping."""
    status, _, body = http_get(port, "/ping")
    return status, body
