"""The launchers of the .tar.gz distribution (operations.md §7.2), run from a fresh extraction:
installation found through symbolic links, configuration directory, divolte-env.sh,
divolte-collector.conf, DIVOLTE_JAVA_OPTS, the logback.xml notice, DIVOLTE_OPTS and the exec of
libexec/divolte-collector; and the extracted collector itself: its configuration example, its
bundled libraries and uap-core rules, HTTP."""

import json
import os
import shutil
import socket
import stat
import subprocess

import pytest

from packages import (GLIBC_FAMILY, VERSION, Launched, extract_tarball, http_exchange, ldd,
                      parse_response, ping)

# The environment of a launcher: nothing of the caller's Divolte settings leaks in.
BASE_ENV = {key: value for key, value in os.environ.items()
            if not key.startswith(("DIVOLTE_", "JAVA_"))}

JAVA_NOTICE = "ignoring DIVOLTE_JAVA_OPTS options"
LOGBACK_NOTICE = "logback.xml is ignored"

# Maps every field of DefaultEventRecord that has no default (schema.md §1).
MAPPING_SCRIPT = """mapping {
  map corrupt() onto 'detectedCorruption'
  map duplicate() onto 'detectedDuplicate'
  map firstInSession() onto 'firstInSession'
  map timestamp() onto 'timestamp'
  map clientTimestamp() onto 'clientTimestamp'
  map remoteHost() onto 'remoteHost'
  map eventType() onto 'eventType'
}
"""


@pytest.fixture
def installation(tmp_path):
    return extract_tarball(str(tmp_path / "extracted"))


def env(**variables):
    return dict(BASE_ENV, **variables)


def launcher(installation, name="divolte-collector"):
    return os.path.join(installation, "bin", name)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        file.write(text)
    return path


def use_example_configuration(installation):
    """conf/divolte-collector.conf.example copied to conf/divolte-collector.conf, as the
    example's comment tells an operator to do."""
    conf = os.path.join(installation, "conf")
    shutil.copy(os.path.join(conf, "divolte-collector.conf.example"),
                os.path.join(conf, "divolte-collector.conf"))
    return os.path.join(conf, "divolte-collector.conf")


def run(args, **variables):
    return subprocess.run(args, capture_output=True, text=True, env=env(**variables), timeout=60)


