// SPDX-License-Identifier: MIT
// Division by a constant with multiplications and shifts only, for the code freestanding
// programs link. Where the hardware lacks a divide instruction for the width (ARMv7-A has none
// at all; no 32-bit target divides 64-bit numbers), compilers turn `n / 10` into a call to their
// run-time library (__aeabi_uidivmod, __aeabi_uldivmod, __udivdi3) whenever they optimise for
// size or the dividend is 64-bit, and a freestanding program links no such library. These give
// the quotient and remainder `/` and `%` give, on every port.
#pragma once

#include <cstdint>

#include "no_canary.hpp"

namespace rawthread::detail {

// n / d == (n * multiplier) >> (32 + shift) for every 32-bit n. The multiplier is 2^(32+shift) / d
// rounded up; its excess e = multiplier * d - 2^(32+shift) adds n * e / 2^(32+shift) / d to the
// exact quotient, less than 1/d whenever e <= 2^shift, so the floor is unchanged.
struct reciprocal {
  std::uint64_t multiplier;  // below 2^32
  int shift;                 // -1: no such pair (a divisor this scheme cannot serve)
};

// Evaluated only at compile time (quotient's constexpr variable), where its own divisions cost
// nothing.
constexpr reciprocal reciprocal_of(std::uint32_t d) {
  for (int shift = 0; shift < 32; ++shift) {
    const std::uint64_t power = std::uint64_t{1} << (32 + shift);
    const std::uint64_t multiplier = power / d + (power % d != 0 ? 1 : 0);
    if (multiplier <= 0xffffffffu && multiplier * d - power <= (std::uint64_t{1} << shift))
      return {multiplier, shift};
  }
  return {0, -1};
}

// n / d for a 32-bit n: one 32 x 32 -> 64-bit multiplication and a shift. Start-up code calls
// it before there is a thread pointer, hence no stack-protector check (no_canary.hpp).
template <std::uint32_t d>
RAWTHREAD_NO_CANARY constexpr std::uint32_t quotient(std::uint32_t n) {
  constexpr reciprocal r = reciprocal_of(d);
  static_assert(r.shift >= 0, "no 32-bit reciprocal for this divisor");
  return static_cast<std::uint32_t>((n * r.multiplier) >> (32 + r.shift));
}

struct division {
  std::uint64_t quotient;
  std::uint32_t remainder;
};

// n / d and n % d for a 64-bit n and d below 2^16: long division in base 2^16, from the top 32
// bits down, each step a 32-bit quotient (the running remainder is below d, so remainder * 2^16
// plus the next 16 bits still fits 32 bits). The steps are written out: a loop over a variable
// shift of the 64-bit n would be a call to __aeabi_llsr (clang, -Oz).
template <std::uint32_t d>
constexpr division divide(std::uint64_t n) {
  static_assert(d != 0 && d < 0x10000, "divide<d> needs 0 < d < 2^16");
  const auto high = static_cast<std::uint32_t>(n >> 32);
  const auto low = static_cast<std::uint32_t>(n);
  const std::uint32_t q_high = quotient<d>(high);
  const std::uint32_t upper = ((high - q_high * d) << 16) | (low >> 16);
  const std::uint32_t q_upper = quotient<d>(upper);
  const std::uint32_t lower = ((upper - q_upper * d) << 16) | (low & 0xffff);
  const std::uint32_t q_lower = quotient<d>(lower);
  return {(std::uint64_t{q_high} << 32) | (q_upper << 16) | q_lower, lower - q_lower * d};
}

}  // namespace rawthread::detail
