# Install rules and CPack configuration of the distributions (operations.md §8):
#
#   divolte-collector-<version>.tar.gz, .zip   self-contained: bundled libraries and uap-core rules
#   divolte-collector_<version>-1_<arch>.deb   under /usr/share/divolte; Debian's libraries and
#                                              uap-core as dependencies
#   divolte-collector-<version>-1.<arch>.rpm   under /usr/share/divolte; bundled like the archives
#
# Every file belongs to one install component; the CPack project configuration
# (packaging/CPackProjectConfig.cmake.in) chooses the components and prefix of each generator:
#
#   component           content                                        archives  deb  rpm
#   runtime             launchers, conf/ examples and schema, docs        x       x    x
#   executable_bundled  libexec/divolte-collector, run-path ../lib        x            x
#   executable_system   libexec/divolte-collector, no run-path                    x
#   bundled             lib/, share/uap-core, their licences              x            x
#   system              /etc/divolte, /var/log/divolte                            x    x
#   unit_deb            /lib/systemd/system/divolte-collector.service             x
#   unit_rpm            /usr/lib/systemd/system/divolte-collector.service              x
#
# A plain `cmake --install <build> --prefix <dir>` installs the archive layout (the first three).
#
# `cpack --config <build>/CPackConfig.cmake` (or `make package`) writes the four packages to
# <build>/packages.

if(NOT CMAKE_GENERATOR STREQUAL "Ninja")
  # The licences of compiled-in libraries are read from Ninja's dependency log.
  message(STATUS "Packaging: install rules need the Ninja generator (see CMakePresets.json)")
  return()
endif()

