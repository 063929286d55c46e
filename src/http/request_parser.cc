#include "http/request_parser.h"

#include <boost/beast/http/error.hpp>

#include "http/limits.h"

namespace divolte::http {
namespace beast_http = boost::beast::http;

namespace {

std::string_view View(boost::beast::string_view view) { return {view.data(), view.size()}; }

}  // namespace

RequestParser::RequestParser(RequestListener* listener, std::vector<HeaderField>* fields)
    : listener_(listener), fields_(fields) {
  fields_->clear();
  header_limit(static_cast<std::uint32_t>(kMaxHeadBytes));
  body_limit(boost::none);  // limits are per route, enforced in on_body_init_impl
  eager(true);
}

void RequestParser::on_request_impl(beast_http::verb method, string_view method_str,
                                    string_view target, int version, error_code&) {
  method_ = method;
  method_text_ = View(method_str);
  target_ = View(target);
  version_ = version;
}

void RequestParser::on_response_impl(int, string_view, int, error_code& ec) {
  ec = beast_http::error::bad_method;  // unreachable for a request parser
}

void RequestParser::on_field_impl(beast_http::field name, string_view name_string,
                                  string_view value, error_code& ec) {
  if (fields_->size() >= kMaxHeaderFields) {
    failure_ = Failure::kTooManyFields;
    ec = beast_http::error::bad_field;
    return;
  }
  // Beast joins a folded value (obs-fold) in a buffer of its own that is gone after parsing;
  // RFC 9112 §5.2 lets a server reject obs-fold with 400, which keeps every view in our buffer.
  if (value.data() < input_begin_ || value.data() + value.size() > input_end_) {
    failure_ = Failure::kFoldedHeader;
    ec = beast_http::error::bad_value;
    return;
  }
  fields_->push_back({name, View(name_string), View(value)});
  if (name == beast_http::field::expect && base::EqualsIgnoreCase(View(value), "100-continue")) {
    expects_continue_ = true;
  }
}

void RequestParser::on_header_impl(error_code&) {
  has_body_ = chunked() || content_length().value_or(0) > 0;
  max_body_ = listener_->OnHead();
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code& ec) {
  if (max_body_ > 0 && content_length && *content_length > max_body_) {
    failure_ = Failure::kBodyTooLarge;
    ec = beast_http::error::body_limit;
  }
}

void RequestParser::TakeBody(std::string_view data, error_code& ec) {
  if (max_body_ == 0) return;  // discarded
  body_received_ += data.size();
  if (body_received_ > max_body_) {
    failure_ = Failure::kBodyTooLarge;
    ec = beast_http::error::body_limit;
    return;
  }
  listener_->OnBody(data);
}

std::size_t RequestParser::on_body_impl(string_view body, error_code& ec) {
  TakeBody(View(body), ec);
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) {
  TakeBody(View(body), ec);
  return body.size();
}

void RequestParser::on_finish_impl(error_code&) { listener_->OnComplete(); }

}  // namespace divolte::http
