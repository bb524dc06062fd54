// SPDX-License-Identifier: MIT
// The main thread's stack as a freestanding program's start-up knows it, for overflow reports.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::detail {

struct main_stack {
  std::uintptr_t guard_low;  // where a fault means the stack could grow no further
  std::uintptr_t guard_high;
  std::size_t size;  // RLIMIT_STACK: what the kernel lets it grow to
};

// Weak: defined in init.cpp, which only freestanding programs link (a hosted program's main stack
// is libc's and this is null there). False when the bounds are unknown: RLIMIT_STACK unlimited.
[[gnu::weak]] bool find_main_stack(main_stack& out);

}  // namespace rawthread::detail
