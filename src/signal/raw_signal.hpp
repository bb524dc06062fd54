// SPDX-License-Identifier: MIT
// The signal system calls the library's own code makes, inline (as sys/raw.hpp's are).
#pragma once

#include <rawthread/signal.hpp>

#include "../sys/raw.hpp"
#include "arch.hpp"

namespace rawthread::sys::raw {

inline result<void> sigaltstack(const signal_stack* stack, signal_stack* old) {
  return from_kernel_void(
      arch::syscall2(arch::nr::sigaltstack, as_long(stack), as_long(old)));
}

}  // namespace rawthread::sys::raw
