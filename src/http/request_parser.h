#pragma once

// RequestParser: Beast's HTTP/1.x request parser with our callbacks. Header fields are recorded
// as views into the caller's buffer (no copies); the limits of protocol.md §1.1 are enforced.
// Beast parsers cannot be reset, so a connection constructs one per request (cheap: no
// allocation). Owned and used by one connection on its I/O thread.

#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace divolte::http {

// What the parser reports to its connection, in order: OnHead once, then OnBody for each piece
// of body (only while the body is wanted), then OnComplete.
class RequestListener {
 public:
  virtual ~RequestListener() = default;
  // The head is complete; the parser's views are valid during this call. Returns the largest
  // body the request may have (0: read and discard it).
  virtual size_t OnHead() = 0;
  virtual void OnBody(std::string_view data) = 0;
  virtual void OnComplete() = 0;
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  enum class Failure { kNone, kTooManyFields, kBodyTooLarge, kFoldedHeader };

  // `fields` is cleared and receives the header fields; both must outlive the parser.
  RequestParser(RequestListener* listener, std::vector<HeaderField>* fields);

  // Parses `size` bytes at `data` (a view into the connection buffer). Every view handed out
  // points into that range.
  size_t Put(const char* data, size_t size, boost::beast::error_code& error) {
    input_begin_ = data;
    input_end_ = data + size;
    return put(boost::asio::const_buffer(data, size), error);
  }

  Verb method() const { return method_; }
  std::string_view method_text() const { return method_text_; }
  std::string_view target() const { return target_; }
  int version() const { return version_; }
  bool expects_continue() const { return expects_continue_; }
  bool has_body() const { return has_body_; }
  Failure failure() const { return failure_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_str, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code& ec) override;
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  void TakeBody(std::string_view data, error_code& ec);

  const char* input_begin_ = nullptr;
  const char* input_end_ = nullptr;
  RequestListener* listener_;
  std::vector<HeaderField>* fields_;
  Verb method_ = Verb::unknown;
  std::string_view method_text_;
  std::string_view target_;
  int version_ = 11;
  bool expects_continue_ = false;
  bool has_body_ = false;
  size_t max_body_ = 0;
  uint64_t body_received_ = 0;
  Failure failure_ = Failure::kNone;
};

}  // namespace divolte::http
