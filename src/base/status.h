#pragma once

// Status and Result<T>: the error values used everywhere on the data path and during start-up.
// A Status is either ok or carries a human-readable message; Result<T> is a T or a failed Status.
// Neither throws. Both are cheap to move; an ok Status does not allocate.

#include <string>
#include <utility>
#include <variant>

#include "base/check.h"

namespace divolte::base {

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !failed_; }
  // REQUIRES: !ok()
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}

  bool failed_ = false;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    CHECK(!std::get<Status>(state_).ok());
  }
  static Result Error(std::string message) { return Result(Status::Error(std::move(message))); }

  bool ok() const { return state_.index() == 0; }
  // REQUIRES: ok()
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // REQUIRES: !ok()
  const Status& status() const { return std::get<1>(state_); }
  const std::string& message() const { return status().message(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace divolte::base
