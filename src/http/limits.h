#pragma once

// The request limits of protocol.md §1.1, in one place.

#include <chrono>
#include <cstddef>

namespace divolte::http {

inline constexpr size_t kMaxRequestLineBytes = 1024 * 1024;  // larger => 414
inline constexpr size_t kMaxHeadBytes = 1024 * 1024;  // request line + headers; larger => 431
inline constexpr size_t kMaxHeaderFields = 200;       // more => 400
inline constexpr auto kHeadTimeout = std::chrono::seconds(30);  // first byte to complete head
inline constexpr auto kIdleTimeout =
    std::chrono::seconds(60);  // before the first byte of a request
inline constexpr auto kWriteTimeout = std::chrono::seconds(60);  // a client that stops reading

}  // namespace divolte::http
