// SPDX-License-Identifier: MIT
// The exponent part of %e and of std::to_chars's scientific form: the letter, its sign and at
// least two digits ("e+05", "e-324").
#pragma once

#include <cstdint>

#include "../../divide_by_constant.hpp"

namespace rawthread::io::detail {

// Writes it at out (at most 5 bytes) and returns the end.
inline char* write_decimal_exponent(char* out, char letter, int exponent) {
  *out++ = letter;
  *out++ = exponent < 0 ? '-' : '+';
  // Divisions by constants through divide_by_constant.hpp: as `/`, calls into libgcc on arm.
  const auto magnitude = static_cast<std::uint32_t>(exponent < 0 ? -exponent : exponent);
  const std::uint32_t tens = rawthread::detail::quotient<10>(magnitude);
  const std::uint32_t hundreds = rawthread::detail::quotient<10>(tens);
  if (hundreds != 0) *out++ = static_cast<char>('0' + hundreds);
  *out++ = static_cast<char>('0' + (tens - 10 * hundreds));
  *out++ = static_cast<char>('0' + (magnitude - 10 * tens));
  return out;
}

}  // namespace rawthread::io::detail
