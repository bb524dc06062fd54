// SPDX-License-Identifier: MIT
// Decimal text for the integer formatter and the floating-point digit writers: how many digits
// an integer has, without a loop, and the table of the 100 digit pairs.
#pragma once

#include <bit>
#include <cstdint>

namespace rawthread::io::detail {

inline constexpr std::uint64_t powers_of_ten[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

// The bits v needs, at least 1. As an int: libstdc++'s bit_width may return the argument's type,
// and arithmetic on a 64-bit count costs 32-bit targets a helper call for each division.
inline int bits_of(std::uint64_t v) { return static_cast<int>(std::bit_width(v | 1)); }

// 1233 / 4096 is just under log10(2): from the bit width it gives the digit count or one less,
// and one comparison settles which. `v | 1` makes zero count as one digit.
inline int decimal_length(std::uint64_t v) {
  int guess = (bits_of(v) * 1233) >> 12;
  return guess + ((v | 1) >= powers_of_ten[guess] ? 1 : 0);
}

inline constexpr char digit_pairs[] =
    "00010203040506070809"
    "10111213141516171819"
    "20212223242526272829"
    "30313233343536373839"
    "40414243444546474849"
    "50515253545556575859"
    "60616263646566676869"
    "70717273747576777879"
    "80818283848586878889"
    "90919293949596979899";

// The two digits of pair < 100.
inline void copy_pair(char* to, std::uint32_t pair) { __builtin_memcpy(to, digit_pairs + 2 * pair, 2); }

}  // namespace rawthread::io::detail
