// SPDX-License-Identifier: MIT
// What rawthread::init learnt about the process, for the environment and aux vector look-ups.
#pragma once

#include <rawthread/start.hpp>

namespace rawthread::detail {

struct process_state {
  int argc;
  char** argv;
  char** envp;
  const unsigned long* auxv;  // (type, value) pairs up to AT_NULL
  bool initialized;
};
// Written once by init on the main thread before any other thread exists; read-only afterwards.
extern process_state process_info;

// The value of entry `type` in the aux vector `auxv`, or null when it has none.
const unsigned long* aux_find(const unsigned long* auxv, unsigned long type);

// The aux vector entries start-up reads (types up to AT_RANDOM), gathered in one pass over it;
// 0 for an entry the vector lacks (none of these is ever 0 when present).
struct startup_aux {
  unsigned long value[at::random + 1];
};
startup_aux gather_startup_aux(const unsigned long* auxv);

}  // namespace rawthread::detail
