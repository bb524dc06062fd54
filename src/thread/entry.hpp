// SPDX-License-Identifier: MIT
// The two ends of a thread's life inside the thread itself.
#pragma once

#include "control.hpp"

namespace rawthread::detail {

// The functions the clone trampoline calls on the new stack: thread_entry for a thread that
// starts at once, held_thread_entry for one whose creator closed its start gate (start_gate.hpp).
// Two entries rather than a check in one, so that a program whose threads are never held links
// no gate code.
int thread_entry(void* control_block);
int held_thread_entry(void* control_block);

// Leaves the thread with `code`: destroys the callable (unless that is already under way), then
// records the code for the joiner, or frees the mapping when detached.
[[noreturn]] void thread_finish(control* c, int code);

}  // namespace rawthread::detail
