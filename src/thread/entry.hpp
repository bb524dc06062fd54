// SPDX-License-Identifier: MIT
// The two ends of a thread's life inside the thread itself.
#pragma once

#include "control.hpp"

namespace rawthread::detail {

// The function the clone trampoline calls on the new stack.
int thread_entry(void* control_block);

// Leaves the thread with `code`: destroys the callable (unless that is already under way), then
// records the code for the joiner, or frees the mapping when detached.
[[noreturn]] void thread_finish(control* c, int code);

}  // namespace rawthread::detail
