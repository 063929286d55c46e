"""The RPM package (operations.md §8.2, §8.4), read with rpm's query options: exactly the archive
layout under /usr/share/divolte (bundled libraries included), /etc/divolte with %config(noreplace)
files, the unit, the log directory owned by divolte; user creation in %pre; no dependency on
(and no provision of) the libraries it bundles."""

import io
import os
import re
import subprocess
import tarfile

from packages import (GLIBC_FAMILY, LAYOUT_DIRS, LAYOUT_FILES, SOURCE_DIR, SYSTEMD_UNIT, TOP,
                      VERSION, ldd, package_file, relative_layout, tar_entries)

PREFIX = "/usr/share/divolte"
UNIT = "/usr/lib/systemd/system/divolte-collector.service"


def query(*options):
    return subprocess.run(["rpm", "--query", "--package", *options, package_file("rpm")],
                          check=True, capture_output=True, text=True).stdout


def test_file_list():
    paths = set(query("--list").splitlines())
    under_prefix = relative_layout(paths, PREFIX)
    expected = set(LAYOUT_FILES + LAYOUT_DIRS)
    assert expected <= under_prefix, f"missing: {sorted(expected - under_prefix)}"
    assert any(p.startswith("lib/lib") and ".so" in p for p in under_prefix)
    # The same files as the archives, no more.
    assert under_prefix == relative_layout(tar_entries(), TOP)
    assert paths - {PREFIX} - {f"{PREFIX}/{p}" for p in under_prefix} == {
        "/etc/divolte", "/etc/divolte/divolte-collector.conf", "/etc/divolte/divolte-env.sh",
        UNIT, "/var/log/divolte"}


def test_file_attributes():
    """Configuration files are %config(noreplace) (flags c and n); the log directory belongs to
    divolte."""
    flags = {}
    owners = {}
    for line in query("--queryformat",
                      "[%{FILENAMES} %{FILEFLAGS:fflags} %{FILEUSERNAME}:%{FILEGROUPNAME} "
                      "%{FILEMODES:perms}\n]").splitlines():
        path, flag, owner, mode = line.rsplit(" ", 3)
        flags[path] = flag
        owners[path] = (owner, mode)
    for config in ("/etc/divolte/divolte-collector.conf", "/etc/divolte/divolte-env.sh"):
        assert "c" in flags[config] and "n" in flags[config], (config, flags[config])
    assert query("--configfiles").split() == [
        "/etc/divolte/divolte-collector.conf", "/etc/divolte/divolte-env.sh"]
    assert owners["/var/log/divolte"] == ("divolte:divolte", "drwxr-x---")
    assert flags[UNIT] == "", "the unit is not configuration"
    assert owners[f"{PREFIX}/libexec/divolte-collector"][0] == "root:root"
    assert owners[f"{PREFIX}/bin/divolte-collector"][1] == "-rwxr-xr-x"


def test_scripts_create_the_user():
    scripts = query("--scripts")
    preinstall = scripts.split("preinstall scriptlet")[1].split("scriptlet")[0]
    assert re.search(r"groupadd --system divolte", preinstall), scripts
    assert re.search(r"useradd --system --gid divolte .*--shell /sbin/nologin", preinstall,
                     re.S), scripts


def payload():
    """The package's files as a tar archive (rpm2archive), opened."""
    with open(package_file("rpm"), "rb") as rpm:
        data = subprocess.run(["rpm2archive", "-"], stdin=rpm, check=True,
                              capture_output=True).stdout
    return tarfile.open(fileobj=io.BytesIO(data))


def test_unit():
    source = os.path.join(SOURCE_DIR, "packaging", "systemd", "divolte-collector.service")
    with open(source) as file:
        assert file.read() == SYSTEMD_UNIT
    with payload() as archive:
        assert archive.extractfile(f".{UNIT}").read().decode() == SYSTEMD_UNIT


def extract(tmp_path):
    """The payload unpacked under tmp_path; returns the installation directory in it."""
    with payload() as archive:
        archive.extractall(tmp_path)
    return str(tmp_path / PREFIX.lstrip("/"))


def test_installed_tree_is_self_contained(tmp_path):
    """Unpacked, the executable takes every non-glibc library from /usr/share/divolte/lib."""
    root = extract(tmp_path)
    resolved = ldd(os.path.join(root, "libexec", "divolte-collector"))
    assert None not in resolved.values(), resolved
    assert {name: path for name, path in resolved.items() if not GLIBC_FAMILY.match(name)} == {
        name: os.path.join(root, "lib", name) for name in os.listdir(os.path.join(root, "lib"))}
    result = subprocess.run([os.path.join(root, "bin", "divolte-collector"), "--version"],
                            capture_output=True, text=True)
    assert result.stdout == f"divolte-collector {VERSION}\n", result.stderr


def glibc_versions_needed(path):
    """{"libc.so.6(GLIBC_2.34)(64bit)", ...}: the glibc symbol versions an ELF file needs,
    spelled as rpm's requirements."""
    info = subprocess.run(["readelf", "--version-info", path], check=True, capture_output=True,
                          text=True).stdout
    needed, library = set(), None
    for line in info.splitlines():
        if match := re.search(r"File: (\S+)", line):
            library = match.group(1)
        elif (match := re.search(r"Name: (GLIBC_\S+)", line)) and GLIBC_FAMILY.match(library):
            needed.add(f"{library}({match.group(1)})(64bit)")
    return needed


def test_requirements(tmp_path):
    """No requirement on (nor provision of) a library the package bundles; every glibc symbol
    version the executable or a bundled library needs is required."""
    root = extract(tmp_path)
    bundled = os.listdir(os.path.join(root, "lib"))
    requires = set(query("--requires").splitlines())
    provides = query("--provides")
    for library in bundled:
        assert not any(r.startswith(library) for r in requires), f"requires its own {library}"
        assert library not in provides, f"provides its private {library}:\n{provides}"
    for path in [os.path.join(root, "libexec", "divolte-collector")] + [
            os.path.join(root, "lib", library) for library in bundled]:
        missing = glibc_versions_needed(path) - requires
        assert not missing, f"{path} needs {sorted(missing)}"
    assert "/usr/sbin/useradd" in requires
    assert query("--queryformat", "%{VERSION}-%{RELEASE}") == f"{VERSION}-1"
