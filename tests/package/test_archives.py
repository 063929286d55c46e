"""The .tar.gz and .zip distributions (operations.md §8.1): the same files under
divolte-collector-<version>/, executables marked executable, the built-in schema, the
licences of what is bundled."""

import json
import os
import tarfile
import zipfile

from packages import (DEFAULT_SCHEMA, LAYOUT_DIRS, LAYOUT_FILES, SOURCE_DIR, TOP,
                      debian_package_of, ldd, package_file, relative_layout, tar_entries)

EXECUTABLES = {"bin/divolte-collector", "bin/mapping-test-server", "bin/avro-tools",
               "libexec/divolte-collector"}


def zip_entries():
    with zipfile.ZipFile(package_file("zip")) as archive:
        return {info.filename.rstrip("/"): info for info in archive.infolist()}


def check_layout(names):
    assert all(name == TOP or name.startswith(TOP + "/") for name in names), \
        sorted(n for n in names if not n.startswith(TOP + "/"))
    layout = relative_layout(names, TOP)
    missing = set(LAYOUT_FILES + LAYOUT_DIRS) - layout
    assert not missing, f"missing from the archive: {sorted(missing)}"
    libraries = {p for p in layout if p.startswith("lib/")}
    licences = {p for p in layout if p.startswith("share/doc/divolte-collector/licences/")}
    assert libraries and licences
    # Nothing beyond §8.1: bundled libraries and licence texts are the only open-ended parts.
    unexpected = layout - set(LAYOUT_FILES + LAYOUT_DIRS) - libraries - licences
    assert not unexpected, f"not in the layout of operations.md §8.1: {sorted(unexpected)}"
    return layout


def test_tarball_layout():
    entries = tar_entries()
    check_layout(entries)
    for path in EXECUTABLES:
        member = entries[f"{TOP}/{path}"]
        assert member.isfile() and member.mode & 0o111 == 0o111, path
    assert not any(member.issym() or member.islnk() for member in entries.values())


def test_zip_has_the_same_files_as_the_tarball():
    entries = zip_entries()
    assert check_layout(entries) == relative_layout(tar_entries(), TOP)
    for path in EXECUTABLES:
        mode = entries[f"{TOP}/{path}"].external_attr >> 16
        assert mode & 0o111 == 0o111, f"{path} is not executable in the zip ({oct(mode)})"


def test_default_schema_file_is_the_built_in_schema():
    with tarfile.open(package_file("tar.gz")) as archive:
        text = archive.extractfile(f"{TOP}/conf/DefaultEventRecord.avsc").read().decode()
    assert json.loads(text) == DEFAULT_SCHEMA
    assert text.count("\n") > len(DEFAULT_SCHEMA["fields"]), "not pretty-printed"


def test_shipped_files_are_the_sources():
    """README, LICENSE, NOTICE from the repository; regexes.yaml from Debian's uap-core."""
    sources = {
        "share/doc/divolte-collector/README.md": "README.md",
        "share/doc/divolte-collector/LICENSE": "LICENSE",
        "share/doc/divolte-collector/NOTICE": "NOTICE",
    }
    with tarfile.open(package_file("tar.gz")) as archive:
        for path, source in sources.items():
            with open(os.path.join(SOURCE_DIR, source), "rb") as file:
                assert archive.extractfile(f"{TOP}/{path}").read() == file.read(), path
        with open("/usr/share/uap-core/regexes.yaml", "rb") as file:
            shipped = archive.extractfile(f"{TOP}/share/uap-core/regexes.yaml").read()
            assert shipped == file.read()


def test_licences_cover_every_bundled_library():
    """licences/<package>.copyright for the Debian package of each library in lib/ and for
    uap-core, each the package's copyright file; and for header-only libraries compiled in."""
    layout = relative_layout(tar_entries(), TOP)
    licences = {os.path.basename(p) for p in layout
                if p.startswith("share/doc/divolte-collector/licences/")}
    needed = {"uap-core.copyright"}
    system_copies = ldd(os.environ["DIVOLTE_BIN"])  # the build tree's executable: no lib/
    for path in layout:
        if path.startswith("lib/"):
            needed.add(debian_package_of(system_copies[os.path.basename(path)]) + ".copyright")
    assert needed <= licences, f"missing: {sorted(needed - licences)}"
    # CLI11 and nlohmann-json are header-only: only their headers carry them into the binary.
    assert {"libcli11-dev.copyright", "nlohmann-json3-dev.copyright"} <= licences
    with tarfile.open(package_file("tar.gz")) as archive:
        text = archive.extractfile(
            f"{TOP}/share/doc/divolte-collector/licences/uap-core.copyright").read()
    with open("/usr/share/doc/uap-core/copyright", "rb") as file:
        assert text == file.read()
