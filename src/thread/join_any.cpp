// SPDX-License-Identifier: MIT
// thread::join_any: one sleep on many threads' exit words.
#include <atomic>

#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "control.hpp"
#include "exit_wait.hpp"

namespace rawthread {
namespace detail {

// Cleared once the kernel (or an emulator) answers futex_waitv with ENOSYS; tests clear it to
// exercise the polling path.
constinit std::atomic<bool> futex_waitv_usable{true};

void use_futex_waitv(bool usable) { futex_waitv_usable.store(usable, std::memory_order_relaxed); }

}  // namespace detail

namespace {

// The fallback's step: a short sleep on one still-running thread's word, so that the loop
// notices any other thread's end within a millisecond.
void poll_step(detail::control* c, int tid) {
  const sys::timespec slice{0, 1000000};
  (void)sys::raw::futex(&c->exit_word, sys::futex_wait, tid, &slice);
}

}  // namespace

result<std::size_t> thread::join_any(thread* threads, std::size_t count) {
  if (threads == nullptr && count != 0) return failure(errc::einval);
  bool any = false;
  for (std::size_t i = 0; i < count; ++i) {
    detail::control* c = threads[i].block_;
    if (c == nullptr) continue;
    if (detail::called_by(c)) return failure(errc::edeadlk);
    any = true;
  }
  if (!any) return failure(errc::einval);

  sys::raw::futex_waiter waiters[sys::raw::futex_waitv_max];
  for (;;) {
    std::size_t n = 0;
    detail::control* first = nullptr;
    int first_tid = 0;
    for (std::size_t i = 0; i < count; ++i) {
      detail::control* c = threads[i].block_;
      if (c == nullptr) continue;
      const int tid = c->exit_word.load(std::memory_order_acquire);
      if (tid == 0) return i;
      if (first == nullptr) {
        first = c;
        first_tid = tid;
      }
      // The kernel wakes exit words as shared futexes: no futex2_private flag.
      if (n < sys::raw::futex_waitv_max) {
        const auto word = reinterpret_cast<std::uintptr_t>(&c->exit_word);
        waiters[n] = {static_cast<std::uint32_t>(tid), word, sys::raw::futex2_size_u32, 0};
      }
      ++n;
    }
    if (n <= sys::raw::futex_waitv_max &&
        detail::futex_waitv_usable.load(std::memory_order_relaxed)) {
      // Woken, EAGAIN (a word changed before we slept) or EINTR: look at the words again.
      auto r = sys::raw::futex_waitv(waiters, n);
      if (r || r.error() == errc::eagain || r.error() == errc::eintr) continue;
      if (r.error() == errc::enosys) detail::use_futex_waitv(false);
    }
    poll_step(first, first_tid);
  }
}

}  // namespace rawthread
