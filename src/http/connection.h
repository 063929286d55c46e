#pragma once

// Connection: one accepted TCP connection and its request/response loop (protocol.md §1). It
// reads, parses every request already buffered, answers each one into a single output buffer and
// writes all of those responses together. Lives on one I/O thread: every method runs there. Kept
// alive by the shared_ptr captured in its pending asynchronous operation (there is always one).

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/log.h"
#include "http/request_parser.h"
#include "http/route_stats.h"
#include "http/router.h"

namespace divolte::http {

struct Timeouts {
  std::chrono::nanoseconds idle;
  std::chrono::nanoseconds head;
  std::chrono::nanoseconds write;
};

class Connection;

// What connections of one I/O thread share. Owned by the server; outlives its connections.
struct ConnectionContext {
  const Router* router = nullptr;
  ServerStats* stats = nullptr;
  const std::atomic<bool>* draining = nullptr;
  bool log_requests = false;
  Timeouts timeouts;
  std::unordered_set<Connection*>* registry = nullptr;  // this I/O thread's live connections
  std::atomic<int>* live_connections = nullptr;         // all threads
  const base::Logger* logger = nullptr;
};

class Connection final : public std::enable_shared_from_this<Connection>, private RequestListener {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ConnectionContext& context);
  ~Connection() override;

  void Start();
  // Shutdown (operations.md §4 step 3): close now if idle, else after the current request.
  void Drain();
  // Called about once a second by the I/O thread's sweeper; closes an expired connection.
  void CheckDeadline(std::chrono::steady_clock::time_point now);

 private:
  enum class Phase { kIdle, kRequest, kWriting, kDelaying, kLingering, kClosed };

  // RequestListener
  size_t OnHead() override;
  void OnBody(std::string_view data) override;
  void OnComplete() override;

  void StartRead();
  void OnRead(boost::system::error_code error, size_t bytes);
  void ProcessInput();
  void StartRequest();
  bool HeadBuffered();
  void RespondToHeadLimit();
  void RespondToParseError(boost::system::error_code error);
  void Answer(const Request& request, Response& response);
  void Flush();
  void StartWrite();
  void OnWritten(boost::system::error_code error);
  void Linger();
  void DiscardUntilClosed();
  void Close();
  void MarkFinished();
  bool BytesWaiting();

  bool EnsureReadSpace();
  bool RequestLineTooLong() const;
  Request BuildRequest();
  // After a handler answered from the head alone (Handler::AcceptsHead).
  void FinishAnswer(const Response& response);
  // Counts a response of `stats` and times it until its bytes are written; `start` is when the
  // request head was complete (or now, for a request answered before its head was).
  void CountResponse(RouteStats& stats, int status, std::chrono::steady_clock::time_point start);
  void SaveHeadForBody(const Request& request);
  void LogExchange(const Request& request, size_t response_start) const;

  boost::asio::ip::tcp::socket socket_;
  ConnectionContext& context_;
  PeerAddress peer_;
  Phase phase_ = Phase::kIdle;
  bool finished_ = false;  // no longer counted as live
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point request_deadline_;

  // Input: bytes [begin_, end_) of buffer_ are received and not yet parsed.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;

  // The request being parsed.
  std::optional<RequestParser> parser_;
  // The parser asked for more bytes than [begin_, end_) holds: it sees them again only with more
  // (Beast asserts that a call after "need more" brings new bytes).
  bool parser_needs_input_ = false;
  std::vector<HeaderField> fields_;
  std::string path_scratch_;
  const Route* route_ = nullptr;
  bool answered_ = false;
  bool started_before_drain_ = true;
  bool request_started_ = false;               // bytes of the next request have arrived
  bool request_before_drain_pending_ = false;  // unread bytes were waiting when draining began
  bool cancelled_for_drain_ = false;           // Drain() cancelled the read of an idle connection
  bool drain_seen_ = false;  // Drain() ran: requests that start from now on are answered 503
  size_t head_scanned_ = 0;  // bytes after begin_ known not to end the head
  std::chrono::steady_clock::time_point head_complete_;

  // Routes that take a body: the head is copied because the buffer moves while the body arrives.
  std::string saved_head_bytes_;
  std::vector<HeaderField> saved_fields_;
  Request saved_request_;
  std::string body_;

  // Output: responses not yet written, and the bytes being written.
  std::string out_;
  std::string writing_;
  bool close_after_write_ = false;
  std::chrono::nanoseconds pending_delay_{0};
  // The responses in out_ and in writing_, with the start of their timing.
  struct TimedResponse {
    RouteStats* stats;
    std::chrono::steady_clock::time_point start;
  };
  std::vector<TimedResponse> timed_out_;
  std::vector<TimedResponse> timed_writing_;
  std::optional<boost::asio::steady_timer> delay_timer_;
};

}  // namespace divolte::http
