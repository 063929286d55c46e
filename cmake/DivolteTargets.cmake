# Helpers that create every target of the project with the same standard, warnings and layout.
#
#   divolte_library(<module> SOURCES a.cc b.cc DEPS divolte_base fmt::fmt)
#     creates static library divolte_<module>; include paths are relative to src/.
#   divolte_test(<name> SOURCES a_test.cc DEPS divolte_<module> [PREFIX <text>] [ONE_PROCESS])
#     creates a GoogleTest executable and registers its tests with CTest (names prefixed with
#     PREFIX when given, so that `ctest -R <module>` selects them), with the test environment of
#     cmake/Sanitizers.cmake. Each test runs in its own process, or with ONE_PROCESS the whole
#     executable is one CTest test: for tests that share costly set-up in one process (the
#     compiled uap-core rules take seconds under a sanitizer).
#   divolte_fuzzer(<name> DEPS divolte_<module>)
#     creates the libFuzzer executable <name>_fuzzer from <name>_fuzzer.cc and adds it to the
#     aggregate target `fuzzers` (tests/fuzz, DIVOLTE_FUZZ only).

set(DIVOLTE_WARNINGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

function(divolte_target_defaults target)
  target_compile_options(${target} PRIVATE ${DIVOLTE_WARNINGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()

function(divolte_library module)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(divolte_${module} STATIC ${ARG_SOURCES})
  divolte_target_defaults(divolte_${module})
  target_link_libraries(divolte_${module} PUBLIC ${ARG_DEPS})
endfunction()

function(divolte_test name)
  cmake_parse_arguments(ARG "ONE_PROCESS" "PREFIX" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  divolte_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  set(environment "DIVOLTE_SOURCE_DIR=${PROJECT_SOURCE_DIR}" ${DIVOLTE_TEST_ENVIRONMENT})
  if(ARG_ONE_PROCESS)
    add_test(NAME ${ARG_PREFIX}${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(${ARG_PREFIX}${name} PROPERTIES ENVIRONMENT "${environment}")
    return()
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST TEST_PREFIX "${ARG_PREFIX}"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # The environment is set on the discovered tests by a file ctest includes after the discovery
  # (which defines ${name}_TESTS): gtest_discover_tests cannot pass a list-valued property.
  set(environment_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_environment.cmake)
  file(WRITE ${environment_file}
    "if(${name}_TESTS)\n"
    "  set_tests_properties(\${${name}_TESTS} PROPERTIES ENVIRONMENT [==[${environment}]==])\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${environment_file})
endfunction()

function(divolte_fuzzer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  add_executable(${name}_fuzzer ${name}_fuzzer.cc)
  divolte_target_defaults(${name}_fuzzer)
  target_link_libraries(${name}_fuzzer PRIVATE ${ARG_DEPS})
  target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzzers ${name}_fuzzer)
endfunction()
