// SPDX-License-Identifier: MIT
// What the C API's synchronisation files share: each C struct is storage for a C++ object of
// <rawthread/sync.hpp> (same size and alignment, checked where the struct is used), reached with
// as<>(); deadlines given as rawthread_timespec_t turned into nanoseconds.
#pragma once

#include <rawthread.h>

#include <cstdint>
#include <new>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>

namespace rawthread::c_api {

template <class C, class Cpp>
constexpr bool same_shape = sizeof(C) == sizeof(Cpp) && alignof(C) == alignof(Cpp);

template <class Cpp, class C>
Cpp& as(C* c) {
  return *std::launder(reinterpret_cast<Cpp*>(c));
}

template <class Cpp, class C>
const Cpp& as(const C* c) {
  return *std::launder(reinterpret_cast<const Cpp*>(c));
}

// The scope a RAWTHREAD_PROCESS_SHARED flag asks for.
inline futex_scope scope_of(int flags) {
  return (flags & RAWTHREAD_PROCESS_SHARED) != 0 ? futex_scope::shared : futex_scope::this_process;
}

// A timespec deadline in nanoseconds (saturating far in the future); EINVAL for a null one or
// tv_nsec outside [0, 1e9).
inline int deadline_ns(const rawthread_timespec_t* ts, std::int64_t* ns) {
  if (ts == nullptr || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) return errc::einval;
  *ns = detail::saturating_add(detail::saturating_mul(ts->tv_sec, 1000000000), ts->tv_nsec);
  return 0;
}

// A timespec deadline on `clock` (RAWTHREAD_CLOCK_MONOTONIC or RAWTHREAD_CLOCK_REALTIME) as
// nanoseconds on `target`: the same instant when the clocks agree; otherwise converted once, at
// the call (target's now plus what is left on `clock`), so a change of the system clock during
// the wait is not followed. EINVAL: another clock, or as deadline_ns.
inline int deadline_on(wait_clock target, int clock, const rawthread_timespec_t* ts,
                       std::int64_t* ns) {
  if (clock != RAWTHREAD_CLOCK_MONOTONIC && clock != RAWTHREAD_CLOCK_REALTIME) return errc::einval;
  if (int bad = deadline_ns(ts, ns)) return bad;
  const wait_clock given =
      clock == RAWTHREAD_CLOCK_REALTIME ? wait_clock::realtime : wait_clock::monotonic;
  if (given == target) return 0;
  if (given == wait_clock::realtime)
    *ns = (monotonic_now() + (realtime_time{*ns} - realtime_now())).count;
  else
    *ns = (realtime_now() + (monotonic_time{*ns} - monotonic_now())).count;
  return 0;
}

// The C mutex: a kind tag, then a normal mutex (kind 0, what zeroed memory holds) or an
// owned_mutex for every other kind.
struct c_mutex {
  int kind;
  alignas(detail::owned_mutex) unsigned char storage[sizeof(detail::owned_mutex)];

  mutex& normal() { return *std::launder(reinterpret_cast<mutex*>(storage)); }
  detail::owned_mutex& owned() { return *std::launder(reinterpret_cast<detail::owned_mutex*>(storage)); }
};
static_assert(sizeof(mutex) <= sizeof(detail::owned_mutex));
static_assert(same_shape<rawthread_mutex_t, c_mutex>);

}  // namespace rawthread::c_api
