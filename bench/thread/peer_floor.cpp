// SPDX-License-Identifier: MIT
// The floor: the least a thread can cost. A raw clone onto one stack reused every time, joined by
// waiting on the word the kernel clears at exit (CLONE_CHILD_CLEARTID): three system calls per
// thread (clone, exit, futex wait). No signal blocking, no guard page, no TLS, one thread at a
// time: only create_join makes sense with it.
#include <atomic>
#include <cerrno>

#include <rawthread/syscall.hpp>

#include "peer.h"

namespace {
namespace sys = rawthread::sys;

constexpr unsigned long thread_flags = sys::clone_vm | sys::clone_fs | sys::clone_files |
                                       sys::clone_sighand | sys::clone_thread |
                                       sys::clone_sysvsem | sys::clone_parent_settid |
                                       sys::clone_child_cleartid;

alignas(64) char stack[64 * 1024];
std::atomic<int> exit_word{0};
}  // namespace

extern "C" {

const char peer_name[] = "floor";

int peer_start(peer_handle*, size_t, int (*fn)(void*), void* arg) {
  if (exit_word.load(std::memory_order_acquire) != 0) return EBUSY;  // one thread at a time
  int* word = reinterpret_cast<int*>(&exit_word);
  auto tid = sys::clone(thread_flags, stack + sizeof stack, fn, arg, word, nullptr, word);
  return tid ? 0 : tid.error();
}

int peer_join(peer_handle*) {
  // The kernel wakes this word as a shared futex: the wait must be shared as well.
  for (int tid; (tid = exit_word.load(std::memory_order_acquire)) != 0;)
    (void)sys::futex(&exit_word, sys::futex_wait, tid);
  return 0;
}

void peer_wait(int*, int) {}
void peer_wake_all(int*) {}
}
