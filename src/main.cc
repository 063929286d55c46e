// divolte-collector: parse the command line, load and validate the configuration, print every
// error, then build, start and run the collector until a termination signal (operations.md §3,
// §4, §7.1), or the mapping test tool (`mapping-test-server`, mapping.md §16), or the Avro file
// tools (`avro-tools`). Exit status: 0 clean shutdown / --check-config / --help / --version; 1
// configuration or start-up error; 2 command-line usage error.

#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "base/log.h"
#include "config/loader.h"
#include "server/collector.h"
#include "server/mapping_test_server.h"
#include "server/signals.h"
#include "tools/avro_tools.h"

namespace {

using divolte::base::Logger;

struct Flags {
  std::optional<std::string> config_file;
  std::vector<std::string> defines;
  std::string log_level;
  bool check_config = false;
  bool version = false;
  divolte::server::MappingTestToolOptions mapping_test;  // the mapping-test-server subcommand
  std::string avro_tool;                                 // the avro-tools subcommand
  std::string avro_file;
};

// The installation directory: the parent of the directory holding the executable.
std::string InstallationDir() {
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return executable.parent_path().parent_path().string();
}

int CountCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::thread::hardware_concurrency());
}

bool ConfigureLogging(const Flags& flags) {
  std::string level = flags.log_level;
  if (level.empty()) {
    const char* from_environment = std::getenv("DIVOLTE_LOG_LEVEL");
    level = from_environment != nullptr ? from_environment : "INFO";
  }
  const auto parsed = divolte::base::ParseLogLevel(level);
  if (!parsed) {
    std::cerr << "Invalid log level '" << level << "'; use TRACE, DEBUG, INFO, WARN or ERROR.\n";
    return false;
  }
  divolte::base::SetLogLevel(*parsed);
  return true;
}

std::optional<divolte::config::Config> LoadConfiguration(const Flags& flags, const Logger& log) {
  divolte::config::LoadOptions options;
  options.config_file = flags.config_file;
  options.defines = flags.defines;
  options.installation_dir = InstallationDir();
  options.available_cpus = CountCpus();
  divolte::config::LoadResult result = divolte::config::LoadConfig(options);
  for (const std::string& info : result.infos) log.Info("{}", info);
  for (const std::string& warning : result.warnings) log.Warn("{}", warning);
  if (!result.errors.empty()) {
    for (const std::string& error : result.errors) log.Error("{}", error);
    log.Error("There are configuration errors. Exiting server.");
    return std::nullopt;
  }
  return std::move(result.config);
}

// Every connection holds a file descriptor: the soft limit (often 1024) is raised to the hard
// limit so that a crowd of idle clients cannot make the listener refuse connections early.
void RaiseOpenFileLimit(const Logger& log) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const rlim_t before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    log.Warn("Could not raise the open file limit from {}: {}", before, std::strerror(errno));
    return;
  }
  log.Info("Raised the open file limit from {} to {}", before, limit.rlim_cur);
}

int Run(const Flags& flags) {
  const Logger log("Main");
  log.Info("divolte-collector {} (divolte-cpp)", DIVOLTE_VERSION);
  RaiseOpenFileLimit(log);
  const auto config = LoadConfiguration(flags, log);
  if (!config) return 1;
  using Mode = divolte::server::Collector::Mode;
  auto collector = divolte::server::Collector::Create(
      *config, flags.check_config ? Mode::kCheckOnly : Mode::kRun);
  if (!collector.ok()) {
    log.Error("{}", collector.message());
    log.Error("Startup failed: {}", collector.message());
    return 1;
  }
  if (flags.check_config) {
    std::cout << "Configuration OK" << std::endl;
    return 0;
  }
  divolte::server::Collector& running = **collector;
  // Never destroyed: its thread waits for signals until the process exits.
  auto* watcher =
      new divolte::server::SignalWatcher([&running] { return running.DescribePending(); });
  if (divolte::base::Status status = running.Start(); !status.ok()) {
    log.Error("{}", status.message());
    log.Error("Startup failed: {}", status.message());
    watcher->Disarm();
    return 1;
  }
  watcher->WaitForTermination();
  running.Shutdown();
  watcher->Disarm();
  return 0;
}

// The mapping-test-server subcommand. Options of the main command (--log-level, -D) may follow it.
CLI::App* AddMappingTestCommand(CLI::App& app, Flags& flags) {
  CLI::App* command = app.add_subcommand(
      "mapping-test-server", "answer POSTed test events with the record a mapping script makes");
  divolte::server::MappingTestToolOptions& options = flags.mapping_test;
  command->add_option("-s,--schema", options.schema_path, "Avro schema (.avsc)")->required();
  command->add_option("-m,--mapping", options.script_path, "mapping script")->required();
  command->add_option("-i,--host", options.server.host, "address or host name to listen on")
      ->capture_default_str();
  command->add_option("-p,--port", options.server.port, "port to listen on; 0: any free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  command->add_option("--config", flags.config_file, "configuration file (HOCON)");
  command->fallthrough();
  return command;
}

// The avro-tools subcommand (operations.md §7.1).
CLI::App* AddAvroToolsCommand(CLI::App& app, Flags& flags) {
  CLI::App* command = app.add_subcommand(
      "avro-tools", "print the records, schema, metadata or record count of an Avro file");
  command->add_option("command", flags.avro_tool, "tojson, getschema, getmeta or count")
      ->required()
      ->check(CLI::IsMember(divolte::tools::AvroToolCommands()));
  command->add_option("file", flags.avro_file, "an Avro object container file")->required();
  return command;
}

// The configuration supplies the mapper settings: the geolocation database and the user-agent
// parser (mapping.md §16).
int RunMappingTest(const Flags& flags) {
  divolte::server::MappingTestToolOptions options = flags.mapping_test;
  if (flags.config_file || !flags.defines.empty()) {
    const auto config = LoadConfiguration(flags, Logger("Main"));
    if (!config) return 1;
    options.mapper = config->global.mapper;
  }
  return divolte::server::RunMappingTestTool(options);
}

}  // namespace

int main(int argc, char** argv) {
  divolte::server::BlockTerminationSignals();
  divolte::base::SetThreadName("main");
  CLI::App app{"divolte-collector: a clickstream collector compatible with Divolte Collector"};
  Flags flags;
  app.add_option("--config", flags.config_file, "configuration file (HOCON)");
  app.add_option("-D,--define", flags.defines, "configuration override KEY=VALUE (repeatable)");
  app.add_option("--log-level", flags.log_level, "TRACE, DEBUG, INFO, WARN or ERROR");
  app.add_flag("--check-config", flags.check_config, "validate the configuration and exit");
  app.add_flag("--version", flags.version, "print the version and exit");
  const CLI::App* mapping_test = AddMappingTestCommand(app, flags);
  const CLI::App* avro_tools = AddAvroToolsCommand(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& error) {
    std::cerr << error.what() << "\n" << app.help();
    return 2;
  }
  if (flags.version) {
    std::cout << "divolte-collector " << DIVOLTE_VERSION << std::endl;
    return 0;
  }
  if (avro_tools->parsed()) {
    return divolte::tools::RunAvroTool(flags.avro_tool, flags.avro_file, std::cout, std::cerr);
  }
  if (!ConfigureLogging(flags)) return 2;
  const int status = mapping_test->parsed() ? RunMappingTest(flags) : Run(flags);
  std::cout.flush();
  return status;
}
