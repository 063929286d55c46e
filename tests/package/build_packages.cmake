# cmake -DCPACK=<cpack> -DCONFIG=<CPackConfig.cmake> -DGENERATORS=<g1,g2> -DOUTPUT=<dir>
#       -P build_packages.cmake
# Builds the packages of GENERATORS from the build tree into an emptied OUTPUT (the package
# tests' fixtures), failing on any cpack error.
cmake_minimum_required(VERSION 3.25)
string(REPLACE "," ";" GENERATORS "${GENERATORS}")
file(REMOVE_RECURSE "${OUTPUT}")
file(MAKE_DIRECTORY "${OUTPUT}")
execute_process(COMMAND "${CPACK}" --config "${CONFIG}" -G "${GENERATORS}" -B "${OUTPUT}"
  COMMAND_ERROR_IS_FATAL ANY)
