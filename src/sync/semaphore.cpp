// SPDX-License-Identifier: MIT
#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread {

int semaphore::acquire_slow(const monotonic_time* deadline, bool interruptible) {
  if (detail::spin_until([this] { return try_acquire(); })) return 0;
  for (;;) {
    if (try_acquire()) return 0;
    // Raised before the kernel re-reads the count (both sequentially consistent, as is
    // release's add-then-read): release either sees a sleeper or we see its units.
    sleepers_.fetch_add(1);
    auto r = deadline ? futex_wait_until(count_, 0, *deadline, scope_)
                      : futex_wait(count_, 0, scope_);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
    if (r) continue;
    if (r.error() == errc::etimedout) return try_acquire() ? 0 : errc::etimedout;
    // No wake-up is lost by leaving here: the kernel reports EINTR only to a sleeper that no
    // wake had taken off its queue, so release's wake went to another sleeper.
    if (r.error() == errc::eintr && interruptible) return errc::eintr;
  }
}

result<void> semaphore::release(int n) {
  if (n < 0) return failure(errc::einval);
  int seen = count_.load(std::memory_order_relaxed);
  do {
    if (seen > max - n) return failure(errc::eoverflow);
  } while (!count_.compare_exchange_weak(seen, seen + n));
  if (n > 0 && sleepers_.load() != 0) (void)futex_wake(count_, n, scope_);
  return {};
}

}  // namespace rawthread
