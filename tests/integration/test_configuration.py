"""Configuration loading as a user meets it: errors name file, line and key and are all listed
together; features that have not landed fail start-up; environment and --define overrides."""

import os
import re
import socket

from harness import Collector, http_get
import harness


def run_binary(*args, env=None, timeout=30):
    result = harness.run_binary(args, timeout=timeout, env=dict(os.environ, **(env or {})))
    return result.returncode, result.stdout + result.stderr


def write_config(tmp_path, text):
    path = tmp_path / "divolte-collector.conf"
    path.write_text(text)
    return str(path)


def test_every_configuration_error_is_listed_with_file_line_and_key(tmp_path):
    path = write_config(tmp_path, """divolte {
  global {
    server {
      prot = 8290
      shutdown_timeout = 3 fortnights
    }
    mapper { threads = 0 }
  }
}
""")
    code, output = run_binary("--config", path)
    assert code == 1
    assert f"Unknown property 'divolte.global.server.prot' ({path}:4)" in output
    assert "Property 'divolte.global.server.shutdown_timeout'" in output
    assert "Could not parse time unit 'fortnights'" in output
    assert f"({path}:5)" in output
    assert "Property 'divolte.global.mapper.threads'" in output
    assert "There are configuration errors. Exiting server." in output
    assert "Starting server" not in output


def test_independent_validation_errors_are_reported_together(tmp_path):
    path = write_config(tmp_path, """divolte.global.server.port = 65536
divolte.sources {
  a { type = browser, prefix = /web, party_cookie = "my cookie" }
  b { type = browser, prefix = /web/, javascript.name = tag.txt }
  j { type = json, event_path = /ping }
  shared { type = json, event_path = /s }
}
divolte.sinks { shared.type = hdfs, out.type = hdfs }
divolte.mappings.m { sources = [a, b, j, ghost], sinks = [out] }
""")
    code, output = run_binary("--config", path)
    assert code == 1
    for message in [
            "Property 'divolte.global.server.port' must be between 0 and 65535. "
            f"Found: '65536' ({path}:1).",
            "Property 'divolte.sources.a.party_cookie' must be an RFC 6265 token. "
            f"Found: 'my cookie' ({path}:3).",
            "Property 'divolte.sources.b.javascript.name' must match ^[A-Za-z0-9_-]+\\.js$. "
            f"Found: 'tag.txt' ({path}:4).",
            "Property 'divolte.mappings' references undefined sources or sinks: [ghost].",
            "Property 'divolte' has sources and sinks with the same name: [shared].",
            "Property 'divolte.sources' has browser sources with the same prefix: [a, b].",
            "Property 'divolte.sources' has routes with the same path '/ping': [/ping, j].",
            "There are configuration errors. Exiting server."]:
        assert message in output, message
    assert "Starting server" not in output


def test_features_that_have_not_landed_fail_startup(tmp_path):
    path = write_config(tmp_path, """divolte.global.gcps.enabled = true
divolte.global.gcs.enabled = true
""")
    code, output = run_binary("--config", path)
    assert code == 1
    assert output.count("is not supported yet") >= 2
    assert "divolte.global.gcs.enabled" in output
    assert "divolte.global.gcps.enabled" in output


def test_missing_config_file_is_an_error(tmp_path):
    code, output = run_binary("--config", str(tmp_path / "absent.conf"))
    assert code == 1
    assert "absent.conf" in output


def test_built_in_defaults_are_valid(tmp_path):
    code, output = run_binary("--check-config", env={"DIVOLTE_CONF_DIR": str(tmp_path)})
    assert code == 0, output
    assert "No configuration file found; using built-in defaults." in output
    assert "Configuration OK" in output


def test_usage_errors_exit_2():
    assert run_binary("--no-such-flag")[0] == 2
    code, output = run_binary("--version")
    assert code == 0 and re.search(r"divolte-collector \d+\.\d+\.\d+", output)


def test_port_comes_from_the_environment_and_defines_override_the_file():
    config = Collector.default_config().replace("port = 0", "")
    collector = Collector(config, env={"DIVOLTE_PORT": "0"}).start()
    assert collector.port not in (0, 8290)
    assert http_get(collector.port, "/ping")[2] == b"pong"
    assert collector.stop() == 0

    overridden = Collector(Collector.default_config().replace("port = 0", "port = 1"),
                           extra_args=["-D", "divolte.global.server.port=0"]).start()
    assert overridden.port not in (0, 1)
    assert overridden.stop() == 0


def test_unusable_sink_directories_fail_startup(tmp_path):
    collector = Collector(Collector.default_config(), workdir=str(tmp_path))
    os.rmdir(collector.working)
    collector.start(expect_port=False)
    assert collector.wait_exit() == 1
    assert collector.find_line(
        f"Working directory for in-flight AVRO records does not exist: {collector.working}")
    assert collector.find_line("Startup failed:")


def test_a_port_in_use_fails_startup():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        collector = Collector(Collector.default_config().replace("port = 0", f"port = {port}"))
        collector.start(expect_port=False)
        assert collector.wait_exit() == 1
        assert collector.find_line("Startup failed:")
