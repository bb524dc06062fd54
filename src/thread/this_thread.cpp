// SPDX-License-Identifier: MIT
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "borrowed_tp.hpp"
#include "../sys/timespec_of.hpp"
#include "tls.hpp"

namespace rawthread::this_thread {

// Freestanding, the thread's control block is one load away and its exit_word holds the tid the
// kernel stored at clone (CLONE_PARENT_SETTID, before the thread ran; the main thread's is set by
// init), so no syscall is needed, as long as the thread pointer is the caller's own.
int id() {
  if (detail::thread_pointers_all_own())
    if (detail::control* c = detail::tls_current_control())
      return c->exit_word.load(std::memory_order_relaxed);
  return sys::raw::gettid();
}

void yield() { (void)sys::raw::sched_yield(); }

void sleep_for(nanoseconds d) {
  if (d.count <= 0) return;
  sys::timespec left = sys::timespec_of(d.count);
  // A relative sleep reports the remainder when a signal cuts it short; sleep that remainder.
  while (true) {
    sys::timespec request = left;
    auto r = sys::raw::clock_nanosleep(sys::clock_monotonic, 0, request, &left);
    if (r || r.error() != errc::eintr) return;
  }
}

}  // namespace rawthread::this_thread
