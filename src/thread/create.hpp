// The one way a thread is made, shared by spawn with options (spawn.cpp) and spawn with the
// defaults (spawn_default.cpp): a mapping laid out as planned, the clone, and only once nothing
// can fail any more the callable moved in. Option checks stay with the callers, so a program
// that never passes options links none.
#pragma once

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "mapping.hpp"

namespace rawthread::detail {

// A new thread in a mapping laid out as `layout` for callables of type `ops`, held at its start
// gate (start_gate.hpp) with no callable yet: the caller either applies what only a running
// thread can be given and then start_thread()s it, or gives up with discard_held_thread().
// `name`: the 16-byte, NUL-terminated name it sets for itself, or null to keep the creator's.
// `start_mask`: the signal mask it starts with, or null for the creator's.
// ENOMEM: no mapping. The kernel's error when clone fails (EAGAIN ...). Nothing is left behind.
result<control*> create_thread(const callable_ops& ops, const thread_layout& layout,
                               const char* name, const sys::sigset* start_mask);

// Moves (or copies, through `ops`) `callable` into the held thread `c` and lets it run. Cannot
// fail: a spawn calls it once nothing else can, so a failed spawn never touches the callable.
void start_thread(const callable_ops& ops, void* callable, control* c);

// What spawn(fn, arg) runs: fn(arg).
struct function_call {
  int (*fn)(void*);
  void* arg;
  int operator()() const { return fn(arg); }
};

// Takes back a thread that create_thread returned and that was never started: cancels it, waits
// for it to leave and frees the mapping. There is no callable in it to destroy.
void discard_held_thread(control* c);

}  // namespace rawthread::detail
