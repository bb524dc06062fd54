// SPDX-License-Identifier: MIT
// <rawthread/time.hpp>: durations and instants on CLOCK_MONOTONIC, for sleeps and timed waits.
//
// Plain integers underneath (no <chrono>, which pulls in libstdc++ symbols), safe in every
// thread in both modes. Arithmetic saturates instead of overflowing, so "wait for the longest
// time there is" (`seconds(1LL << 40)`) still means "practically forever", not a past deadline.
#pragma once

#include <cstdint>
#include <limits>

namespace rawthread {

// A span of time in nanoseconds; negative spans are allowed and mean "already elapsed".
struct nanoseconds {
  std::int64_t count;

  friend constexpr bool operator==(nanoseconds, nanoseconds) = default;
  friend constexpr bool operator<(nanoseconds a, nanoseconds b) { return a.count < b.count; }
  friend constexpr bool operator<=(nanoseconds a, nanoseconds b) { return a.count <= b.count; }
  friend constexpr bool operator>(nanoseconds a, nanoseconds b) { return a.count > b.count; }
  friend constexpr bool operator>=(nanoseconds a, nanoseconds b) { return a.count >= b.count; }
};

namespace detail {
// a * b, clamped to the int64 range instead of overflowing.
constexpr std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (!__builtin_mul_overflow(a, b, &out)) return out;
  return (a < 0) != (b < 0) ? std::numeric_limits<std::int64_t>::min()
                            : std::numeric_limits<std::int64_t>::max();
}
// a + b, clamped to the int64 range instead of overflowing.
constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (!__builtin_add_overflow(a, b, &out)) return out;
  return b < 0 ? std::numeric_limits<std::int64_t>::min()
               : std::numeric_limits<std::int64_t>::max();
}
// a - b, clamped to the int64 range instead of overflowing.
constexpr std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (!__builtin_sub_overflow(a, b, &out)) return out;
  return b > 0 ? std::numeric_limits<std::int64_t>::min()
               : std::numeric_limits<std::int64_t>::max();
}
}  // namespace detail

// Durations from whole units, saturating at the int64 range.
constexpr nanoseconds microseconds(std::int64_t n) { return {detail::saturating_mul(n, 1000)}; }
constexpr nanoseconds milliseconds(std::int64_t n) { return {detail::saturating_mul(n, 1000000)}; }
constexpr nanoseconds seconds(std::int64_t n) { return {detail::saturating_mul(n, 1000000000)}; }

// An instant of CLOCK_MONOTONIC (nanoseconds since an unspecified start, in practice boot).
// Unaffected by changes to the wall clock, it is the clock every timed wait here uses.
struct monotonic_time {
  std::int64_t count;

  friend constexpr bool operator==(monotonic_time, monotonic_time) = default;
  friend constexpr bool operator<(monotonic_time a, monotonic_time b) { return a.count < b.count; }
  friend constexpr bool operator<=(monotonic_time a, monotonic_time b) {
    return a.count <= b.count;
  }
  friend constexpr bool operator>(monotonic_time a, monotonic_time b) { return a.count > b.count; }
  friend constexpr bool operator>=(monotonic_time a, monotonic_time b) {
    return a.count >= b.count;
  }
  friend constexpr monotonic_time operator+(monotonic_time t, nanoseconds d) {
    return {detail::saturating_add(t.count, d.count)};
  }
  friend constexpr monotonic_time operator-(monotonic_time t, nanoseconds d) {
    return {detail::saturating_sub(t.count, d.count)};
  }
  friend constexpr nanoseconds operator-(monotonic_time a, monotonic_time b) {
    return {detail::saturating_sub(a.count, b.count)};
  }
};

// The current CLOCK_MONOTONIC instant (one clock_gettime system call). Cannot fail on Linux.
monotonic_time monotonic_now();

// An instant of CLOCK_REALTIME (nanoseconds since 1970-01-01 UTC), for waits that must end at a
// wall-clock time: such a wait follows changes to the system clock. Same operators as
// monotonic_time; the two never mix.
struct realtime_time {
  std::int64_t count;

  friend constexpr bool operator==(realtime_time, realtime_time) = default;
  friend constexpr bool operator<(realtime_time a, realtime_time b) { return a.count < b.count; }
  friend constexpr realtime_time operator+(realtime_time t, nanoseconds d) {
    return {detail::saturating_add(t.count, d.count)};
  }
  friend constexpr nanoseconds operator-(realtime_time a, realtime_time b) {
    return {detail::saturating_sub(a.count, b.count)};
  }
};

// The current CLOCK_REALTIME instant (one clock_gettime system call).
realtime_time realtime_now();

}  // namespace rawthread
