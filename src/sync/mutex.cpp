// SPDX-License-Identifier: MIT
// The slow paths of mutex: sleep on the word marked contended; trap on a bad unlock.
#include <rawthread/sync.hpp>

namespace rawthread {

// No spinning here, unlike the hand-off primitives: on a contended counter a spinner steals the
// lock back and forth between CPUs, while a waiter that sleeps at once lets the holder keep the
// cache line. Measured with bench/sync on 2 CPUs (idle machine): 100 polls + 8 yields gave
// 0.7-1.0x glibc's throughput, polls alone 0.6-1.1x, sleeping at once 1.1-1.8x.
void mutex::lock_contended() { lock_as_contended(); }

void mutex::lock_as_contended() {
  // Whoever takes the lock from here on leaves it marked contended, so the next unlock wakes
  // a sleeper; one needless wake at worst when nobody is left.
  while (word_.exchange(contended, std::memory_order_acquire) != unlocked)
    (void)futex_wait(word_, contended, scope_);
}

bool mutex::lock_until(monotonic_time deadline) {
  // As lock_as_contended; a waiter that gives up leaves the word marked contended, which costs
  // the holder one needless wake at most.
  while (word_.exchange(contended, std::memory_order_acquire) != unlocked) {
    auto r = futex_wait_until(word_, contended, deadline, scope_);
    if (!r && r.error() == errc::etimedout)
      return word_.exchange(contended, std::memory_order_acquire) == unlocked;
  }
  return true;
}

void mutex::unlock_slow(int previous) {
  if (previous == unlocked) __builtin_trap();  // unlock of a mutex nobody held
  (void)futex_wake(word_, 1, scope_);
}

}  // namespace rawthread
