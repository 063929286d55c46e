#include "http/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <future>
#include <unordered_set>

namespace divolte::http {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kSweepInterval = std::chrono::seconds(1);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
}  // namespace

struct Server::IoThread {
  // Declared before the context: connections still open when the context is destroyed are
  // destroyed with it and unregister from this set.
  std::unordered_set<Connection*> connections;
  ConnectionContext connection_context;
  asio::io_context context{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{context.get_executor()};
  asio::steady_timer sweep_timer{context};
  std::thread thread;
  // Thread 0 also owns the acceptor.
  std::optional<asio::ip::tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_retry_timer;
};

Server::Server(ServerOptions options, const Router& router, ServerStats& stats)
    : options_(std::move(options)), router_(router), stats_(stats) {}

Server::~Server() { Stop(); }

base::Status Server::Start() {
  const int count = std::max(1, options_.io_threads);
  for (int i = 0; i < count; ++i) {
    auto thread = std::make_unique<IoThread>();
    thread->connection_context = ConnectionContext{
        .router = &router_,
        .stats = &stats_,
        .draining = &draining_,
        .log_requests = options_.log_requests,
        .timeouts = options_.timeouts,
        .registry = &thread->connections,
        .live_connections = &live_connections_,
        .logger = &logger_,
    };
    threads_.push_back(std::move(thread));
  }
  IoThread& first = *threads_.front();
  boost::system::error_code error;
  const auto address = asio::ip::make_address(options_.host, error);
  if (error) return base::Status::Error("Invalid host address '" + options_.host + "'");
  const asio::ip::tcp::endpoint endpoint(address, options_.port);
  first.acceptor.emplace(first.context);
  auto& acceptor = *first.acceptor;
  if (acceptor.open(endpoint.protocol(), error) ||
      acceptor.set_option(asio::socket_base::reuse_address(true), error) ||
      acceptor.bind(endpoint, error) ||
      acceptor.listen(asio::socket_base::max_listen_connections, error)) {
    return base::Status::Error(
        fmt::format("Cannot listen on {}:{}: {}", options_.host, options_.port, error.message()));
  }
  port_ = acceptor.local_endpoint().port();
  for (size_t i = 0; i < threads_.size(); ++i) {
    IoThread& thread = *threads_[i];
    Sweep(thread);
    thread.thread = std::thread([&thread, i] {
      base::SetThreadName("http-" + std::to_string(i + 1));
      thread.context.run();
    });
  }
  asio::post(first.context, [this] { Accept(); });
  return {};
}

void Server::Accept() {
  IoThread& first = *threads_.front();
  if (!first.acceptor || !first.acceptor->is_open()) return;
  IoThread& target = *threads_[next_thread_];
  next_thread_ = (next_thread_ + 1) % threads_.size();
  first.acceptor->async_accept(target.context, [this, &target](boost::system::error_code error,
                                                               asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (error) {
      uint64_t suppressed = 0;
      if (accept_error_limiter_.Allow(&suppressed)) {
        logger_.Warn("{}", base::WithSuppressed("Failed to accept a connection: " + error.message(),
                                                suppressed));
      }
      // Out of file descriptors and similar: back off instead of spinning.
      IoThread& first_thread = *threads_.front();
      if (!first_thread.accept_retry_timer) {
        first_thread.accept_retry_timer.emplace(first_thread.context);
      }
      first_thread.accept_retry_timer->expires_after(kAcceptRetryDelay);
      first_thread.accept_retry_timer->async_wait([this](boost::system::error_code wait_error) {
        if (!wait_error) Accept();
      });
      return;
    }
    HandOff(target, std::move(socket));
    Accept();
  });
}

// Counted as live from here, so a drain never misses a connection still on its way to a thread.
void Server::HandOff(IoThread& target, asio::ip::tcp::socket socket) {
  live_connections_.fetch_add(1, std::memory_order_relaxed);
  asio::post(target.context, [&target, socket = std::move(socket)]() mutable {
    std::make_shared<Connection>(std::move(socket), target.connection_context)->Start();
  });
}

void Server::Sweep(IoThread& thread) {
  thread.sweep_timer.expires_after(kSweepInterval);
  thread.sweep_timer.async_wait([this, &thread](boost::system::error_code error) {
    if (error) return;
    const auto now = Clock::now();
    // Closing never destroys a connection synchronously (its pending handler holds it).
    for (Connection* connection : thread.connections) connection->CheckDeadline(now);
    Sweep(thread);
  });
}

// Connections the kernel completed but we have not accepted yet would be reset by closing the
// listener, losing a request the client may already have sent. Accept them first: they start as
// draining connections, so they are served if a request is waiting and closed cleanly if not.
void Server::AcceptBacklogAndClose() {
  IoThread& first = *threads_.front();
  if (!first.acceptor || !first.acceptor->is_open()) return;
  boost::system::error_code error;
  first.acceptor->non_blocking(true, error);
  while (!error) {
    IoThread& target = *threads_[next_thread_];
    asio::ip::tcp::socket socket(target.context);
    first.acceptor->accept(socket, error);
    if (error) break;
    next_thread_ = (next_thread_ + 1) % threads_.size();
    HandOff(target, std::move(socket));
  }
  boost::system::error_code ignored;
  first.acceptor->close(ignored);
}

bool Server::Drain(std::chrono::nanoseconds timeout) {
  if (threads_.empty()) return true;
  draining_.store(true);
  IoThread& first = *threads_.front();
  std::promise<void> closed;
  asio::post(first.context, [this, &closed] {
    AcceptBacklogAndClose();
    closed.set_value();
  });
  closed.get_future().wait();
  for (auto& thread : threads_) {
    asio::post(thread->context, [&thread = *thread] {
      // Drain may close connections, which erases them from the set: iterate a copy.
      const std::vector<Connection*> connections(thread.connections.begin(),
                                                 thread.connections.end());
      for (Connection* connection : connections) connection->Drain();
    });
  }
  const auto deadline = Clock::now() + timeout;
  // Connections finish on their own threads; poll the live count until it reaches zero.
  while (live_connections_.load(std::memory_order_acquire) > 0) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void Server::Stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& thread : threads_) {
    asio::post(thread->context, [&thread = *thread] {
      boost::system::error_code ignored;
      if (thread.acceptor) thread.acceptor->close(ignored);
      thread.sweep_timer.cancel();
      thread.work.reset();
      thread.context.stop();
    });
  }
  for (auto& thread : threads_) {
    if (thread->thread.joinable()) thread->thread.join();
  }
  threads_.clear();
}

}  // namespace divolte::http
