// SPDX-License-Identifier: MIT
// Alternate signal stacks inside a thread's mapping, and the label that tells an overflow report
// which guard region belongs to the thread a fault hit.
//
// A thread with an alternate stack (thread_options::signal_stack_size, or every thread once
// report_stack_overflows ran) has this in its mapping (layout.hpp):
//
//   | guard | stack ... | signal guard | label | alternate stack ... | TLS, control, callable |
//
// The label sits in the alternate stack's lowest bytes, which a handler reaches only just before
// it would overflow into the signal guard anyway. It is found again from inside a handler with
// sigaltstack alone (no lock, no lookup), in both modes.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace rawthread::detail {

// What the alternate stack's lowest bytes hold.
struct stack_label {
  std::uintptr_t tag;         // label_tag ^ the label's own address: this stack is rawthread's
  std::uintptr_t guard_low;   // the guard region of the thread's stack: [guard_low, guard_high)
  std::uintptr_t guard_high;
  std::size_t stack_size;     // the thread's usable stack, for the report
};

// What a thread with an alternate stack needs beyond what every thread runs: its label (written
// by the creator) and the sigaltstack calls it makes itself. overflow.cpp uses signal_stack_calls
// directly, for the main thread.
struct signal_stack_code {
  // Writes the label at `stack` (the alternate stack's low end).
  void (*label)(void* stack, std::uintptr_t guard_low, std::uintptr_t guard_high,
                std::size_t stack_size);
  // In the thread itself: makes [stack, stack + size) its alternate stack, or stops using one.
  void (*install)(void* stack, std::size_t size);
  void (*remove)();
};
extern constinit const signal_stack_code signal_stack_calls;

// How thread creation (create.cpp, entry.cpp) reaches signal_stack_calls: through this pointer,
// null until requested_signal_stack or give_every_thread_a_signal_stack sets it, before either
// hands out a size. They are the only source of a size other than 0, and the pointer is read only
// for a thread that has an alternate stack. So a program whose threads never have one (no
// signal_stack_size option, no report_stack_overflows) carries none of that code: nothing else
// refers to it, and the linker drops it with those two functions.
extern constinit std::atomic<const signal_stack_code*> thread_signal_stack_calls;

// The small alternate stack every new thread gets once overflow reports are on; 0 before.
extern constinit std::atomic<std::size_t> every_thread_signal_stack;

// The alternate stack for a request of `requested` (> 0) bytes: at least the kernel's minimum
// (AT_MINSIGSTKSZ), whole pages.
std::size_t requested_signal_stack(std::size_t requested);

// The alternate stack size a new thread gets for a request of `requested` bytes (0: none, unless
// overflow reports are on); 0 for none. Inline, so that a spawn without the option costs one
// load and links nothing that reads the kernel's minimum. The load is an acquire:
// give_every_thread_a_signal_stack publishes thread_signal_stack_calls before the size.
inline std::size_t signal_stack_for(std::size_t requested) {
  return requested == 0 ? every_thread_signal_stack.load(std::memory_order_acquire)
                        : requested_signal_stack(requested);
}

// The size of the small alternate stack overflow reports give a thread that asked for none.
std::size_t small_signal_stack_size();

// Gives every thread created from now on a small alternate stack.
void give_every_thread_a_signal_stack();

// For a thread that has an alternate stack (so thread_signal_stack_calls is set): its label, and
// in the thread itself, making it its alternate stack and stopping using it.
inline void label_signal_stack(void* stack, std::uintptr_t guard_low, std::uintptr_t guard_high,
                               std::size_t stack_size) {
  thread_signal_stack_calls.load(std::memory_order_relaxed)
      ->label(stack, guard_low, guard_high, stack_size);
}
inline void install_signal_stack(void* stack, std::size_t size) {
  thread_signal_stack_calls.load(std::memory_order_relaxed)->install(stack, size);
}
inline void remove_signal_stack() {
  thread_signal_stack_calls.load(std::memory_order_relaxed)->remove();
}

// The label of the calling thread's alternate stack; null when it has none or one rawthread did
// not make (whose lowest bytes it reads: an alternate stack must be mapped memory).
const stack_label* current_stack_label();

}  // namespace rawthread::detail
