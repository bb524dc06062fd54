// SPDX-License-Identifier: MIT
// shared_mutex's slow paths. Readers sleep on the state word itself; writers sleep on a counter
// of their own that every writer wake-up bumps, so waking a writer never wakes the readers.
#include <limits>

#include <rawthread/sync.hpp>

#include "../sys/raw.hpp"

namespace rawthread {
namespace {
constexpr int everyone = std::numeric_limits<int>::max();

template <class Deadline>
result<void> sleep_on(const std::atomic<int>& word, int expected, const Deadline* deadline,
                      futex_scope scope) {
  return deadline != nullptr ? futex_wait_until(word, expected, *deadline, scope)
                             : futex_wait(word, expected, scope);
}

bool timed_out(const result<void>& r) { return !r && r.error() == errc::etimedout; }
}  // namespace

bool shared_mutex::lock_slow(const monotonic_time* deadline) {
  bool slept = false;
  int seen = state_.load(std::memory_order_relaxed);
  for (;;) {
    if ((seen & count_mask) == 0) {
      // Free. A writer that slept claims it still flagging writers: others may sleep too.
      const int claimed = seen | write_locked | (slept ? writers_waiting : 0);
      if (state_.compare_exchange_weak(seen, claimed, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return true;
      continue;
    }
    if ((seen & writers_waiting) == 0 &&
        !state_.compare_exchange_weak(seen, seen | writers_waiting, std::memory_order_relaxed))
      continue;
    // Read the wake counter, then check the flag still stands: a release that cleared it
    // either did so before this re-read (we retry) or bumps the counter after our read (the
    // futex wait sees it).
    const int wakes = writer_wakes_.load();
    seen = state_.load();
    if ((seen & count_mask) == 0 || (seen & writers_waiting) == 0) continue;
    auto r = sleep_on(writer_wakes_, wakes, deadline, scope());
    slept = true;
    if (timed_out(r)) {
      if (try_lock()) return true;
      wake_everyone();
      return false;
    }
    seen = state_.load(std::memory_order_relaxed);
  }
}

bool shared_mutex::lock_shared_slow(const monotonic_time* deadline) {
  int seen = state_.load(std::memory_order_relaxed);
  for (;;) {
    if (readable(seen)) {
      if (state_.compare_exchange_weak(seen, seen + 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return true;
      continue;
    }
    if ((seen & count_mask) == max_readers) {  // 2^30 - 2 readers: wait for one to leave
      (void)sys::raw::sched_yield();
      seen = state_.load(std::memory_order_relaxed);
      continue;
    }
    if ((seen & readers_waiting) == 0) {
      if (!state_.compare_exchange_weak(seen, seen | readers_waiting, std::memory_order_relaxed))
        continue;
      seen |= readers_waiting;
    }
    // A reader that gives up leaves the flag raised: it costs a needless wake at most.
    if (timed_out(sleep_on(state_, seen, deadline, scope()))) return try_lock_shared();
    seen = state_.load(std::memory_order_relaxed);
  }
}

void shared_mutex::wake_after_release(int now) {
  for (;;) {
    if ((now & count_mask) != 0) return;  // taken again: its release will wake
    const bool writer_first = (options_ & prefer_readers) == 0 || (now & readers_waiting) == 0;
    if ((now & writers_waiting) != 0 && writer_first) {
      if (!state_.compare_exchange_weak(now, now & ~writers_waiting)) continue;
      writer_wakes_.fetch_add(1);
      auto woken = futex_wake(writer_wakes_, 1, scope());
      // The flag may have been raised by a writer that took the lock since (it raises it when
      // it slept, in case others do): when none slept, the readers are next.
      if (woken && *woken > 0) return;
      now = state_.load();
      continue;
    }
    if ((now & readers_waiting) != 0) {
      if (!state_.compare_exchange_weak(now, now & ~readers_waiting)) continue;
      (void)futex_wake(state_, everyone, scope());
    }
    return;
  }
}

void shared_mutex::wake_everyone() {
  state_.fetch_and(~(readers_waiting | writers_waiting));
  writer_wakes_.fetch_add(1);
  (void)futex_wake(writer_wakes_, everyone, scope());
  (void)futex_wake(state_, everyone, scope());
}

}  // namespace rawthread
