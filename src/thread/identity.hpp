// The thread's cached identity, for code that makes a new process out of a thread.
#pragma once

namespace rawthread::detail {

// In a child process made by clone without CLONE_VM: its copy of the calling thread's control
// block still carries the parent thread's tid (what this_thread::id() reads freestanding, and
// what owner-aware mutexes put in their futex word). Stores the child's own. Hosted: nothing.
void adopt_own_tid();

}  // namespace rawthread::detail
