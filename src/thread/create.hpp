// SPDX-License-Identifier: MIT
// The one way a thread is made, shared by spawn with options (spawn.cpp) and spawn with the
// defaults (spawn_default.cpp): a mapping laid out as planned, the callable moved in, the clone;
// on failure the callable is given back. Option checks stay with the callers, so a program
// that never passes options links none.
#pragma once

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "mapping.hpp"

namespace rawthread::detail {

// A running thread in a mapping laid out as `layout`, with the callable moved (or copied, through
// `ops`) into it before the clone. `name`: the 16-byte, NUL-terminated name it sets for itself,
// or null to keep the creator's. `held`: the thread waits at its start gate for the caller to
// open (open_start_gate) or discard it, for what only a running thread can be given (CPU
// affinity). `start_mask`: the signal mask it starts with, or null for the creator's.
// ENOMEM: no mapping. The kernel's error when clone fails (EAGAIN ...). Nothing is left behind,
// and the callable is given back (callable_ops::give_back): the caller's object holds what it
// held before the call.
result<control*> create_thread(const callable_ops& ops, void* callable,
                               const thread_layout& layout, const char* name, bool held,
                               const sys::sigset* start_mask);

// The same in memory the caller provides (thread_options::stack_memory) at `base`, which it keeps
// owning: nothing is unmapped on failure.
result<control*> start_thread_in_caller_memory(char* base, const callable_ops& ops,
                                               void* callable, const thread_layout& layout,
                                               const char* name, bool held,
                                               const sys::sigset* start_mask);

// What spawn(fn, arg) runs: fn(arg).
struct function_call {
  int (*fn)(void*);
  void* arg;
  int operator()() const { return fn(arg); }
};

// Takes back a thread that create_thread returned held and that never ran its entry: cancels
// it, waits for it to leave, gives the callable back to `callable` and frees the mapping (unless
// the memory is the caller's).
void discard_held_thread(const callable_ops& ops, control* c, void* callable);

}  // namespace rawthread::detail
