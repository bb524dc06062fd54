// SPDX-License-Identifier: MIT
// The live-thread registry of hosted mode: every running rawthread thread, so that code deep
// inside a thread can find its own control block when the thread pointer belongs to libc:
// by the stack pointer (stack_map.hpp: thread_key, stack_bounds) or by the tid
// (this_thread::exit). The creator adds each thread just before its clone; the thread removes
// itself as it leaves. Freestanding, threads find their block through the thread pointer and
// do not register.
#pragma once

#include <cstdint>

#include "control.hpp"
#include "stack_map.hpp"

namespace rawthread::detail {

// Weak: registry.cpp is linked only into programs that can look a thread up (through the
// functions below), so a program that cannot links no registry and its threads find these null
// and skip them.
// False, with nothing registered, when the stack map has no memory for `c`'s pages (ENOMEM).
[[gnu::weak]] bool registry_add(control* c);
[[gnu::weak]] void registry_remove(control* c);
// The control block of the thread with kernel id `tid`, or null if rawthread did not create it.
control* registry_find(int tid);
// The control block of the registered thread whose memory holds `address` (null: none), by a
// walk of the registry under its lock: for the pages stack_map marks `shared`.
control* registry_find_covering(std::uintptr_t address);

// The registered thread whose memory holds `address`, the caller's stack pointer: no lock and
// no system call, but where a page is shared (a caller-supplied stack not page aligned).
inline control* registry_find_by_stack(std::uintptr_t address) {
  const std::uintptr_t e = stack_map::find(address);
  if (e == stack_map::shared) return registry_find_covering(address);
  return reinterpret_cast<control*>(e);
}

}  // namespace rawthread::detail
