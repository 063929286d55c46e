#pragma once

// A file of the fuzzers that must go through the filesystem (the configuration loader, the Avro
// tools): one path per process in a private directory under $TMPDIR, removed at exit.

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "base/check.h"

namespace divolte::fuzz {

// The path of `name` in this process's directory; created on the first call.
inline const std::string& TempFilePath(const char* name) {
  // Never destroyed: the exit handler below still needs it.
  static const std::string* const path = [name] {
    const char* tmp = std::getenv("TMPDIR");
    std::string directory = std::string(tmp != nullptr ? tmp : "/tmp") + "/divolte-fuzz-XXXXXX";
    CHECK(::mkdtemp(directory.data()) != nullptr);
    auto* file = new std::string(directory + "/" + name);
    std::atexit([] {
      const std::string& file = TempFilePath(nullptr);
      ::unlink(file.c_str());
      ::rmdir(file.substr(0, file.rfind('/')).c_str());
    });
    return file;
  }();
  return *path;
}

}  // namespace divolte::fuzz
