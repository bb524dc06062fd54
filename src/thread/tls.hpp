// Static TLS for new threads. rawthread owns the thread pointer only in freestanding mode; in
// hosted mode libc owns it and new threads share their creator's (no CLONE_SETTLS).
#pragma once

#include <cstddef>

#include "control.hpp"

namespace rawthread::detail {

struct tls_area {
  std::size_t size;   // bytes to reserve in each thread's mapping (0: none)
  std::size_t align;  // alignment of the area's start
};

// What one thread's TLS (TLS block plus TCB) needs; {0, 1} in hosted mode.
tls_area tls_area_needed();

// Lays out a new thread's TLS in `area` (tls_area_needed() bytes) and returns the thread pointer
// to pass with CLONE_SETTLS, or null in hosted mode.
void* tls_prepare(void* area, control* c);

}  // namespace rawthread::detail
