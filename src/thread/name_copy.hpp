// SPDX-License-Identifier: MIT
// The one check of a thread name, for spawn's option and for set_name: at most 15 bytes.
#pragma once

#include <cstddef>

namespace rawthread::detail {

// Copies `name` with its NUL into dst; false (dst then holds a prefix) when it does not fit.
inline bool copy_name(char (&dst)[16], const char* name) {
  for (std::size_t i = 0;; ++i) {
    if (i == sizeof dst) return false;
    dst[i] = name[i];
    if (name[i] == '\0') return true;
  }
}

}  // namespace rawthread::detail
