// SPDX-License-Identifier: MIT
#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread {

// Counted in waiters_ from before its first look to its last access (which is the count's
// decrement): destroy waits for that.
int semaphore::acquire_slow(const monotonic_time* deadline, bool interruptible) {
  waiters_.fetch_add(1);
  int code = 0;
  for (bool spun = false;;) {
    if (!spun && detail::spin_until([this] { return try_acquire(); })) break;
    spun = true;
    if (try_acquire()) break;
    int w = count_.load(std::memory_order_relaxed);
    if (units(w) != 0) continue;
    // Marked before sleeping, in the word release exchanges: a release after this sees it; one
    // before it made units appear, which the exchange would not find (then try again).
    const int marked = static_cast<int>(static_cast<unsigned>(w) | may_sleep);
    if (w != marked && !count_.compare_exchange_strong(w, marked)) continue;
    auto r = deadline ? futex_wait_until(count_, marked, *deadline, scope_)
                      : futex_wait(count_, marked, scope_);
    if (r) continue;
    if (r.error() == errc::etimedout) {
      code = try_acquire() ? 0 : errc::etimedout;
      break;
    }
    // No wake-up is lost by leaving here: the kernel reports EINTR only to a sleeper that no
    // wake had taken off its queue, so release's wake went to another sleeper.
    if (r.error() == errc::eintr && interruptible) {
      code = errc::eintr;
      break;
    }
  }
  waiters_.fetch_sub(1, std::memory_order_release);
  return code;
}

bool semaphore::wait_for_leavers(nanoseconds limit) const {
  return detail::yield_until_zero(waiters_, limit);
}

result<void> semaphore::release(int n) {
  if (n < 0) return failure(errc::einval);
  int w = count_.load(std::memory_order_relaxed);
  int next;
  do {
    if (units(w) > max - n) return failure(errc::eoverflow);
    // Read before the exchange: when at most n waiters are in acquire_slow, the n wakes below
    // reach all who sleep, so the mark can go; a waiter that comes after re-marks the word.
    const bool keep_mark = waiters_.load() > n;
    next = static_cast<int>((static_cast<unsigned>(w) + static_cast<unsigned>(n)) &
                            (keep_mark ? ~0u : ~may_sleep));
  } while (!count_.compare_exchange_weak(w, next));
  // Only the futex call's address from here on: the semaphore itself is not read again.
  if (n > 0 && (static_cast<unsigned>(w) & may_sleep) != 0) (void)futex_wake(count_, n, scope_);
  return {};
}

}  // namespace rawthread
