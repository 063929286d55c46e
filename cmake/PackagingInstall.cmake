# Install-time helpers of cmake/Packaging.cmake, included by its install(CODE) rules (they run
# in cmake_install.cmake, under `cmake --install` or cpack, where DESTDIR and
# CMAKE_INSTALL_PREFIX are those of the install being made).
#
#   divolte_runtime_libraries(<exe> <out_var>)
#     the resolved paths of every shared library <exe> loads, transitively, except the glibc
#     family: what the self-contained distributions bundle (also read by the RPM configuration).
#   divolte_bundle_libraries(EXECUTABLE <exe> LIBRARY_DIR <dir> LICENCE_DIR <dir>)
#     copies every shared library <exe> loads, except the glibc family, into LIBRARY_DIR under
#     the name the loader asks for, and the Debian copyright file of each providing package into
#     LICENCE_DIR.
#   divolte_install_licences(FILES <path>... LICENCE_DIR <dir>)
#     the Debian copyright file of each package providing one of FILES, into LICENCE_DIR.
#   divolte_install_compiled_in_licences(EXECUTABLE <exe> BUILD_DIR <dir> NINJA <ninja>
#                                        LICENCE_DIR <dir>)
#     the copyright of each Debian package whose headers were compiled into <exe> (header-only
#     libraries such as CLI11 or nlohmann-json carry their licence into the binary), except the
#     toolchain's and those of libraries <exe> loads at run time (whose packages ship or depend
#     on their own copyright).
#
# Licence files are named licences/<package>.copyright after the Debian binary package.

# Install scripts run without the project's policy settings; the functions below keep these.
cmake_policy(VERSION 3.25)

# The glibc family: present on every Linux system, never bundled (its loader must match it).
# DIVOLTE_GLIBC_FAMILY_REGEX matches a library file name.
set(DIVOLTE_GLIBC_FAMILY_REGEX
    "^(libc|libm|libpthread|libdl|librt|libresolv)[.]so([.].*)?$|^ld-linux.*[.]so([.].*)?$")

# Toolchain packages: the C library's and kernel's headers and libstdc++'s, whose licences
# (LGPL for glibc headers used as an interface, the GCC Runtime Library Exception) ask nothing of
# a compiled program.
set(_divolte_toolchain_packages_regex
    "^(libc6-dev|linux-libc-dev|libstdc[+][+]-[0-9]+-dev|libgcc-[0-9]+-dev|libgcc-s[0-9]+)$")

function(divolte_runtime_libraries exe out_var)
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES "${exe}"
    RESOLVED_DEPENDENCIES_VAR resolved
    UNRESOLVED_DEPENDENCIES_VAR unresolved
    PRE_EXCLUDE_REGEXES "${DIVOLTE_GLIBC_FAMILY_REGEX}")
  if(unresolved)
    message(FATAL_ERROR "Cannot resolve the shared libraries ${unresolved} of ${exe}")
  endif()
  set(${out_var} "${resolved}" PARENT_SCOPE)
endfunction()

# The Debian binary packages that own `paths` (one dpkg call). On a merged-/usr system dpkg knows
# a library under the directory its package uses (/lib or /usr/lib), so both spellings and the
# resolved path are asked for. Paths no package owns are ignored.
function(_divolte_debian_packages out_var)
  set(queries "")
  foreach(path IN LISTS ARGN)
    file(REAL_PATH "${path}" real)
    foreach(candidate "${path}" "${real}")
      list(APPEND queries "${candidate}")
      if(candidate MATCHES "^/usr(/lib/.*)$")
        list(APPEND queries "${CMAKE_MATCH_1}")
      elseif(candidate MATCHES "^/lib/")
        list(APPEND queries "/usr${candidate}")
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES queries)
  set(packages "")
  if(queries)
    execute_process(COMMAND dpkg-query --search ${queries}
      OUTPUT_VARIABLE output ERROR_QUIET)
    string(REPLACE "\n" ";" lines "${output}")
    foreach(line IN LISTS lines)
      # "<pkg>[:<arch>][, <pkg>[:<arch>]...]: <path>"; diversion lines start otherwise.
      if(line MATCHES "^([^ :,]+(:[a-z0-9]+)?(, [^ :,]+(:[a-z0-9]+)?)*): /")
        string(REPLACE ", " ";" owners "${CMAKE_MATCH_1}")
        foreach(owner IN LISTS owners)
          string(REGEX REPLACE ":[a-z0-9]+$" "" owner "${owner}")
          list(APPEND packages "${owner}")
        endforeach()
      endif()
    endforeach()
  endif()
  list(REMOVE_DUPLICATES packages)
  list(SORT packages)
  set(${out_var} "${packages}" PARENT_SCOPE)
