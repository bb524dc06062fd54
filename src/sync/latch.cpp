// SPDX-License-Identifier: MIT
#include <limits>

#include <rawthread/sync.hpp>

namespace rawthread {

result<void> latch::count_down(int n) {
  if (n < 0) return failure(errc::einval);
  int seen = count_.load(std::memory_order_relaxed);
  do {
    if (n > seen) return failure(errc::einval);
  } while (!count_.compare_exchange_weak(seen, seen - n, std::memory_order_acq_rel,
                                         std::memory_order_relaxed));
  // Only the arrival that reaches zero wakes, and it wakes everyone: a latch opens once.
  if (n > 0 && seen == n) (void)futex_wake(count_, std::numeric_limits<int>::max());
  return {};
}

void latch::wait() const {
  // Each count_down changes the word, so a sleep may end early with EAGAIN: re-read and retry.
  for (int seen; (seen = count_.load(std::memory_order_acquire)) != 0;)
    (void)futex_wait(count_, seen);
}

result<void> latch::arrive_and_wait(int n) {
  if (auto r = count_down(n); !r) return r;
  wait();
  return {};
}

}  // namespace rawthread
