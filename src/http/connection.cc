#include "http/connection.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <cstring>

#include "http/limits.h"
#include "http/path.h"

namespace divolte::http {
namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kInitialBufferBytes = 16 * 1024;
constexpr size_t kMinReadBytes = 4 * 1024;
// Large enough to hold a head of exactly kMaxHeadBytes plus the byte that proves it too large.
constexpr size_t kMaxBufferBytes = kMaxHeadBytes + 64 * 1024;
// Stop answering pipelined requests once this much output waits for a slow reader.
constexpr size_t kMaxPendingOutputBytes = 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, ConnectionContext& context)
    : socket_(std::move(socket)), context_(context) {
  // Counted as live by the server when accepted, before it was handed to this thread.
  context_.registry->insert(this);
}

Connection::~Connection() {
  context_.registry->erase(this);
  MarkFinished();
}

// A connection stops counting as live once it sent its last response: draining need not wait
// for lingering clients.
void Connection::MarkFinished() {
  if (finished_) return;
  finished_ = true;
  context_.live_connections->fetch_sub(1, std::memory_order_release);
}

void Connection::Start() {
  boost::system::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  peer_.length = sizeof peer_.storage;
  if (::getpeername(socket_.native_handle(), reinterpret_cast<sockaddr*>(&peer_.storage),
                    &peer_.length) != 0) {
    peer_.length = 0;
  }
  buffer_ = std::make_unique<char[]>(kInitialBufferBytes);
  capacity_ = kInitialBufferBytes;
  deadline_ = Clock::now() + context_.timeouts.idle;
  // Accepted while draining (from the listener's backlog, or just before the drain swept this
  // thread): serve a request that is already waiting, close the connection if there is none.
  if (context_.draining->load(std::memory_order_relaxed)) {
    drain_seen_ = true;
    if (!BytesWaiting()) {
      Close();
      return;
    }
    request_before_drain_pending_ = true;
  }
  StartRead();
}

bool Connection::BytesWaiting() {
  boost::system::error_code error;
  return socket_.available(error) > 0 && !error;
}

void Connection::Drain() {
  drain_seen_ = true;
  if (phase_ == Phase::kIdle && begin_ == end_ && !parser_) {
    // Looking idle is not enough: the outstanding read may already hold a request whose
    // completion is queued, or the kernel may. Cancel the read; whatever it delivers was sent
    // before the drain and is served (OnRead), and only a read that brings nothing closes.
    request_before_drain_pending_ = true;
    cancelled_for_drain_ = true;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  }
  // Otherwise the request in progress completes; its response closes the connection because
  // every response reads the draining flag.
}

void Connection::CheckDeadline(Clock::time_point now) {
  if (phase_ != Phase::kClosed && now >= deadline_) Close();
}

bool Connection::EnsureReadSpace() {
  if (capacity_ - end_ >= kMinReadBytes) return true;
  if (begin_ > 0) {  // no views into the buffer are held between reads
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (capacity_ - end_ >= kMinReadBytes) return true;
  }
  if (capacity_ >= kMaxBufferBytes) return end_ < capacity_;
  const size_t grown = std::min(capacity_ * 2, kMaxBufferBytes);
  auto bigger = std::make_unique<char[]>(grown);
  std::memcpy(bigger.get(), buffer_.get(), end_);
  buffer_ = std::move(bigger);
  capacity_ = grown;
  return true;
}

void Connection::StartRead() {
  if (!EnsureReadSpace()) {  // cannot happen: the parser rejects heads that fill the buffer
    Close();
    return;
  }
  socket_.async_read_some(
      asio::buffer(buffer_.get() + end_, capacity_ - end_),
      [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
        self->OnRead(error, bytes);
      });
}

void Connection::OnRead(boost::system::error_code error, size_t bytes) {
  if (cancelled_for_drain_ && error == asio::error::operation_aborted && phase_ != Phase::kClosed) {
    cancelled_for_drain_ = false;
    if (BytesWaiting()) {
      StartRead();  // arrived after the read was cancelled, sent before the drain
    } else {
      Close();
    }
    return;
  }
  cancelled_for_drain_ = false;
  if (error || phase_ == Phase::kClosed) {
    Close();
    return;
  }
  end_ += bytes;
  parser_needs_input_ = false;
  ProcessInput();
  Flush();
}