endfunction()

# Debian source package of each binary package, as a list parallel to `packages`.
function(_divolte_source_packages packages out_var)
  set(sources "")
  foreach(package IN LISTS packages)
    execute_process(COMMAND dpkg-query --show "--showformat=\${source:Package}" "${package}"
      OUTPUT_VARIABLE source OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(source STREQUAL "")
      set(source "${package}")
    endif()
    list(APPEND sources "${source}")
  endforeach()
  set(${out_var} "${sources}" PARENT_SCOPE)
endfunction()

function(_divolte_install_copyrights licence_dir)
  foreach(package IN LISTS ARGN)
    set(copyright "/usr/share/doc/${package}/copyright")
    if(NOT EXISTS "${copyright}")
      message(FATAL_ERROR "No licence text for the Debian package ${package}: ${copyright}")
    endif()
    file(INSTALL DESTINATION "${licence_dir}" TYPE FILE RENAME "${package}.copyright"
      FILES "${copyright}")
  endforeach()
endfunction()

function(divolte_install_licences)
  cmake_parse_arguments(ARG "" "LICENCE_DIR" "FILES" ${ARGN})
  _divolte_debian_packages(packages ${ARG_FILES})
  if(NOT packages)
    message(FATAL_ERROR "No Debian package provides ${ARG_FILES}")
  endif()
  _divolte_install_copyrights("${ARG_LICENCE_DIR}" ${packages})
endfunction()

function(divolte_bundle_libraries)
  cmake_parse_arguments(ARG "" "EXECUTABLE;LIBRARY_DIR;LICENCE_DIR" "" ${ARGN})
  divolte_runtime_libraries("${ARG_EXECUTABLE}" libraries)
  foreach(library IN LISTS libraries)
    # The resolved path is the name the loader asks for (usually a link to the versioned file):
    # the file's content is installed under that name, so lib/ holds no symbolic links.
    get_filename_component(name "${library}" NAME)
    file(REAL_PATH "${library}" real)
    file(INSTALL DESTINATION "${ARG_LIBRARY_DIR}" TYPE FILE RENAME "${name}"
      USE_SOURCE_PERMISSIONS FILES "${real}")
  endforeach()
  _divolte_debian_packages(packages ${libraries})
  _divolte_install_copyrights("${ARG_LICENCE_DIR}" ${packages})
endfunction()

# The header files the objects of <exe> were compiled with, from Ninja's dependency log.
function(_divolte_compiled_headers ninja exe build_dir out_var)
  file(RELATIVE_PATH target "${build_dir}" "${exe}")  # Ninja names outputs relative to the tree
  execute_process(COMMAND "${ninja}" -C "${build_dir}" -t inputs "${target}"
    OUTPUT_VARIABLE inputs RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ninja -t inputs ${exe} failed")
  endif()
  string(REPLACE "\n" ";" inputs "${inputs}")
  list(FILTER inputs INCLUDE REGEX "[.]o$")
  execute_process(COMMAND "${ninja}" -C "${build_dir}" -t deps ${inputs}
    OUTPUT_VARIABLE deps RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ninja -t deps failed")
  endif()
  string(REPLACE "\n" ";" deps "${deps}")
  set(headers "")
  foreach(line IN LISTS deps)
    if(line MATCHES "^    (/usr/.*)$")
      list(APPEND headers "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES headers)
  set(${out_var} "${headers}" PARENT_SCOPE)
endfunction()

function(divolte_install_compiled_in_licences)
  cmake_parse_arguments(ARG "" "EXECUTABLE;BUILD_DIR;NINJA;LICENCE_DIR" "" ${ARGN})
  _divolte_compiled_headers("${ARG_NINJA}" "${ARG_EXECUTABLE}" "${ARG_BUILD_DIR}" headers)
  _divolte_debian_packages(header_packages ${headers})
  list(FILTER header_packages EXCLUDE REGEX "${_divolte_toolchain_packages_regex}")
  divolte_runtime_libraries("${ARG_EXECUTABLE}" libraries)
  _divolte_debian_packages(library_packages ${libraries})
  _divolte_source_packages("${library_packages}" library_sources)
  _divolte_source_packages("${header_packages}" header_sources)
  set(compiled_in "")
  foreach(package source IN ZIP_LISTS header_packages header_sources)
    if(NOT source IN_LIST library_sources)
      list(APPEND compiled_in "${package}")
    endif()
  endforeach()
  _divolte_install_copyrights("${ARG_LICENCE_DIR}" ${compiled_in})
endfunction()
