// SPDX-License-Identifier: MIT
// Threads whose thread pointer is not their own. In a freestanding program every thread spawn
// makes gets its own thread pointer, pointing at a TCB that names its control block. Two kinds of
// thread run on someone else's: one made by sys::clone with CLONE_VM but without CLONE_SETTLS
// (it shares its creator's), and the first thread of a process made by sys::clone without
// CLONE_VM (its memory is a copy, and so is the TCB: it names the parent thread's block). What
// the thread pointer leads to must not be taken as the caller's own in them (this_thread::id()).
//
// sys::clone reports each clone here; from the first that can make such a thread, in this
// process or in the copy, the thread pointer is no longer trusted anywhere in it.
#pragma once

namespace rawthread::detail {

// Before the clone system call: a CLONE_VM clone without CLONE_SETTLS distrusts the thread
// pointer in this process for good; a clone without CLONE_VM distrusts it until
// clone_returned(), which the new process never runs, so there it stays distrusted.
void clone_starting(unsigned long flags);
void clone_returned(unsigned long flags);

// True while no thread of this process can be running on a thread pointer that is not its own.
bool thread_pointers_all_own();

}  // namespace rawthread::detail
