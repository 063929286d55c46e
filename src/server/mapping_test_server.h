#pragma once

// The mapping test tool (mapping.md §16, operations.md §7.1): `divolte-collector
// mapping-test-server` loads a schema and a mapping script and answers POSTed test events with
// the record the script makes of them. MappingTestServer is its HTTP side, built on any Mapping
// (so it is tested with the built-in one); RunMappingTestTool is the whole tool. Both are used
// from the main thread; requests are handled on the server's I/O thread.

#include <cstdint>
#include <memory>
#include <string>

#include "avro/schema.h"
#include "base/status.h"
#include "config/config.h"
#include "enrich/thread_enrichment.h"
#include "http/route_stats.h"
#include "http/router.h"
#include "http/server.h"
#include "mapping/mapping.h"
#include "server/mapping_test_handler.h"

namespace divolte::server {

struct MappingTestServerOptions {
  // An IP literal or a host name; a name binds to its first IPv4 address, else its first address.
  std::string host = "localhost";
  uint16_t port = 8390;  // 0: any free port (see port())
};

class MappingTestServer {
 public:
  // `schema` (the mapping's), `mapping` and the services of `enrichment` must outlive the server.
  MappingTestServer(const avro::Schema& schema, const mapping::Mapping& mapping,
                    MappingTestServerOptions options,
                    const enrich::EnrichmentServices& enrichment = {});
  ~MappingTestServer();

  // Resolves the host, binds and starts serving; logs the URL it listens on (with the bound port)
  // at INFO. Fails with the reason (unknown host, address in use).
  base::Status Start();
  // After Start: the bound address and port.
  const std::string& address() const { return address_; }
  uint16_t port() const { return server_ ? server_->port() : 0; }
  // Closes the listener and every connection. Idempotent.
  void Stop();

 private:
  MappingTestServerOptions options_;
  MappingTestHandler handler_;
  http::RouteStats route_stats_{"mapping_test", ""};
  http::ServerStats server_stats_;
  http::Router router_;
  std::string address_;
  std::unique_ptr<http::Server> server_;
};

struct MappingTestToolOptions {
  std::string schema_path;  // --schema
  std::string script_path;  // --mapping
  MappingTestServerOptions server;
  // divolte.global.mapper of --config: the ip2geo database and the user-agent parser settings.
  config::MapperConfig mapper;
};

// Loads the schema and the script, serves until SIGTERM or SIGINT, then stops. Problems with the
// schema or the script go to standard error, every line of them. Returns the exit status: 0 after
// a signal, 1 when loading or binding fails. REQUIRES: BlockTerminationSignals() has run.
int RunMappingTestTool(const MappingTestToolOptions& options);

}  // namespace divolte::server
