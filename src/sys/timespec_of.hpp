// SPDX-License-Identifier: MIT
// Nanoseconds as the kernel's timespec, for the relative timeouts and deadlines of futex waits
// and sleeps.
#pragma once

#include <cstdint>

#include <rawthread/syscall.hpp>

#include "../divide_by_constant.hpp"

namespace rawthread::sys {

// A count of nanoseconds >= 0 split into seconds and nanoseconds. 10^9 = 31250 * 32000, two
// divisions by constants below 2^16 (divide_by_constant.hpp): `ns / 1000000000` would be a call
// into libgcc on 32-bit arm.
inline timespec timespec_of(std::int64_t ns) {
  const auto [units, below_unit] = detail::divide<31250>(static_cast<std::uint64_t>(ns));
  const auto [seconds, units_left] = detail::divide<32000>(units);
  return {static_cast<std::int64_t>(seconds),
          static_cast<std::int64_t>(units_left) * 31250 + below_unit};
}

}  // namespace rawthread::sys
