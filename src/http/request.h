#pragma once

// Request: what a handler sees of one HTTP request. Every view points into connection-owned
// memory and is valid only for the duration of the Handler::Handle call; a handler copies what it
// must keep (the event snapshot). Header fields keep their order and Beast's field token, so
// well-known headers are found without comparing names.

#include <sys/socket.h>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/strings.h"

namespace divolte::http {

using Field = boost::beast::http::field;
using Verb = boost::beast::http::verb;

struct HeaderField {
  Field field;  // Field::unknown for names Beast does not know
  std::string_view name;
  std::string_view value;
};

// The TCP peer, as accepted.
struct PeerAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

struct Request {
  Verb method = Verb::unknown;
  std::string_view method_text;  // exactly as received (methods are case-sensitive)
  std::string_view target;       // request target as received
  std::string_view path;         // canonical path (protocol.md §1.3)
  std::string_view query;        // everything after the first '?', without it
  bool has_query = false;
  int version = 11;  // 10 or 11
  std::span<const HeaderField> headers;
  std::string_view body;  // routes that take a body only
  const PeerAddress* peer = nullptr;
  std::chrono::steady_clock::time_point head_complete;

  // The first header line with this field token, if any.
  const HeaderField* Find(Field field) const {
    for (const HeaderField& header : headers) {
      if (header.field == field) return &header;
    }
    return nullptr;
  }
};

}  // namespace divolte::http
