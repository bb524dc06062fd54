// SPDX-License-Identifier: MIT
// The start gate: holds a new thread before its entry until its creator has applied what only
// the creator can report an error for (CPU affinity, set with sched_setaffinity on the new tid)
// and then moved the callable in, or has given up on the thread. The creator opens it a few
// instructions after clone returns, so a new thread usually finds it open and pays one load.
#pragma once

#include "control.hpp"

namespace rawthread::detail {

// control::start_gate values.
enum start_gate_state : int { gate_open = 0, gate_closed = 1, gate_sleeping = 2, gate_cancelled = 3 };

// In the new thread: waits while the gate is closed. True once it opens, false when the creator
// cancelled the thread (which must then end at once, without running its entry).
bool pass_start_gate(control* c);

// In the creator: lets the thread run, or tells it to end.
void open_start_gate(control* c);
void cancel_start_gate(control* c);

}  // namespace rawthread::detail
