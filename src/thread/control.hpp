// SPDX-License-Identifier: MIT
// The per-thread control block: everything the creator, the thread and its joiner share.
// It sits at the top of the thread's mapping, so it dies with the mapping.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <rawthread/syscall.hpp>

namespace rawthread::detail {

// Who frees the mapping. A thread starts `running`; exactly one transition happens:
// the thread itself moves running -> finished as it leaves (its joiner or detacher frees the
// mapping once the kernel clears exit_word), or detach() moves running -> detached (the thread
// frees its own mapping as it leaves).
enum thread_state : int { running = 0, detached = 1, finished = 2 };

struct control {
  // The kernel writes the tid here at clone (CLONE_PARENT_SETTID) and writes 0 then does a
  // shared futex wake when the thread has left user mode for good (CLONE_CHILD_CLEARTID). Only
  // after that may the mapping be freed or reused. Nothing else ever writes it.
  std::atomic<int> exit_word;
  std::atomic<int> state;
  int exit_code;
  int tid;  // written by the creator after clone; the thread itself reads exit_word instead
  void* map_base;
  std::size_t map_size;
  std::size_t guard_size;  // the PROT_NONE bytes at map_base: part of the reuse key
  // The thread's alternate signal stack inside the mapping (null, 0: none), installed by the
  // thread before its entry; its size is part of the reuse key too (it moves the stack).
  void* signal_stack;
  std::size_t signal_stack_size;
  // Holds the new thread before its entry until the creator has finished setting it up (see
  // start_gate.hpp); open unless spawn asked for something only the creator can apply.
  std::atomic<int> start_gate;
  // The stack is the caller's (thread_options::stack_memory): never cached or unmapped, and the
  // thread cannot be detached. Set by spawn before it hands the thread out. (Here, in what would
  // be padding after start_gate on 64-bit ports.)
  bool caller_memory;
  // How many of the thread's key values (thread_key, at the bottom of its stack) are valid:
  // those above it are whatever an earlier thread left in a reused mapping.
  std::uint16_t specific_used;
  int (*run)(void* storage);
  // Destroys the callable; null once that has begun, so a this_thread::exit from inside its
  // destructor does not destroy it twice.
  void (*destroy)(void* storage);
  void* storage;  // the callable, inside the mapping
  char name[16];
  // Live-thread registry links (see registry.hpp).
  control* prev;
  control* next;
};

}  // namespace rawthread::detail
