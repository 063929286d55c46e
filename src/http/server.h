#pragma once

// Server: the HTTP/1.1 listener and its I/O threads (operations.md §1.1). One acceptor hands new
// connections round-robin to the I/O threads; each thread runs its own event loop and owns its
// connections, and sweeps their deadlines once a second. Start, Drain and Stop are called from
// one controlling thread (main); everything else runs on the I/O threads.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/log.h"
#include "base/status.h"
#include "http/connection.h"
#include "http/limits.h"
#include "http/router.h"

namespace divolte::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8290;  // 0: any free port (see Server::port)
  int io_threads = 2;
  bool log_requests = false;  // debug_requests
  Timeouts timeouts{kIdleTimeout, kHeadTimeout, kWriteTimeout};
};

class Server {
 public:
  // `router` and `stats` must outlive the server.
  Server(ServerOptions options, const Router& router, ServerStats& stats);
  ~Server();

  // Binds, listens and starts the I/O threads. Fails with the OS's reason (e.g. address in use).
  base::Status Start();
  // The bound port (useful with port 0).
  uint16_t port() const { return port_; }

  // Stops accepting, closes idle connections and answers new requests 503 while requests in
  // progress complete. Returns true if every connection closed within `timeout`.
  bool Drain(std::chrono::nanoseconds timeout);
  // Closes everything still open and joins the I/O threads. Idempotent.
  void Stop();

 private:
  struct IoThread;

  void Accept();
  void AcceptBacklogAndClose();
  void HandOff(IoThread& target, boost::asio::ip::tcp::socket socket);
  void Sweep(IoThread& thread);

  ServerOptions options_;
  const Router& router_;
  ServerStats& stats_;
  base::Logger logger_{"Server"};
  std::atomic<bool> draining_{false};
  std::atomic<int> live_connections_{0};
  std::vector<std::unique_ptr<IoThread>> threads_;
  size_t next_thread_ = 0;
  uint16_t port_ = 0;
  bool stopped_ = false;
  base::RateLimiter accept_error_limiter_;
};

}  // namespace divolte::http
