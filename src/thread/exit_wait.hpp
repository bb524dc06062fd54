// SPDX-License-Identifier: MIT
// Waiting until the kernel is done with a thread's mapping.
#pragma once

#include <cstdint>

#include <rawthread/time.hpp>

#include "control.hpp"

namespace rawthread::detail {

// Blocks until the kernel has cleared c->exit_word, which it does only once the thread has left
// user mode for good: from then on its mapping may be reused or unmapped.
void wait_for_exit(control* c);

// As wait_for_exit, giving up when CLOCK_MONOTONIC reaches `deadline`: true when the thread is
// gone, false when the deadline came first.
bool wait_for_exit_until(control* c, monotonic_time deadline);

// Whether the kernel is done with the thread (its exit word is clear): joining it will not block.
inline bool has_exited(const control* c) {
  return c->exit_word.load(std::memory_order_acquire) == 0;
}

// Whether the caller runs on c's stack, i.e. is that thread. Only the thread itself runs inside
// its mapping, so this needs no system call (asking the kernel for our tid would cost one).
inline bool called_by(const control* c) {
  const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  const auto base = reinterpret_cast<std::uintptr_t>(c->map_base);
  return here - base < c->map_size;
}

// As wait_for_exit, but also returns at once when the thread is not one of this process's: a
// mapping inherited through fork() whose thread lives on only in the parent, where nothing will
// ever clear this copy of the word.
void wait_until_gone(control* c);

}  // namespace rawthread::detail
