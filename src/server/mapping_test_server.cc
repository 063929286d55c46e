#include "server/mapping_test_server.h"

#include <netdb.h>
#include <sys/socket.h>

#include <iostream>

#include "base/log.h"
#include "mapping/script_mapping.h"
#include "server/enrichment_setup.h"
#include "server/signals.h"

namespace divolte::server {
namespace {

// The numeric address to bind for `host`. Names are resolved here because the HTTP server binds
// IP literals only; IPv4 is preferred, as Java's resolver does by default.
base::Result<std::string> ResolveBindAddress(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  if (const int error = getaddrinfo(host.c_str(), nullptr, &hints, &results); error != 0) {
    return base::Status::Error("Cannot resolve host '" + host + "': " + gai_strerror(error));
  }
  const addrinfo* chosen = results;
  for (const addrinfo* result = results; result != nullptr; result = result->ai_next) {
    if (result->ai_family == AF_INET) {
      chosen = result;
      break;
    }
  }
  char text[NI_MAXHOST];
  const int error = getnameinfo(chosen->ai_addr, chosen->ai_addrlen, text, sizeof text, nullptr, 0,
                                NI_NUMERICHOST);
  freeaddrinfo(results);
  if (error != 0) {
    return base::Status::Error("Cannot resolve host '" + host + "': " + gai_strerror(error));
  }
  return std::string(text);
}

std::string Url(const std::string& address, uint16_t port) {
  const bool ipv6 = address.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port) + "/";
}

}  // namespace

MappingTestServer::MappingTestServer(const avro::Schema& schema, const mapping::Mapping& mapping,
                                     MappingTestServerOptions options,
                                     const enrich::EnrichmentServices& enrichment)
    : options_(std::move(options)), handler_(schema, mapping, enrichment) {
  // Every path is the tool's (mapping.md §16); only POST carries a test event.
  router_.SetFallback({.path = "",
                       .owner = "the mapping test server",
                       .methods = {http::Verb::post},
                       .allow = "POST",
                       .handler = &handler_,
                       .stats = &route_stats_,
                       .max_body_bytes = kMaxTestBodyBytes});
}

MappingTestServer::~MappingTestServer() { Stop(); }

base::Status MappingTestServer::Start() {
  base::Result<std::string> address = ResolveBindAddress(options_.host);
  if (!address.ok()) return address.status();
  address_ = *address;
  // One I/O thread: requests come from a person trying a script, one at a time.
  server_ = std::make_unique<http::Server>(
      http::ServerOptions{.host = address_, .port = options_.port, .io_threads = 1}, router_,
      server_stats_);
  if (base::Status status = server_->Start(); !status.ok()) return status;
  base::Logger("MappingTestServer")
      .Info("Mapping test server listening on {}", Url(address_, server_->port()));
  return {};
}

void MappingTestServer::Stop() {
  if (server_) server_->Stop();
}

int RunMappingTestTool(const MappingTestToolOptions& options) {
  base::Result<avro::Schema> schema = avro::Schema::Load(options.schema_path);
  if (!schema.ok()) {
    std::cerr << schema.message() << std::endl;
    return 1;
  }
  auto mapping = mapping::ScriptMapping::Load(
      *schema, options.script_path,
      {.name = "mapping-test-server",
       .ip2geo_configured = options.mapper.ip2geo_database.has_value()});
  if (!mapping.ok()) {
    std::cerr << mapping.message() << std::endl;
    return 1;
  }
  auto enrichment = StartEnrichment(options.mapper, (*mapping)->UsesUserAgent());
  if (!enrichment.ok()) {
    std::cerr << enrichment.message() << std::endl;
    return 1;
  }
  MappingTestServer server(*schema, **mapping, options.server, enrichment->services());
  if (base::Status status = server.Start(); !status.ok()) {
    std::cerr << status.message() << std::endl;
    return 1;
  }
  // Never destroyed: its thread waits for signals until the process exits. Nothing is queued,
  // so a second signal loses nothing.
  auto* watcher = new SignalWatcher([] { return std::string("nothing"); });
  watcher->WaitForTermination();
  server.Stop();
  watcher->Disarm();
  return 0;
}

}  // namespace divolte::server
