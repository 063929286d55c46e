"""The Debian package (operations.md §8.3, §8.4): its content and dependencies, and a real
installation in a throw-away overlay of this machine's root (deb_chroot.sh): user, log directory,
conffiles, unit; the installed collector run as its unit runs it answers over HTTP and stops
cleanly on SIGTERM; purge removes the user and /etc/divolte. Needs root."""

import io
import os
import subprocess
import tarfile

import pytest

from packages import (LAYOUT_DIRS, LAYOUT_FILES, SYSTEMD_UNIT, BUNDLED_PREFIXES, Launched,
                      package_file, ping, relative_layout)

PREFIX = "/usr/share/divolte"
SCRIPT = os.path.join(os.path.dirname(__file__), "deb_chroot.sh")
SYSTEM_FILES = {"/etc/divolte", "/etc/divolte/divolte-collector.conf",
                "/etc/divolte/divolte-env.sh", "/lib/systemd/system/divolte-collector.service",
                "/var/log/divolte"}


def deb_field(name):
    return subprocess.run(["dpkg-deb", "--field", package_file("deb"), name], check=True,
                          capture_output=True, text=True).stdout.strip()


def deb_paths():
    listing = subprocess.run(["dpkg-deb", "--contents", package_file("deb")], check=True,
                             capture_output=True, text=True).stdout
    return {line.split()[-1].lstrip(".").rstrip("/") for line in listing.splitlines()} - {""}


def test_content():
    """The layout of the archives under /usr/share/divolte without lib/ and share/uap-core,
    plus /etc/divolte, the unit and the log directory."""
    paths = deb_paths()
    layout = relative_layout(paths, PREFIX)
    expected = {p for p in LAYOUT_FILES + LAYOUT_DIRS if not (p + "/").startswith(
        BUNDLED_PREFIXES)}
    assert expected <= layout, f"missing: {sorted(expected - layout)}"
    licences = {p for p in layout if p.startswith("share/doc/divolte-collector/licences/")}
    assert layout - expected - licences == set()
    outside = {p for p in paths if not p.startswith(PREFIX)}
    parents = {"/etc", "/lib", "/lib/systemd", "/lib/systemd/system", "/usr", "/usr/share",
               "/var", "/var/log"}
    assert outside - parents == SYSTEM_FILES


def test_dependencies(tmp_path):
    """dpkg-shlibdeps' libraries, uap-core and adduser; no run-path into a lib/ it lacks."""
    depends = {d.strip().split(" ")[0] for d in deb_field("Depends").split(",")}
    assert {"uap-core", "adduser", "libc6", "librdkafka1", "libmaxminddb0"} <= depends, depends
    assert deb_field("Version") == f"{os.environ['DIVOLTE_VERSION']}-1"
    files = subprocess.run(["dpkg-deb", "--fsys-tarfile", package_file("deb")], check=True,
                           capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(files)) as archive:
        executable = archive.extractfile(f".{PREFIX}/libexec/divolte-collector").read()
    (tmp_path / "divolte-collector").write_bytes(executable)
    dynamic = subprocess.run(["readelf", "--dynamic", str(tmp_path / "divolte-collector")],
                             check=True, capture_output=True, text=True).stdout
    assert "NEEDED" in dynamic and "RPATH" not in dynamic and "RUNPATH" not in dynamic


def read(results, name):
    with open(os.path.join(results, name)) as file:
        return file.read()


@pytest.fixture
def host_without_divolte():
    """The installation must not leak onto the machine running the test."""
    def assert_clean():
        assert subprocess.run(["getent", "passwd", "divolte"]).returncode != 0
        assert not os.path.exists("/etc/divolte")
        assert not os.path.exists("/usr/share/divolte")
    assert os.geteuid() == 0, "the Debian package test installs into a chroot: run as root"
    assert_clean()
    yield
    assert_clean()


def test_install_run_purge(tmp_path, host_without_divolte):
    results = str(tmp_path)
    run = Launched(["unshare", "--mount", "--propagation", "private", "/bin/sh", SCRIPT,
                    package_file("deb"), results], stdin=True)
    try:
        port = run.wait_for_server()
        log = run.stdout()
        assert "Using configuration file: /etc/divolte/divolte-collector.conf" in log, log
        assert "Using uap-core rules /usr/share/uap-core/regexes.yaml " in log, log
        assert ping(port) == (200, b"pong")
    finally:
        run.send_line("stop")
        assert run.wait(timeout=120) == 0, run.stdout() + run.stderr()
    assert run.stdout().splitlines()[-1] == "DONE"

    assert read(results, "passwd").startswith("divolte:x:"), read(results, "passwd")
    assert read(results, "passwd").rstrip("\n").endswith(":/usr/sbin/nologin")
    assert read(results, "group").startswith("divolte:x:")
    assert read(results, "log-directory") == "divolte:divolte\n"
    conffiles = {line.split()[0] for line in read(results, "conffiles").splitlines()
                 if line.strip()}
    assert conffiles == {"/etc/divolte/divolte-collector.conf", "/etc/divolte/divolte-env.sh"}
    assert read(results, "unit") == SYSTEMD_UNIT
    assert read(results, "edited-conffile") == "# edited by the administrator\n"
    installed = set(read(results, "files").splitlines())
    assert SYSTEM_FILES <= installed
    assert f"{PREFIX}/libexec/divolte-collector" in installed

    uid, gid = read(results, "passwd").split(":")[2:4]
    assert read(results, "collector-ids") == f"{uid}:{gid}\n", "not run as divolte"
    assert read(results, "collector-exit-status") == "0\n"
    assert read(results, "passwd-after-purge") == ""
    assert read(results, "group-after-purge") == ""
    assert read(results, "etc-after-purge") == "absent\n"
