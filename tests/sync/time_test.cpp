// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <cstdint>
#include <limits>

#include <rawthread/time.hpp>

using namespace rawthread;

TEST_CASE("durations convert and saturate instead of overflowing") {
  constexpr auto big = std::numeric_limits<std::int64_t>::max();
  constexpr auto small = std::numeric_limits<std::int64_t>::min();
  static_assert(microseconds(3).count == 3000);
  static_assert(milliseconds(3).count == 3000000);
  static_assert(seconds(3).count == 3000000000);
  static_assert(seconds(big / 2).count == big);
  static_assert(seconds(small / 2).count == small);
  static_assert((monotonic_time{big - 1} + seconds(1)).count == big);
  static_assert((monotonic_time{5} + nanoseconds{-7}).count == -2);
  static_assert((monotonic_time{5} - monotonic_time{small}).count == big);
  static_assert(milliseconds(1) < seconds(1) && seconds(1) >= milliseconds(1000));
  CHECK(true);
}

TEST_CASE("monotonic_now moves forward") {
  monotonic_time a = monotonic_now();
  monotonic_time b = monotonic_now();
  CHECK(a.count > 0);
  CHECK(b >= a);
}
