// SPDX-License-Identifier: MIT
// barrier_core: a countdown per phase and a phase number as the futex word.
#include <limits>

#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread::detail {

barrier_core::arrival barrier_core::arrive(bool will_wait) {
  // Counted before the countdown it publishes: whoever opens the phase (and may destroy the
  // barrier next) sees this waiter inside.
  if (will_wait) inside_.fetch_add(1, std::memory_order_relaxed);
  // A party can only arrive in the phase it last saw open (the next cannot open without it),
  // so the phase read here is the one this arrival counts towards.
  int phase = phase_.load(std::memory_order_acquire);
  bool last = remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1;
  if (last && will_wait) inside_.fetch_sub(1, std::memory_order_relaxed);  // it will not wait
  return {phase, last};
}

void barrier_core::open_next_phase() {
  // Reset before the phase opens: nobody arrives in the next phase before seeing it open.
  remaining_.store(parties_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  phase_.fetch_add(1);
  if (sleepers_.load() != 0) (void)futex_wake(phase_, std::numeric_limits<int>::max(), scope_);
}

void barrier_core::wait_past(int phase) const {
  auto opened = [&] { return phase_.load(std::memory_order_acquire) != phase; };
  if (!spin_until(opened)) {
    // Raised before the kernel re-reads the phase; open_next_phase bumps, then reads the count.
    sleepers_.fetch_add(1);
    while (!opened()) (void)futex_wait(phase_, phase, scope_);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }
  inside_.fetch_sub(1, std::memory_order_release);  // the last access
}

bool barrier_core::wait_for_leavers(nanoseconds limit) const {
  return yield_until_zero(inside_, limit);
}

}  // namespace rawthread::detail