void Connection::ProcessInput() {
  while (begin_ < end_ && !parser_needs_input_ && !close_after_write_ &&
         out_.size() < kMaxPendingOutputBytes) {
    if (!parser_) {
      if (!request_started_) StartRequest();
      // Beast keeps views into what it parsed, so it only sees a request once the whole head is
      // buffered: until then the buffer may move (compaction, growth).
      if (!HeadBuffered()) {
        if (end_ - begin_ >= kMaxHeadBytes) RespondToHeadLimit();
        break;
      }
      parser_.emplace(static_cast<RequestListener*>(this), &fields_);
      route_ = nullptr;
      answered_ = false;
      body_.clear();
    }
    boost::system::error_code error;
    begin_ += parser_->Put(buffer_.get() + begin_, end_ - begin_, error);
    if (error == beast_http::error::need_more) {  // the body is incomplete
      parser_needs_input_ = true;
      break;
    }
    if (error) {
      RespondToParseError(error);
      break;
    }
    if (parser_->is_done()) {
      parser_.reset();
      request_started_ = false;
      head_scanned_ = 0;
      phase_ = Phase::kIdle;
    }
  }
  if (begin_ == end_) begin_ = end_ = 0;
}

// The first bytes of a new request: its head must be complete within the head timeout.
void Connection::StartRequest() {
  request_started_ = true;
  head_scanned_ = 0;
  // The boundary is when the drain reached this connection on its own thread, not when the
  // global flag flipped: bytes read in between belong to a request the client sent earlier.
  started_before_drain_ = request_before_drain_pending_ || !drain_seen_;
  request_before_drain_pending_ = false;
  request_deadline_ = Clock::now() + context_.timeouts.head;
  phase_ = Phase::kRequest;
  deadline_ = request_deadline_;
}

// True once [begin_, end_) holds an empty line ending the head. Resumes where the last scan
// stopped (kept relative to begin_, which compaction moves), so a slowly arriving head is
// scanned once.
bool Connection::HeadBuffered() {
  const std::string_view pending(buffer_.get() + begin_, end_ - begin_);
  // One pass over line ends, stopping at the first empty line ("\n\n" or "\n\r\n"): the
  // scan never reads past this request's head into pipelined requests behind it.
  size_t position = head_scanned_ > 2 ? head_scanned_ - 2 : 0;
  while ((position = pending.find('\n', position)) != std::string_view::npos) {
    const std::string_view rest = pending.substr(position + 1);
    if (rest.starts_with('\n') || rest.starts_with("\r\n")) return true;
    ++position;
  }
  head_scanned_ = pending.size();
  return false;
}

void Connection::RespondToHeadLimit() {
  close_after_write_ = true;
  Response response(&out_, 11, false);
  const int status = RequestLineTooLong() ? 414 : 431;
  response.Empty(status);
  CountResponse(context_.stats->invalid, status, Clock::now());
  answered_ = true;
}

bool Connection::RequestLineTooLong() const {
  const size_t available = end_ - begin_;
  const size_t scan = std::min(available, kMaxRequestLineBytes + 2);
  const char* start = buffer_.get() + begin_;
  const void* newline = std::memchr(start, '\n', scan);
  // Beast reports the head limit once a full limit's worth of bytes holds no complete head, so
  // no line end among them means the request line alone is too long.
  if (newline == nullptr) return true;
  size_t line = static_cast<const char*>(newline) - start;
  if (line > 0 && start[line - 1] == '\r') --line;
  return line > kMaxRequestLineBytes;
}

void Connection::RespondToParseError(boost::system::error_code error) {
  close_after_write_ = true;
  if (answered_) return;  // e.g. a malformed chunk in a body that was being discarded
  int status = 400;
  if (parser_->failure() == RequestParser::Failure::kBodyTooLarge) {
    status = 413;
    if (route_ != nullptr) route_->handler->OnBodyTooLarge();
  } else if (error == beast_http::error::header_limit) {
    status = RequestLineTooLong() ? 414 : 431;
  }
  Response response(&out_, parser_->version() == 10 ? 10 : 11, false);
  response.Empty(status);
  RouteStats* stats = route_ != nullptr ? route_->stats : &context_.stats->invalid;
  if (stats != nullptr) CountResponse(*stats, status, Clock::now());
  answered_ = true;
}

Request Connection::BuildRequest() {
  Request request;
  request.method = parser_->method();
  request.method_text = parser_->method_text();
  request.target = parser_->target();
  request.version = parser_->version();
  request.headers = fields_;
  request.peer = &peer_;
  request.head_complete = head_complete_;
  std::string_view path = request.target;
  // Absolute form ("http://host/path?q"): routing uses the path component.
  if (!path.empty() && path.front() != '/') {
    const size_t scheme_end = path.find("://");
    const size_t path_start = scheme_end == std::string_view::npos
                                  ? std::string_view::npos
                                  : path.find_first_of("/?", scheme_end + 3);
    path = path_start == std::string_view::npos ? std::string_view() : path.substr(path_start);
  }
  const size_t question = path.find('?');
  if (question != std::string_view::npos) {
    request.query = path.substr(question + 1);
    request.has_query = true;
    path = path.substr(0, question);
  }
  if (IsCanonicalPath(path)) {
    request.path = path;
  } else {
    path_scratch_ = CanonicalPath(path);
    request.path = path_scratch_;
  }
  return request;
}

