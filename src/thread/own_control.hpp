// SPDX-License-Identifier: MIT
// The calling thread's control block when spawn made the thread, found without a system call
// (for thread_key and stack_bounds): through the thread pointer when freestanding, by the stack
// pointer in the registry's stack map when hosted (see stack_map.hpp). Inline: it is the whole
// of thread_key's hot path.
#pragma once

#include <cstdint>

#include "arch.hpp"
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
  return registry_find_by_stack(arch::stack_pointer());
}

}  // namespace rawthread::detail
