// once_flag's slow paths: claim the flag, or sleep until the claimant has finished.
#include <limits>

#include <rawthread/sync.hpp>

namespace rawthread {

bool once_flag::begin() {
  int seen = idle;
  if (state_.compare_exchange_strong(seen, running, std::memory_order_acquire,
                                     std::memory_order_acquire))
    return true;
  while (seen != done) {
    // Announce a sleeper so that finish() knows to wake; a failed exchange re-reads `seen`.
    if (seen == running && !state_.compare_exchange_weak(seen, running_with_waiters,
                                                         std::memory_order_acquire,
                                                         std::memory_order_acquire))
      continue;
    (void)futex_wait(state_, running_with_waiters);
    seen = state_.load(std::memory_order_acquire);
  }
  return false;
}

void once_flag::finish() {
  if (state_.exchange(done, std::memory_order_release) == running_with_waiters)
    (void)futex_wake(state_, std::numeric_limits<int>::max());
}

}  // namespace rawthread
