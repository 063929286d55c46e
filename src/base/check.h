#pragma once

// CHECK(condition): crash loudly when an internal invariant is broken. Always on, also in
// release builds; never used for bad input, which is answered with an error value instead.

namespace divolte::base::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace divolte::base::internal

#define CHECK(condition)                                                      \
  do {                                                                        \
    if (!(condition)) [[unlikely]]                                            \
      ::divolte::base::internal::CheckFailed(#condition, __FILE__, __LINE__); \
  } while (false)