size_t Connection::OnHead() {
  head_complete_ = Clock::now();
  const Request request = BuildRequest();
  const bool draining = context_.draining->load(std::memory_order_relaxed);
  // A client that waits for "100 Continue" before sending its body never gets one here.
  const bool body_unread = parser_->expects_continue() && parser_->has_body();
  const size_t response_start = out_.size();
  Response response(&out_, request.version == 10 ? 10 : 11, parser_->keep_alive() && !draining,
                    request.method == Verb::head);
  route_ = context_.router->Find(request.path);
  if (drain_seen_ && !started_before_drain_) {
    // A request that started after the drain reached this connection (protocol.md §1.6).
    response.Close();
    response.Empty(503);
    CountResponse(route_ != nullptr ? *route_->stats : context_.stats->not_found, 503,
                  head_complete_);
    answered_ = true;
    close_after_write_ = true;
  } else if (route_ != nullptr && route_->max_body_bytes > 0 &&
             Router::Allows(*route_, request.method)) {
    if (!route_->handler->AcceptsHead(request, response)) {  // answered; the body is discarded
      if (body_unread) response.Close();
      FinishAnswer(response);
      if (context_.log_requests) LogExchange(request, response_start);
      return 0;
    }
    // A declared length over the limit is answered 413 now, not after a "100 Continue".
    const auto length = parser_->content_length();
    if (length && *length > route_->max_body_bytes) {
      response.Close();
      response.Empty(413);
      route_->handler->OnBodyTooLarge();
      FinishAnswer(response);
      return 0;
    }
    SaveHeadForBody(request);
    if (parser_->expects_continue() && request.version == 11) {
      out_.append("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return route_->max_body_bytes;
  } else {
    if (body_unread) response.Close();
    Answer(request, response);
  }
  if (context_.log_requests) LogExchange(request, response_start);
  return 0;
}

void Connection::Answer(const Request& request, Response& response) {
  answered_ = true;
  if (route_ == nullptr) {
    response.Empty(404);
    CountResponse(context_.stats->not_found, 404, head_complete_);
  } else if (!Router::Allows(*route_, request.method)) {
    response.Start(405);
    response.Header("Allow", route_->allow);
    response.Header("Content-Type", "text/plain; charset=utf-8");
    response.Finish("HTTP method " + std::string(request.method_text) + " not allowed.");
    CountResponse(*route_->stats, 405, head_complete_);
  } else {
    route_->handler->Handle(request, response);
    if (route_->stats != nullptr) CountResponse(*route_->stats, response.status(), head_complete_);
  }
  if (!response.keep_alive()) close_after_write_ = true;
  pending_delay_ = std::max(pending_delay_, response.delay());
}

void Connection::FinishAnswer(const Response& response) {
  answered_ = true;
  if (route_->stats != nullptr) CountResponse(*route_->stats, response.status(), head_complete_);
  if (!response.keep_alive()) close_after_write_ = true;
}

void Connection::CountResponse(RouteStats& stats, int status, Clock::time_point start) {
  stats.Count(status);
  timed_out_.push_back({&stats, start});
}

void Connection::SaveHeadForBody(const Request& request) {
  // Copy every view of the head into one string, then point the saved request at the copies.
  saved_head_bytes_.clear();
  auto offset_of = [this](std::string_view view) {
    const size_t offset = saved_head_bytes_.size();
    saved_head_bytes_.append(view);
    return std::pair<size_t, size_t>(offset, view.size());
  };
  const auto method = offset_of(request.method_text);
  const auto target = offset_of(request.target);
  const auto path = offset_of(request.path);
  const auto query = offset_of(request.query);
  std::vector<std::pair<std::pair<size_t, size_t>, std::pair<size_t, size_t>>> headers;
  headers.reserve(request.headers.size());
  for (const HeaderField& field : request.headers) {
    headers.emplace_back(offset_of(field.name), offset_of(field.value));
  }
  auto view_of = [this](std::pair<size_t, size_t> span) {
    return std::string_view(saved_head_bytes_).substr(span.first, span.second);
  };
  saved_fields_.clear();
  for (size_t i = 0; i < headers.size(); ++i) {
    saved_fields_.push_back(
        {request.headers[i].field, view_of(headers[i].first), view_of(headers[i].second)});
  }
  saved_request_ = request;
  saved_request_.method_text = view_of(method);
  saved_request_.target = view_of(target);
  saved_request_.path = view_of(path);
  saved_request_.query = view_of(query);
  saved_request_.headers = saved_fields_;
}

void Connection::OnBody(std::string_view data) { body_.append(data); }

void Connection::OnComplete() {
  if (answered_) return;
  saved_request_.body = body_;
  const bool draining = context_.draining->load(std::memory_order_relaxed);
  const size_t response_start = out_.size();
  Response response(&out_, saved_request_.version == 10 ? 10 : 11,
                    parser_->keep_alive() && !draining, saved_request_.method == Verb::head);
  Answer(saved_request_, response);
  if (context_.log_requests) LogExchange(saved_request_, response_start);
}

void Connection::Flush() {
  if (phase_ == Phase::kClosed) return;
  if (out_.empty()) {
    if (close_after_write_) {
      Linger();
    } else {
      StartRead();
    }
    return;
  }
  if (pending_delay_.count() > 0) {
    const auto delay = pending_delay_;
    pending_delay_ = {};
    phase_ = Phase::kDelaying;
    deadline_ = Clock::now() + delay + context_.timeouts.write;
    if (!delay_timer_) delay_timer_.emplace(socket_.get_executor());
    delay_timer_->expires_after(delay);
    delay_timer_->async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (error || self->phase_ == Phase::kClosed) {
        self->Close();
        return;
      }
      self->StartWrite();
    });
    return;
  }
  StartWrite();
}

