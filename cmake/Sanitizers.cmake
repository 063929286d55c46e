# Sanitizer and fuzzer builds (the asan and tsan presets; docs in sanitizers/README.md).
#
#   DIVOLTE_SANITIZER        "" (none), "address" (AddressSanitizer with LeakSanitizer and
#                            UndefinedBehaviorSanitizer) or "thread" (ThreadSanitizer). Every
#                            target, ours and the test utilities, is compiled and linked with it.
#   DIVOLTE_FUZZ             also build the libFuzzer targets of tests/fuzz (clang and
#                            DIVOLTE_SANITIZER=address): every target is compiled with libFuzzer's
#                            coverage instrumentation, so that one build runs both the test suite
#                            and the fuzzers (the instrumentation's callbacks are no-ops in the
#                            sanitizer runtime of the other executables).
#   DIVOLTE_TEST_ENVIRONMENT the environment every test gets (a CMake list of NAME=value): the
#                            sanitizer's options with the suppression files of sanitizers/, and
#                            DIVOLTE_TEST_TIME_SCALE, the factor by which tests stretch their
#                            deadlines, and DIVOLTE_SANITIZER itself. The collector processes the end-to-end suites start inherit
#                            it. Empty for ordinary builds.
#   DIVOLTE_E2E_TEST_ENVIRONMENT the same for the end-to-end suites (see below).
#   DIVOLTE_PACKAGE_TESTS    whether the package tests are registered (tests/package): OFF by
#                            default in sanitizer builds, whose executable is not what a
#                            distribution ships.

set(DIVOLTE_SANITIZER "" CACHE STRING "Sanitizer of every target: empty, address or thread")
set_property(CACHE DIVOLTE_SANITIZER PROPERTY STRINGS "" address thread)
option(DIVOLTE_FUZZ "Build the fuzzers of tests/fuzz (clang, DIVOLTE_SANITIZER=address)" OFF)

set(DIVOLTE_TEST_ENVIRONMENT "")
set(_divolte_suppressions ${PROJECT_SOURCE_DIR}/sanitizers)

if(DIVOLTE_SANITIZER STREQUAL "address")
  # -fno-sanitize-recover: undefined behaviour aborts the process like an ASan error, so that no
  # test passes with a report in its log.
  set(_divolte_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  set(_divolte_asan_options
      "halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1")
  list(APPEND DIVOLTE_TEST_ENVIRONMENT
    "ASAN_OPTIONS=${_divolte_asan_options}"
    "LSAN_OPTIONS=suppressions=${_divolte_suppressions}/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=suppressions=${_divolte_suppressions}/ubsan.supp:print_stacktrace=1:halt_on_error=1"
    "DIVOLTE_TEST_TIME_SCALE=4")
elseif(DIVOLTE_SANITIZER STREQUAL "thread")
  set(_divolte_sanitizer_flags -fsanitize=thread)
  list(APPEND DIVOLTE_TEST_ENVIRONMENT
    "TSAN_OPTIONS=suppressions=${_divolte_suppressions}/tsan.supp:print_suppressions=0:halt_on_error=1:second_deadlock_stack=1"
    "DIVOLTE_TEST_TIME_SCALE=6")
elseif(NOT DIVOLTE_SANITIZER STREQUAL "")
  message(FATAL_ERROR "DIVOLTE_SANITIZER must be empty, address or thread, not '${DIVOLTE_SANITIZER}'")
endif()

if(DIVOLTE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT DIVOLTE_SANITIZER STREQUAL "address")
    message(FATAL_ERROR "DIVOLTE_FUZZ needs clang and DIVOLTE_SANITIZER=address: use the asan preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(DIVOLTE_SANITIZER)
  list(APPEND DIVOLTE_TEST_ENVIRONMENT "DIVOLTE_SANITIZER=${DIVOLTE_SANITIZER}")
endif()

# The end-to-end suites start the collector a few hundred times, and each start compiles the
# uap-core rules with Hyperscan, millions of allocations in an uninstrumented library: about 9 s of
# CPU under the full options against 1 s in a release build, most of the suites' time and more
# than the CI budget allows. Their processes therefore record two frames per allocation
# (malloc_context_size=2; 0 or 1 would also silence LeakSanitizer, as e2e.sanitizers shows) and
# keep no quarantine of freed memory (quarantine_size_mb=0): 4 s per start. Every other check is
# on; a use after free is still caught until the memory is reused, and the unit tests and the
# fuzzers, which run the same code in-process, keep the full quarantine. To investigate a report,
# rerun the suite with ASAN_OPTIONS=malloc_context_size=30:quarantine_size_mb=256 added.
set(DIVOLTE_E2E_TEST_ENVIRONMENT ${DIVOLTE_TEST_ENVIRONMENT})
if(DIVOLTE_SANITIZER STREQUAL "address")
  list(TRANSFORM DIVOLTE_E2E_TEST_ENVIRONMENT REPLACE "^ASAN_OPTIONS=.*$"
       "ASAN_OPTIONS=${_divolte_asan_options}:malloc_context_size=2:quarantine_size_mb=0")
endif()

if(DIVOLTE_SANITIZER)
  add_compile_options(${_divolte_sanitizer_flags})
  add_link_options(${_divolte_sanitizer_flags})
  option(DIVOLTE_PACKAGE_TESTS "Register the package tests (cpack of the executable)" OFF)
else()
  option(DIVOLTE_PACKAGE_TESTS "Register the package tests (cpack of the executable)" ON)
endif()

# ThreadSanitizer and librdkafka's C11 threads: sanitizers/c11_threads_for_tsan.cc, linked into
# every executable created after this point (all of them).
if(DIVOLTE_SANITIZER STREQUAL "thread")
  add_library(divolte_c11_threads_for_tsan OBJECT ${PROJECT_SOURCE_DIR}/sanitizers/c11_threads_for_tsan.cc)
  link_libraries(divolte_c11_threads_for_tsan)
endif()
