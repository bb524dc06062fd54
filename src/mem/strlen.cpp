// SPDX-License-Identifier: MIT
// strlen: GCC turns counting loops into calls to it (in rawthread_lib code too), so a
// freestanding program needs one. Strings are short here; a byte loop is enough.
#include <cstddef>

extern "C" std::size_t strlen(const char* s) {
  const char* end = s;
  while (*end != '\0') ++end;
  return static_cast<std::size_t>(end - s);
}