void Connection::StartWrite() {
  writing_.swap(out_);
  out_.clear();
  timed_writing_.swap(timed_out_);
  timed_out_.clear();
  phase_ = Phase::kWriting;
  deadline_ = Clock::now() + context_.timeouts.write;
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this()](boost::system::error_code error, size_t) {
                      self->OnWritten(error);
                    });
}

void Connection::OnWritten(boost::system::error_code error) {
  writing_.clear();
  if (error || phase_ == Phase::kClosed) {
    Close();
    return;
  }
  if (!timed_writing_.empty()) {
    const Clock::time_point now = Clock::now();
    for (const TimedResponse& timed : timed_writing_) {
      timed.stats->duration().Observe(std::chrono::duration<double>(now - timed.start).count());
    }
    timed_writing_.clear();
  }
  if (close_after_write_) {
    Linger();
    return;
  }
  if (parser_ || begin_ < end_) {
    phase_ = Phase::kRequest;
    deadline_ = request_deadline_;
  } else {
    phase_ = Phase::kIdle;
    deadline_ = Clock::now() + context_.timeouts.idle;
    if (context_.draining->load(std::memory_order_relaxed)) {
      Close();
      return;
    }
  }
  // Pipelined requests may still be buffered if output was capped; answer them first.
  if (begin_ < end_) ProcessInput();
  Flush();
}

// After the last response, stop sending and read until the client closes (or briefly), so that
// unread request bytes do not turn the close into a reset that could destroy the response.
void Connection::Linger() {
  phase_ = Phase::kLingering;
  MarkFinished();
  deadline_ = Clock::now() + kLingerTime;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  DiscardUntilClosed();
}

void Connection::DiscardUntilClosed() {
  socket_.async_read_some(asio::buffer(buffer_.get(), capacity_),
                          [self = shared_from_this()](boost::system::error_code error, size_t) {
                            if (error || self->phase_ == Phase::kClosed) {
                              self->Close();
                            } else {
                              self->DiscardUntilClosed();
                            }
                          });
}

void Connection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  MarkFinished();
  boost::system::error_code ignored;
  socket_.close(ignored);
  if (delay_timer_) delay_timer_->cancel();
}

void Connection::LogExchange(const Request& request, size_t response_start) const {
  boost::system::error_code ignored;
  const auto peer = socket_.remote_endpoint(ignored);
  std::string text =
      fmt::format("{} {} HTTP/{}.{} from {}", request.method_text, request.target,
                  request.version / 10, request.version % 10, peer.address().to_string());
  for (const HeaderField& field : request.headers) {
    text += fmt::format("\n    {}: {}", field.name, field.value);
  }
  const std::string_view response = std::string_view(out_).substr(response_start);
  const size_t head_end = response.find("\r\n\r\n");
  text += "\n  response:";
  for (std::string_view head = response.substr(0, head_end); !head.empty();) {
    const size_t line_end = head.find("\r\n");
    text += fmt::format("\n    {}", head.substr(0, line_end));
    head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  }
  context_.logger->Info("{}", text);
}

}  // namespace divolte::http