def replace_executable_with_argument_printer(installation):
    """libexec/divolte-collector becomes a script printing its arguments one per line, to see
    exactly what a launcher passes."""
    path = os.path.join(installation, "libexec", "divolte-collector")
    write(path, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n")
    os.chmod(path, 0o755)


def arguments(result):
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_version_through_the_launcher(installation):
    result = run([launcher(installation), "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"divolte-collector {VERSION}\n"
    assert result.stderr == ""


def test_installation_is_found_through_symbolic_links(installation, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    chain = tmp_path / "chain"
    elsewhere.mkdir()
    chain.mkdir()
    os.symlink(launcher(installation), elsewhere / "dc")  # absolute link
    os.symlink("../elsewhere/dc", chain / "divolte")  # relative link to a link
    result = run([str(chain / "divolte"), "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"divolte-collector {VERSION}\n"
    # Found on PATH: $0 is then the path the shell found.
    result = run(["divolte", "--version"], PATH=f"{chain}:{os.environ['PATH']}")
    assert result.stdout == f"divolte-collector {VERSION}\n", result.stderr


def test_launcher_arguments(installation, tmp_path):
    """Step by step: --config from the configuration directory, DIVOLTE_JAVA_OPTS translated
    (-Dconfig.file taking precedence), DIVOLTE_OPTS split into words without globbing, the
    script's own arguments last and intact."""
    replace_executable_with_argument_printer(installation)
    assert arguments(run([launcher(installation), "a b", "--log-level", "DEBUG"])) == [
        "a b", "--log-level", "DEBUG"]

    config = use_example_configuration(installation)
    assert arguments(run([launcher(installation), "x"])) == ["--config", config, "x"]
    # The executable takes one --config: the operator's, given explicitly, wins.
    assert arguments(run([launcher(installation), "--config", "/x.conf"],
                         DIVOLTE_JAVA_OPTS="-Dconfig.file=/c.conf")) == ["--config", "/x.conf"]
    assert arguments(run([launcher(installation)], DIVOLTE_OPTS="--config=/y.conf")) == [
        "--config=/y.conf"]

    (tmp_path / "matches-a-glob").write_text("")
    result = subprocess.run(
        [launcher(installation), "last arg"], capture_output=True, text=True, cwd=tmp_path,
        env=env(DIVOLTE_OPTS="-D divolte.x=* --log-level WARN",
                DIVOLTE_JAVA_OPTS="-Ddivolte.a.b=1 -Xmx1g -Dconfig.file=/c.conf -Dother=2 "
                                  "-XX:+UseG1GC -Ddivolte.c=x=y"))
    assert arguments(result) == [
        "--config", "/c.conf", "--define", "divolte.a.b=1", "--define", "divolte.c=x=y",
        "-D", "divolte.x=*", "--log-level", "WARN", "last arg"]
    notices = [line for line in result.stderr.splitlines() if JAVA_NOTICE in line]
    assert len(notices) == 1, result.stderr
    for ignored in ("-Xmx1g", "-Dother=2", "-XX:+UseG1GC"):
        assert ignored in notices[0]
    assert "divolte.a.b" not in notices[0]


def test_configuration_directory_with_spaces(installation, tmp_path):
    replace_executable_with_argument_printer(installation)
    conf_dir = tmp_path / "my conf"
    config = write(str(conf_dir / "divolte-collector.conf"), "divolte {}\n")
    write(str(conf_dir / "divolte-env.sh"), 'DIVOLTE_OPTS="--log-level ERROR"\n')
    assert arguments(run([launcher(installation)], DIVOLTE_CONF_DIR=str(conf_dir))) == [
        "--config", config, "--log-level", "ERROR"]


def test_subcommand_launchers(installation, tmp_path):
    """mapping-test-server gets the collector's configuration after its subcommand; avro-tools
    reads nothing of the configuration directory."""
    replace_executable_with_argument_printer(installation)
    conf_dir = tmp_path / "conf"
    config = write(str(conf_dir / "divolte-collector.conf"), "divolte {}\n")
    write(str(conf_dir / "divolte-env.sh"),
          'echo sourced >&2\nDIVOLTE_OPTS="--log-level WARN"\n')
    write(str(conf_dir / "logback.xml"), "<configuration/>\n")
    links = tmp_path / "links"
    links.mkdir()
    for name in ("mapping-test-server", "avro-tools"):
        os.symlink(launcher(installation, name), links / name)

    result = run([str(links / "mapping-test-server"), "-s", "s.avsc", "-m", "m.groovy"],
                 DIVOLTE_CONF_DIR=str(conf_dir), DIVOLTE_JAVA_OPTS="-Ddivolte.k=v")
    assert arguments(result) == ["mapping-test-server", "--config", config, "--define",
                                 "divolte.k=v", "--log-level", "WARN", "-s", "s.avsc", "-m",
                                 "m.groovy"]
    assert "sourced" in result.stderr and LOGBACK_NOTICE in result.stderr

    result = run([str(links / "avro-tools"), "count", "my file.avro"],
                 DIVOLTE_CONF_DIR=str(conf_dir), DIVOLTE_JAVA_OPTS="-Xmx1g -Ddivolte.k=v",
                 DIVOLTE_OPTS="--log-level WARN")
    assert arguments(result) == ["avro-tools", "count", "my file.avro"]
    assert result.stderr == ""


def test_logback_notice(installation, tmp_path):
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    assert run([launcher(installation), "--version"],
               DIVOLTE_CONF_DIR=str(conf_dir)).stderr == ""
    write(str(conf_dir / "logback.xml"), "<configuration/>\n")
    result = run([launcher(installation), "--version"], DIVOLTE_CONF_DIR=str(conf_dir))
    assert result.returncode == 0
    notices = result.stderr.splitlines()
    assert len(notices) == 1 and LOGBACK_NOTICE in notices[0], result.stderr
    assert str(conf_dir / "logback.xml") in notices[0] and "DIVOLTE_LOG_LEVEL" in notices[0]


def test_environment_file_variables_reach_the_collector(installation, tmp_path):
    """divolte-env.sh assigns without `export`, as Divolte's did; the collector still sees
    DIVOLTE_LOG_LEVEL."""
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    result = run([launcher(installation), "--check-config"], DIVOLTE_CONF_DIR=str(conf_dir))
    assert result.returncode == 0 and " INFO " in result.stdout, result.stdout
    write(str(conf_dir / "divolte-env.sh"), "DIVOLTE_LOG_LEVEL=WARN\n")
    result = run([launcher(installation), "--check-config"], DIVOLTE_CONF_DIR=str(conf_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration OK" in result.stdout and " INFO " not in result.stdout, result.stdout


def test_configuration_directory_and_environment_file(installation, tmp_path):
    """DIVOLTE_CONF_DIR's divolte-collector.conf is used and its divolte-env.sh sets DIVOLTE_OPTS
    (here the port); the launcher execs the executable (same process, so SIGTERM reaches it)."""
    conf_dir = tmp_path / "conf"
    config = write(str(conf_dir / "divolte-collector.conf"),
                   "divolte.global.server.host = 127.0.0.1\n")
    port = free_port()
    write(str(conf_dir / "divolte-env.sh"),
          f'DIVOLTE_OPTS="-D divolte.global.server.port={port}"\n')
    collector = Launched([launcher(installation)], env=env(DIVOLTE_CONF_DIR=str(conf_dir)))
    try:
        assert collector.wait_for_server() == port
        assert f"Using configuration file: {config}" in collector.stdout()
        assert os.readlink(f"/proc/{collector.process.pid}/exe") == os.path.realpath(
            os.path.join(installation, "libexec", "divolte-collector"))
        assert collector.cmdline()[1:] == [
            "--config", config, "-D", f"divolte.global.server.port={port}"]
        assert ping(port) == (200, b"pong")
    finally:
        assert collector.stop() == 0, collector.stdout()


def test_java_options(installation, tmp_path):
    """-Dconfig.file wins over the configuration directory's file, -Ddivolte.* is applied, a JVM
    flag earns one notice."""
    use_example_configuration(installation)
    other = write(str(tmp_path / "other.conf"), "divolte.global.server.host = 127.0.0.1\n")
    port = free_port()
    collector = Launched([launcher(installation)], env=env(
        DIVOLTE_JAVA_OPTS=f"-Dconfig.file={other} -Ddivolte.global.server.port={port} -Xmx1g"))
    try:
        assert collector.wait_for_server() == port
        assert f"Using configuration file: {other}" in collector.stdout()
        notices = [line for line in collector.stderr().splitlines() if JAVA_NOTICE in line]
        assert len(notices) == 1 and "-Xmx1g" in notices[0], collector.stderr()
        assert ping(port) == (200, b"pong")
    finally:
        assert collector.stop() == 0, collector.stdout()


def test_collector_runs_from_the_archive(installation):
    """The commented example configuration is valid; the collector uses it and the archive's
    uap-core rules, and answers over HTTP."""
    config = use_example_configuration(installation)
    result = run([launcher(installation), "--check-config"])
    assert result.returncode == 0 and "Configuration OK" in result.stdout, result.stdout

    collector = Launched([launcher(installation)],
                         env=env(DIVOLTE_OPTS="-D divolte.global.server.port=0"))
    try:
        port = collector.wait_for_server()
        log = collector.stdout()
        assert f"Using configuration file: {config}" in log
        regexes = os.path.join(installation, "share", "uap-core", "regexes.yaml")
        assert f"Using uap-core rules {regexes} " in log, log
        assert ping(port) == (200, b"pong")
    finally:
        assert collector.stop() == 0, collector.stdout()


def test_bundled_libraries_are_loaded_from_lib(installation):
    """Every library the executable loads, except the glibc family, is the copy in lib/, and
    lib/ holds nothing else."""
    lib = os.path.join(installation, "lib")
    bundled = sorted(os.listdir(lib))
    assert bundled, "lib/ is empty"
    resolved = ldd(os.path.join(installation, "libexec", "divolte-collector"))
    assert None not in resolved.values(), resolved
    outside = {name: path for name, path in resolved.items()
               if not GLIBC_FAMILY.match(name) and path != os.path.join(lib, name)}
    assert outside == {}
    loaded = sorted(name for name in resolved if not GLIBC_FAMILY.match(name))
    assert loaded == bundled
    for name in bundled:
        mode = os.stat(os.path.join(lib, name)).st_mode
        assert stat.S_ISREG(mode), f"lib/{name} is not a regular file"


def test_mapping_test_server_with_the_shipped_schema(installation, tmp_path):
    """bin/mapping-test-server serves a script on conf/DefaultEventRecord.avsc."""
    use_example_configuration(installation)
    script = write(str(tmp_path / "mapping.groovy"), MAPPING_SCRIPT)
    schema = os.path.join(installation, "conf", "DefaultEventRecord.avsc")
    tool = Launched([launcher(installation, "mapping-test-server"), "-s", schema, "-m", script,
                     "-i", "127.0.0.1", "-p", "0"], env=env())
    try:
        port = int(tool.wait_for_line(
            r"Mapping test server listening on http://127\.0\.0\.1:(\d+)/").group(1))
        body = json.dumps({"event_type": "packaged", "remote_host": "192.0.2.1"}).encode()
        raw = http_exchange(port, b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                            + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        status, _, content = parse_response(raw[0])
        assert status == 200, content
        record = json.loads(content)
        assert record["eventType"] == "packaged" and record["remoteHost"] == "192.0.2.1"
        assert list(record)[:3] == ["detectedDuplicate", "detectedCorruption", "firstInSession"]
    finally:
        assert tool.stop() == 0, tool.stdout() + tool.stderr()


def test_avro_tools_reads_a_file_with_the_shipped_schema(installation, tmp_path):
    """bin/avro-tools (operations.md §7.1) on a file python3-avro writes with
    conf/DefaultEventRecord.avsc, from another working directory."""
    import avro.datafile
    import avro.io
    import avro.schema
    with open(os.path.join(installation, "conf", "DefaultEventRecord.avsc")) as file:
        schema = avro.schema.parse(file.read())
    path = str(tmp_path / "events.avro")
    records = [{"detectedDuplicate": False, "detectedCorruption": False, "firstInSession": True,
                "timestamp": 1000 + i, "clientTimestamp": 2000 + i, "remoteHost": "192.0.2.1",
                "eventType": "pageView", "partyId": f"0:party{i}"} for i in range(3)]
    with open(path, "wb") as file:
        writer = avro.datafile.DataFileWriter(file, avro.io.DatumWriter(), schema, codec="deflate")
        for record in records:
            writer.append(record)
        writer.close()
    tool = launcher(installation, "avro-tools")
    count = subprocess.run([tool, "count", path], capture_output=True, text=True, cwd=tmp_path,
                           env=env(), timeout=60)
    assert (count.returncode, count.stdout) == (0, "3\n"), count.stderr
    lines = subprocess.run([tool, "tojson", path], capture_output=True, text=True, env=env(),
                           timeout=60).stdout.splitlines()
    assert [json.loads(line)["partyId"] for line in lines] == \
        [{"string": f"0:party{i}"} for i in range(3)]
    usage = subprocess.run([tool], capture_output=True, text=True, env=env(), timeout=60)
    assert usage.returncode == 2
