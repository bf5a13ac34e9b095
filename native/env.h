// Switches read from the environment once per process.
#pragma once

#include <cstdlib>
#include <cstring>

namespace benchtop {

// Whether the variable `name` is set to "0" (a kernel path turned off, to compare it with another).
inline bool env_switched_off(const char* name) {
  const char* v = std::getenv(name);
  return v && std::strcmp(v, "0") == 0;
}

}  // namespace benchtop
