// SPDX-License-Identifier: MIT
// The live-thread registry: every running rawthread thread, so that code deep inside a thread
// can find its own control block (this_thread::exit) when the thread pointer belongs to libc.
// The creator adds each thread just before its clone; the thread removes itself as it leaves.
#pragma once

#include <cstddef>
#include <cstdint>

#include "control.hpp"

namespace rawthread::detail {

// Weak: registry.cpp is linked only into programs that can call this_thread::exit (its one
// reader, which references registry_find), so a program that cannot links no registry and its
// threads find these null and skip them. Freestanding, exit finds the block through the thread
// pointer, so threads register only in hosted mode.
[[gnu::weak]] void registry_add(control* c);
[[gnu::weak]] void registry_remove(control* c);
// The control block of the thread with kernel id `tid`, or null if rawthread did not create it.
control* registry_find(int tid);
// The control block of the registered (hosted) thread whose mapping holds `address`, the
// caller's stack pointer, without a lock or a system call: null when no thread's does, or when
// the thread is one of those beyond the first stack_slot_count running at once.
control* registry_find_by_stack(std::uintptr_t address);
// True when every registered thread is findable by registry_find_by_stack.
bool registry_stacks_complete();
inline constexpr std::size_t stack_slot_count = 256;

}  // namespace rawthread::detail
