// SPDX-License-Identifier: MIT
// once_flag's slow paths: claim the flag, or sleep until the claimant has finished.
#include <limits>

#include <rawthread/sync.hpp>

namespace rawthread {

bool once_flag::begin() {
  int seen = idle;
  while (seen != done) {
    // Idle: never called, or the last call exited by an exception. A failed exchange re-reads
    // `seen`.
    if (seen == idle) {
      if (state_.compare_exchange_weak(seen, running, std::memory_order_acquire,
                                       std::memory_order_acquire))
        return true;
      continue;
    }
    // Announce a sleeper so that finish() or abandon() knows to wake.
    if (seen == running && !state_.compare_exchange_weak(seen, running_with_waiters,
                                                         std::memory_order_acquire,
                                                         std::memory_order_acquire))
      continue;
    (void)futex_wait(state_, running_with_waiters);
    seen = state_.load(std::memory_order_acquire);
  }
  return false;
}

namespace {
// Leaves `state` at `next` and wakes every sleeper when there may be some: after finish they
// return, after abandon they race for the flag again.
void settle(std::atomic<int>& state, int next, int with_waiters) {
  if (state.exchange(next, std::memory_order_release) == with_waiters)
    (void)futex_wake(state, std::numeric_limits<int>::max());
}
}  // namespace

void once_flag::finish() { settle(state_, done, running_with_waiters); }

void once_flag::abandon() { settle(state_, idle, running_with_waiters); }

}  // namespace rawthread
