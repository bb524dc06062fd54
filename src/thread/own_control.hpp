// SPDX-License-Identifier: MIT
// The calling thread's control block when spawn made the thread, found without a system call
// (for thread_key and stack_bounds): through the thread pointer when freestanding, through the
// registry's stack ranges when hosted (see registry.hpp for the one case that asks the kernel).
#pragma once

#include <cstdint>

#include "../sys/raw.hpp"
#include "control.hpp"
#include "registry.hpp"
#include "tls.hpp"

namespace rawthread::detail {

// Null in the main thread and in threads libc made.
inline control* own_control() {
  if (tls_enabled()) {
    control* c = tls_current_control();
    return c->map_base != nullptr ? c : nullptr;
  }
  const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  if (control* c = registry_find_by_stack(here)) return c;
  if (!registry_stacks_complete()) return registry_find(sys::raw::gettid());
  return nullptr;
}

}  // namespace rawthread::detail