set(DIVOLTE_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(DIVOLTE_DOC_DIR share/doc/divolte-collector)
set(DIVOLTE_UAP_CORE_REGEXES /usr/share/uap-core/regexes.yaml)
if(NOT EXISTS ${DIVOLTE_UAP_CORE_REGEXES})
  message(FATAL_ERROR "${DIVOLTE_UAP_CORE_REGEXES} is missing: install Debian's uap-core")
endif()

# conf/DefaultEventRecord.avsc, written from the schema the executable embeds.
add_executable(default_schema_avsc ${DIVOLTE_PACKAGING_DIR}/tools/default_schema_avsc.cc)
divolte_target_defaults(default_schema_avsc)
target_link_libraries(default_schema_avsc PRIVATE divolte_avro nlohmann_json::nlohmann_json)
set(DIVOLTE_DEFAULT_SCHEMA_AVSC ${CMAKE_BINARY_DIR}/packaging/DefaultEventRecord.avsc)
add_custom_command(OUTPUT ${DIVOLTE_DEFAULT_SCHEMA_AVSC}
  COMMAND default_schema_avsc ${DIVOLTE_DEFAULT_SCHEMA_AVSC}
  DEPENDS default_schema_avsc
  COMMENT "Writing DefaultEventRecord.avsc")
add_custom_target(default_schema_file ALL DEPENDS ${DIVOLTE_DEFAULT_SCHEMA_AVSC})

# The archives' and RPM's executable finds the bundled libraries in ../lib. DT_RPATH rather than
# DT_RUNPATH: the loader applies an executable's RPATH to the dependencies of its dependencies as
# well (librdkafka's liblz4, libzstd, libsasl2), so every bundled library is taken from lib/. Linked in from
# the start: otherwise CMake pads the build tree's RPATH with empty entries to make room, and an
# empty RPATH entry means the current directory.
set_target_properties(divolte-collector PROPERTIES
  INSTALL_RPATH "$ORIGIN/../lib"
  BUILD_WITH_INSTALL_RPATH ON)
set_property(TARGET divolte-collector APPEND PROPERTY LINK_OPTIONS "LINKER:--disable-new-dtags")

# --- runtime: the same in every distribution -----------------------------------------------------
install(PROGRAMS
    ${DIVOLTE_PACKAGING_DIR}/bin/divolte-collector
    ${DIVOLTE_PACKAGING_DIR}/bin/mapping-test-server
    ${DIVOLTE_PACKAGING_DIR}/bin/avro-tools
  DESTINATION bin COMPONENT runtime)
install(FILES
    ${DIVOLTE_PACKAGING_DIR}/conf/divolte-env.sh.example
    ${DIVOLTE_PACKAGING_DIR}/conf/divolte-collector.conf.example
    ${DIVOLTE_DEFAULT_SCHEMA_AVSC}
  DESTINATION conf COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
              ${PROJECT_SOURCE_DIR}/NOTICE
  DESTINATION ${DIVOLTE_DOC_DIR} COMPONENT runtime)
install(CODE "
  include(\"${PROJECT_SOURCE_DIR}/cmake/PackagingInstall.cmake\")
  divolte_install_compiled_in_licences(
    EXECUTABLE \"$<TARGET_FILE:divolte-collector>\"
    BUILD_DIR \"${CMAKE_BINARY_DIR}\"
    NINJA \"${CMAKE_MAKE_PROGRAM}\"
    LICENCE_DIR \"\${CMAKE_INSTALL_PREFIX}/${DIVOLTE_DOC_DIR}/licences\")"
  COMPONENT runtime)

# --- the executable, with or without its run-path ------------------------------------------------
install(TARGETS divolte-collector RUNTIME DESTINATION libexec COMPONENT executable_bundled)
# The Debian package links Debian's libraries: no run-path into a lib/ it does not have.
install(TARGETS divolte-collector RUNTIME DESTINATION libexec
  COMPONENT executable_system EXCLUDE_FROM_ALL)
install(CODE "
  file(RPATH_REMOVE FILE \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/libexec/divolte-collector\")"
  COMPONENT executable_system EXCLUDE_FROM_ALL)

# --- bundled: what the self-contained distributions carry ----------------------------------------
install(CODE "
  include(\"${PROJECT_SOURCE_DIR}/cmake/PackagingInstall.cmake\")
  divolte_bundle_libraries(
    EXECUTABLE \"$<TARGET_FILE:divolte-collector>\"
    LIBRARY_DIR \"\${CMAKE_INSTALL_PREFIX}/lib\"
    LICENCE_DIR \"\${CMAKE_INSTALL_PREFIX}/${DIVOLTE_DOC_DIR}/licences\")
  divolte_install_licences(FILES \"${DIVOLTE_UAP_CORE_REGEXES}\"
    LICENCE_DIR \"\${CMAKE_INSTALL_PREFIX}/${DIVOLTE_DOC_DIR}/licences\")"
  COMPONENT bundled)
install(FILES ${DIVOLTE_UAP_CORE_REGEXES} DESTINATION share/uap-core COMPONENT bundled)

# --- system: the Debian and RPM packages' files outside /usr/share/divolte -----------------------
# Absolute destinations: CPack stages them under DESTDIR (CPACK_SET_DESTDIR in the project
# configuration), never on the building machine.
install(FILES ${DIVOLTE_PACKAGING_DIR}/conf/divolte-collector.conf.example
  DESTINATION /etc/divolte RENAME divolte-collector.conf
  COMPONENT system EXCLUDE_FROM_ALL)
install(FILES ${DIVOLTE_PACKAGING_DIR}/conf/divolte-env.sh.example
  DESTINATION /etc/divolte RENAME divolte-env.sh
  COMPONENT system EXCLUDE_FROM_ALL)
install(CODE "file(MAKE_DIRECTORY \"\$ENV{DESTDIR}/var/log/divolte\")"
  COMPONENT system EXCLUDE_FROM_ALL)
# Debian keeps units in /lib (policy for bookworm); RPM distributions in /usr/lib.
install(FILES ${DIVOLTE_PACKAGING_DIR}/systemd/divolte-collector.service
  DESTINATION /lib/systemd/system COMPONENT unit_deb EXCLUDE_FROM_ALL)
install(FILES ${DIVOLTE_PACKAGING_DIR}/systemd/divolte-collector.service
  DESTINATION /usr/lib/systemd/system COMPONENT unit_rpm EXCLUDE_FROM_ALL)

# --- CPack ---------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME divolte-collector)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "divolte-cpp")
set(CPACK_PACKAGE_CONTACT "divolte-cpp authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Clickstream collector, a drop-in replacement for Divolte Collector")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Collects click-stream events from web pages and apps over HTTP, maps them onto Avro records "
    "and writes them to files, HDFS, Kafka, Google Cloud Storage or Pub/Sub. Reads Divolte "
    "Collector's configuration files.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR TGZ ZIP DEB RPM)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
# Also the archives' top directory: divolte-collector-<version>/.
set(CPACK_PACKAGE_FILE_NAME divolte-collector-${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)  # the release build keeps debug information; packages do not
set(CPACK_COMPONENTS_ALL_IN_ONE_PACKAGE ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "uap-core, adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${DIVOLTE_PACKAGING_DIR}/deb/conffiles
    ${DIVOLTE_PACKAGING_DIR}/deb/postinst
    ${DIVOLTE_PACKAGING_DIR}/deb/prerm
    ${DIVOLTE_PACKAGING_DIR}/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_RELOCATABLE OFF)
set(CPACK_PACKAGE_RELOCATABLE OFF)  # fixed paths: the unit names /usr/share/divolte
set(CPACK_RPM_PACKAGE_REQUIRES_PRE "/usr/sbin/useradd, /usr/sbin/groupadd")
set(CPACK_RPM_PRE_INSTALL_SCRIPT_FILE ${DIVOLTE_PACKAGING_DIR}/rpm/pre.sh)
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE ${DIVOLTE_PACKAGING_DIR}/rpm/post.sh)
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE ${DIVOLTE_PACKAGING_DIR}/rpm/preun.sh)
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE ${DIVOLTE_PACKAGING_DIR}/rpm/postun.sh)
# CPack marks every file of an absolute destination %config unless listed here: the unit is not
# configuration (an administrator overrides it in /etc/systemd/system).
set(CPACK_RPM_USER_FILELIST
    "%config(noreplace) /etc/divolte/divolte-collector.conf"
    "%config(noreplace) /etc/divolte/divolte-env.sh"
    "%dir %attr(0750,divolte,divolte) /var/log/divolte"
    "%attr(0644,root,root) /usr/lib/systemd/system/divolte-collector.service")
# Directories the distribution owns.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/lib/systemd /usr/lib/systemd/system /var /var/log)

# Read by the project configuration file when cpack runs: the RPM's requirements are computed
# with the same function that bundles the libraries.
set(CPACK_DIVOLTE_INSTALL_HELPERS ${PROJECT_SOURCE_DIR}/cmake/PackagingInstall.cmake)
set(CPACK_DIVOLTE_OBJDUMP "${CMAKE_OBJDUMP}")
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/packaging/CPackProjectConfig.cmake
  INPUT ${DIVOLTE_PACKAGING_DIR}/CPackProjectConfig.cmake.in)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/packaging/CPackProjectConfig.cmake)

include(CPack)
