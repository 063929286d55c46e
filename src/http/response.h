#pragma once

// Response: writes one HTTP/1.x response into the connection's output buffer. Every response
// carries `Server: divolte`, `Date` and (unless 1xx/204/304) `Content-Length`, and
// `Connection: close` when the connection closes after it (protocol.md §1.2). Owned by the
// connection; used on its I/O thread only.

#include <chrono>
#include <string>
#include <string_view>

namespace divolte::http {

class Response {
 public:
  // `head_request`: the request was HEAD, so the body is left out (its Content-Length is kept).
  Response(std::string* out, int version, bool keep_alive, bool head_request = false)
      : out_(out), version_(version), keep_alive_(keep_alive), head_request_(head_request) {}

  // Starts the response; must be called first, once.
  void Start(int status);
  void Header(std::string_view name, std::string_view value);
  // Ends the head (adding Content-Length, Connection) and appends the body (not for HEAD).
  void Finish(std::string_view body = {});

  // Shortcuts for responses without extra headers.
  void Empty(int status);
  void Text(int status, std::string_view text);

  // Closes the connection after this response (adds `Connection: close`).
  void Close() { keep_alive_ = false; }
  bool keep_alive() const { return keep_alive_; }
  bool started() const { return status_ != 0; }
  int status() const { return status_; }

  // Delays sending the response (http_response_delay, testing only).
  void DelayBy(std::chrono::nanoseconds delay) { delay_ = delay; }
  std::chrono::nanoseconds delay() const { return delay_; }

 private:
  void EndHead(size_t content_length);

  std::string* out_;
  int version_;
  bool keep_alive_;
  bool head_request_;
  int status_ = 0;
  std::chrono::nanoseconds delay_{0};
};

// The reason phrase of a status code ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace divolte::http
