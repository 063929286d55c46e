// http::RequestParser (Beast's basic_parser with our callbacks, protocol.md §1.1) on pipelined
// requests. Input: one option byte, then the bytes of the requests. Bit 0 of the option byte
// decides whether bodies are taken (limit 64 bytes) or discarded; the other bits seed the sizes
// of the pieces the bytes arrive in for the second pass.
//
// Invariants: every view the parser hands out lies in the input; at most kMaxHeaderFields
// fields; bodies never exceed the limit; and feeding the bytes in pieces (each call sees what is
// unconsumed plus the new piece, as a connection does) gives the same requests and the same
// outcome as feeding them all at once (except for a last request the input ends inside).

#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/check.h"
#include "http/limits.h"
#include "http/request_parser.h"

namespace {

namespace http = divolte::http;

constexpr size_t kBodyLimit = 64;
const std::string kNeedMore =
    boost::beast::error_code(boost::beast::http::error::need_more).message();

// One parsed request, flattened for comparison.
struct Parsed {
  std::string head;  // method, target, version, fields
  std::string body;
  bool complete = false;
  bool operator==(const Parsed&) const = default;
};

class Listener final : public http::RequestListener {
 public:
  Listener(bool take_body, std::string_view input, http::RequestParser** parser,
           std::vector<http::HeaderField>* fields, Parsed* out)
      : take_body_(take_body), input_(input), parser_(parser), fields_(fields), out_(out) {}

  size_t OnHead() override {
    const http::RequestParser& parser = **parser_;
    CheckInInput(parser.method_text());
    CheckInInput(parser.target());
    CHECK(fields_->size() <= http::kMaxHeaderFields);
    out_->head = std::string(parser.method_text()) + " " + std::string(parser.target()) + " " +
                 std::to_string(parser.version());
    for (const http::HeaderField& field : *fields_) {
      CheckInInput(field.name);
      CheckInInput(field.value);
      out_->head += "\n" + std::string(field.name) + ": " + std::string(field.value);
    }
    return take_body_ ? kBodyLimit : 0;
  }
  void OnBody(std::string_view data) override {
    CHECK(take_body_);
    CheckInInput(data);
    out_->body += data;
    CHECK(out_->body.size() <= kBodyLimit);
  }
  void OnComplete() override { out_->complete = true; }

 private:
  void CheckInInput(std::string_view view) const {
    if (view.empty()) return;
    CHECK(view.data() >= input_.data() &&
          view.data() + view.size() <= input_.data() + input_.size());
  }

  bool take_body_;
  std::string_view input_;
  http::RequestParser** parser_;
  std::vector<http::HeaderField>* fields_;
  Parsed* out_;
};

struct Outcome {
  std::vector<Parsed> requests;
  std::string error;  // of the last request, empty if none
  bool operator==(const Outcome&) const = default;
};

// Parses `input` request after request. `seed` 0 gives the parser everything at once; otherwise
// the bytes become available in pseudo-random pieces.
Outcome ParseAll(std::string_view input, bool take_body, uint32_t seed) {
  Outcome outcome;
  size_t begin = 0;
  size_t available = seed == 0 ? input.size() : 0;
  const auto grow = [&] {
    seed = seed * 1103515245 + 12345;
    available = std::min(input.size(), available + 1 + (seed >> 16) % 61);
  };
  while (begin < input.size()) {
    std::vector<http::HeaderField> fields;
    Parsed parsed;
    http::RequestParser* parser_pointer = nullptr;
    Listener listener(take_body, input, &parser_pointer, &fields, &parsed);
    http::RequestParser parser(&listener, &fields);
    parser_pointer = &parser;
    boost::beast::error_code error;
    // Like a connection: parse what is there, and wait for more unless the parser is done or
    // failed; "need more" without progress is the same as consuming everything there is.
    while (!parser.is_done()) {
      if (available == begin || error == boost::beast::http::error::need_more) {
        if (available == input.size()) {
          error = boost::beast::http::error::need_more;  // the input ends inside this request
          break;
        }
        grow();
      }
      error = {};
      const size_t consumed = parser.Put(input.data() + begin, available - begin, error);
      begin += consumed;
      if (!error && consumed == 0 && !parser.is_done())
        error = boost::beast::http::error::need_more;
      if (error && error != boost::beast::http::error::need_more) break;
    }
    if (error) {
      parsed.body.clear();  // how much of a failing body arrived depends on the pieces
      outcome.requests.push_back(std::move(parsed));
      outcome.error = error.message();
      break;
    }
    outcome.requests.push_back(std::move(parsed));
    CHECK(parser.is_done());
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool take_body = data[0] & 1;
  const uint32_t seed = (data[0] >> 1) + 1u;
  // A stable copy: views must point into it, not into libFuzzer's buffer by accident.
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome at_once = ParseAll(input, take_body, 0);
  const Outcome in_pieces = ParseAll(input, take_body, seed);
  // Beast reads a request line before its head is complete only on the first call, so a bad
  // line in unterminated input is an error at once and "need more" in pieces: when the input
  // ends inside a request, that last request is not compared.
  const bool truncated = at_once.error == kNeedMore || in_pieces.error == kNeedMore;
  if (truncated && at_once.requests.size() == in_pieces.requests.size()) {
    at_once.requests.back() = in_pieces.requests.back();
    at_once.error = in_pieces.error;
  }
  if (!(at_once == in_pieces)) {
    for (const Outcome* outcome : {&std::as_const(at_once), &in_pieces}) {
      std::fprintf(stderr, "%zu requests, error '%s'\n", outcome->requests.size(),
                   outcome->error.c_str());
      for (const Parsed& parsed : outcome->requests) {
        std::fprintf(stderr, "  [%s] body %zu complete %d\n", parsed.head.c_str(),
                     parsed.body.size(), parsed.complete);
      }
    }
    CHECK(false);
  }
  return 0;
}
