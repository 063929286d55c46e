// A program with one deliberate bug per sanitizer, for tests/integration/test_sanitizers.py: it
// shows that a sanitizer build really instruments executables, that the test environment's
// options make a report fail the process, and that the harness recognises every kind of report.
// Built only in sanitizer builds (cmake/Sanitizers.cmake).
//
//   sanitizer_canary heap-overflow | use-after-free | leak | undefined | race | none

#include <cstdio>
#include <cstring>
#include <string_view>
#include <thread>

namespace {

// The bugs read through volatile values so that the compiler cannot prove them and drop them.
volatile int g_index = 8;
volatile int g_large = 2147483647;
int g_shared = 0;
int* volatile g_leaked = nullptr;

int HeapOverflow() {
  int* values = new int[8];
  const int value = values[g_index];
  delete[] values;
  return value;
}

int UseAfterFree() {
  int* value = new int(1);
  delete value;
  return *value;
}

// On a thread that ends: LeakSanitizer scans live stacks and registers conservatively, and a copy
// of the pointer left in main's would hide the leak.
int Leak() {
  std::thread allocator([] {
    g_leaked = new int[100];
    g_leaked = nullptr;  // the only pointer to the array is gone
  });
  allocator.join();
  return 0;
}

int Undefined() {
  const int large = g_large;
  return large + 1;
}

int Race() {
  std::thread writer([] { g_shared = 1; });
  g_shared = 2;
  writer.join();
  return g_shared;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view kind = argc > 1 ? argv[1] : "none";
  int result = 0;
  if (kind == "heap-overflow") {
    result = HeapOverflow();
  } else if (kind == "use-after-free") {
    result = UseAfterFree();
  } else if (kind == "leak") {
    result = Leak();
  } else if (kind == "undefined") {
    result = Undefined();
  } else if (kind == "race") {
    result = Race();
  } else if (kind != "none") {
    std::fprintf(stderr, "unknown kind: %s\n", argv[1]);
    return 2;
  }
  std::printf("survived %d\n", result);
  return 0;
}
