// SPDX-License-Identifier: MIT
// Decimal digits without division: nine digits of a number below 10^9, and all the digits of a
// value below 10^18, for the shortest form, printf's fast path and the exact expansion.
#pragma once

#include <cstdint>

#include <rawthread/io/format.hpp>

#include "wide_mul.hpp"

namespace rawthread::io::detail {

// The nine digits of n < 10^9, leading zeros included. y = n * ceil(2^64 / 10^9) is n / 10^9 as
// a 64-bit fraction, above it by less than n * 10^9 / 2^64 / 10^9 < 0.055 / 10^9; each digit is
// the integer part of the fraction times 10 (then a pair, times 100), which multiplies that
// excess by the same, so the last pair is off by less than 0.055 and every earlier one by less
// than the distance to the next integer: all floors are exact (checked for every n when this
// was written; the differential tests against glibc go through it).
inline void write_nine(char* out, std::uint32_t n) {
  std::uint64_t y = n * std::uint64_t{18446744074};
  u128 t = mul_64x64(y, 10);
  out[0] = static_cast<char>('0' + t.hi);
  y = t.lo;
  for (int i = 1; i < 9; i += 2) {
    t = mul_64x64(y, 100);
    auto pair = static_cast<std::uint32_t>(t.hi);
    std::uint32_t tens = (pair * 103) >> 10;  // pair / 10 for pair < 100
    out[i] = static_cast<char>('0' + tens);
    out[i + 1] = static_cast<char>('0' + (pair - 10 * tens));
    y = t.lo;
  }
}

// Writes the digits of v < 10^18 at out and returns their count: below 10^9 as the integer
// formatter writes them, else the part above 10^9 that way and nine more.
inline int write_digits(char* out, std::uint64_t v) {
  std::uint64_t high = div_1e9(v);
  auto low = static_cast<std::uint32_t>(v - high * 1000000000u);
  if (high == 0) return static_cast<int>(write_dec(out, low) - out);
  char* p = write_dec(out, high);
  write_nine(p, low);
  return static_cast<int>(p + 9 - out);
}

}  // namespace rawthread::io::detail
