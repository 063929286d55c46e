#include "http/response.h"

#include "base/check.h"
#include "base/clock.h"

namespace divolte::http {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

void Response::Start(int status) {
  CHECK(status_ == 0);
  status_ = status;
  out_->append(version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  char code[4] = {static_cast<char>('0' + status / 100), static_cast<char>('0' + status / 10 % 10),
                  static_cast<char>('0' + status % 10), ' '};
  out_->append(code, 4);
  out_->append(ReasonPhrase(status));
  out_->append("\r\nServer: divolte\r\nDate: ");
  out_->append(base::CachedImfFixdateNow());
  out_->append("\r\n");
}

void Response::Header(std::string_view name, std::string_view value) {
  out_->append(name);
  out_->append(": ");
  out_->append(value);
  out_->append("\r\n");
}

void Response::Finish(std::string_view body) {
  EndHead(body.size());
  if (!head_request_) out_->append(body);
}

void Response::EndHead(size_t content_length) {
  const bool has_length = !(status_ < 200 || status_ == 204 || status_ == 304);
  if (has_length) {
    out_->append("Content-Length: ");
    out_->append(std::to_string(content_length));
    out_->append("\r\n");
  }
  if (!keep_alive_) {
    out_->append("Connection: close\r\n");
  } else if (version_ == 10) {
    out_->append("Connection: keep-alive\r\n");
  }
  out_->append("\r\n");
}

void Response::Empty(int status) {
  Start(status);
  Finish();
}

void Response::Text(int status, std::string_view text) {
  Start(status);
  Header("Content-Type", "text/plain; charset=utf-8");
  Finish(text);
}

}  // namespace divolte::http
