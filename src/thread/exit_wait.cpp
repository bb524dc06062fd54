// SPDX-License-Identifier: MIT
#include "exit_wait.hpp"

#include "../sys/raw.hpp"
#include "../sys/timespec_of.hpp"

namespace rawthread::detail {
namespace {
// The kernel wakes the exit word as a shared futex (it cannot know the word is process-private),
// so the wait must be a shared one too: a private wait would never see that wake.
void sleep_while(control* c, int tid) {
  (void)sys::raw::futex(&c->exit_word, sys::futex_wait, tid);
}
}  // namespace

void wait_for_exit(control* c) {
  for (;;) {
    const int tid = c->exit_word.load(std::memory_order_acquire);
    if (tid == 0) return;
    sleep_while(c, tid);
  }
}

bool wait_for_exit_until(control* c, monotonic_time deadline) {
  for (;;) {
    const int tid = c->exit_word.load(std::memory_order_acquire);
    if (tid == 0) return true;
    if (deadline.count < 0) return false;  // long past; the kernel would say EINVAL
    const sys::timespec absolute = sys::timespec_of(deadline.count);
    // Shared, like sleep_while; the bitset wait takes an absolute CLOCK_MONOTONIC deadline.
    auto r = sys::raw::futex(&c->exit_word, sys::futex_wait_bitset, tid, &absolute, nullptr,
                             sys::futex_bitset_match_any);
    if (!r && r.error() == errc::etimedout) return has_exited(c);
  }
}

void wait_until_gone(control* c) {
  for (;;) {
    const int tid = c->exit_word.load(std::memory_order_acquire);
    if (tid == 0) return;
    // A thread of ours that the kernel no longer knows has passed the point where it clears the
    // word; a thread of another process (our fork parent) is never ours.
    auto alive = sys::raw::tgkill(sys::raw::getpid(), tid, 0);
    if (!alive && alive.error() == errc::esrch) return;
    sleep_while(c, tid);
  }
}

}  // namespace rawthread::detail
