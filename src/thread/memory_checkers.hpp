// SPDX-License-Identifier: MIT
// Telling memory checkers what they cannot see rawthread do with a thread's mapping.
//
// A mapping outlives its thread: the cache hands it to the next thread of the same size, and a
// thread leaves through the exit system call with its last frames still on its stack.
// - Valgrind's memcheck follows each thread's stack pointer: as it rises, the memory below it
//   becomes unaddressable. A thread that ends with a shallow stack leaves most of its mapping so,
//   and the next thread's control block and callable may be placed there (a callable of another
//   size moves them).
// - AddressSanitizer poisons a frame's redzones as the function starts and clears them as it
//   returns. The frames a thread never returns from would keep their poison, for whoever gets
//   the memory next: the next thread, or anything mapped later at the same address.
// - LeakSanitizer looks for pointers in the stacks of the threads it knows (libc's) and in
//   memory it was told about: a rawthread thread still running at exit may hold the only
//   pointer to a block (in its callable or on its stack).
//
// Each hook compiles to nothing when its tool is absent: valgrind's requests need its header
// <valgrind/memcheck.h> (Debian: valgrind), found at build time, and cost a few instructions
// when the program does not run under valgrind; the sanitizers' calls exist only in a build
// with -fsanitize=address.
#pragma once

#include <cstddef>

#include "control.hpp"
#include "layout.hpp"

// For a function that ends the thread it runs in: AddressSanitizer would otherwise call
// __asan_handle_no_return before the call that never returns, which in a hosted child consults
// its creator's stack bounds (the child shares its creator's TLS) and warns that false reports
// may follow. thread_leaving clears the stack instead.
#define RAWTHREAD_NO_ASAN __attribute__((no_sanitize("address")))

namespace rawthread::detail {

// In map_thread, before a new thread is set up in the mapping at `base` laid out as `layout`,
// freshly mapped or from the cache: all of it but the guard is addressable, its contents
// undefined, and nothing in it poisoned.
void mapping_handed_out(void* base, const thread_layout& layout);

// When a joined thread's caller-supplied stack (thread_options::stack_memory) is the caller's
// again: memcheck saw the thread's stack pointer rise out of it and took what lay below as gone;
// all of it is the caller's, addressable and holding what the thread left there.
void caller_memory_given_back(void* base, std::size_t size);

// In the new thread, before its callable runs: its mapping holds live pointers from now on.
void thread_running(const control* c);

// In the thread, as it starts to leave (thread_finish): from here its frames are never
// returned from, so their poison is cleared now, and its mapping holds no live pointers.
void thread_leaving(const control* c);

// Before reading bytes rawthread may not have written, whose value it only compares (the lowest
// bytes of any alternate stack, where it looks for its label): whatever they hold is a valid
// answer, so memcheck is told they are defined (they may be another library's fresh heap).
void reading_whatever_is_there(const void* p, std::size_t size);

}  // namespace rawthread::detail
