// SPDX-License-Identifier: MIT
// Decimal digits without a division instruction: nine digits of a number below 10^9, and all the
// digits of a value below 10^18, for the shortest form, printf's fast path and the exact
// expansion.
#pragma once

#include <cstdint>

#include <rawthread/io/format.hpp>

#include "../../divide_by_constant.hpp"
#include "../decimal_text.hpp"
#include "wide_mul.hpp"

namespace rawthread::io::detail {

// The nine digits of n < 10^9, leading zeros included. Split by 10^8, 10^4 and 100 into a digit
// and four pairs from the table: the divisions are independent, not one chain through all nine
// digits, and the chain's length is what the digits cost.
inline void write_nine(char* out, std::uint32_t n) {
  using rawthread::detail::quotient;
  const std::uint32_t first = quotient<100000000>(n);
  const std::uint32_t eight = n - first * 100000000u;
  const std::uint32_t high = quotient<10000>(eight);
  const std::uint32_t low = eight - high * 10000;
  const std::uint32_t high_pair = quotient<100>(high);
  const std::uint32_t low_pair = quotient<100>(low);
  out[0] = static_cast<char>('0' + first);
  copy_pair(out + 1, high_pair);
  copy_pair(out + 3, high - high_pair * 100);
  copy_pair(out + 5, low_pair);
  copy_pair(out + 7, low - low_pair * 100);
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
