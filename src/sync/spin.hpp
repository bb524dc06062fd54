// SPDX-License-Identifier: MIT
// Brief busy-waiting before a futex sleep.
//
// Sleeping and being woken costs two system calls and a trip through the scheduler (tens of
// microseconds when the waker runs on another CPU), while the holder of a lock or the other
// side of a hand-off is usually done within a few microseconds. So every blocking path first
// polls: a few hundred nanoseconds of plain loads, then a few sched_yield calls. The yields
// matter most when CPUs are scarce: they hand the CPU to whoever we wait for (on one CPU, or on
// a loaded machine, polling alone can never succeed), and on an idle CPU they return at once.
// Measured in bench/sync: with the yields, condvar ping-pong and barrier phases run 2-3x
// glibc's rate on 2 CPUs; with plain polling alone, about 1x.
#pragma once

#include <atomic>

#include <rawthread/time.hpp>

#include "../sys/raw.hpp"
#include "arch.hpp"

namespace rawthread::detail {

inline constexpr int spin_polls = 100;
inline constexpr int spin_yields = 8;

// Calls ready() up to spin_polls times, then between up to spin_yields sched_yield calls; true
// as soon as it returns true.
template <class Ready>
bool spin_until(Ready ready) {
  for (int i = 0; i < spin_polls; ++i) {
    if (ready()) return true;
    arch::cpu_relax();
  }
  for (int i = 0; i < spin_yields; ++i) {
    (void)sys::raw::sched_yield();
    if (ready()) return true;
  }
  return false;
}

// Yields until `count` reads 0 (true) or `limit` has passed (false): for destroying an object
// whose released waiters are on their way out (each lowers the count, with release, as its
// last access to the object). They need only a CPU to leave, so a yield loop suffices.
inline bool yield_until_zero(const std::atomic<int>& count, nanoseconds limit) {
  if (count.load(std::memory_order_acquire) == 0) return true;
  const monotonic_time deadline = monotonic_now() + limit;
  while (count.load(std::memory_order_acquire) != 0) {
    if (monotonic_now() >= deadline) return false;
    (void)sys::raw::sched_yield();
  }
  return true;
}

}  // namespace rawthread::detail
