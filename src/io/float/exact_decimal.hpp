// SPDX-License-Identifier: MIT
// The exact decimal expansion of a binary floating-point value, rounded at one decimal place.
// A double is an integer times a power of two, so its expansion ends: at most 309 digits before
// the point, 1074 after it and 767 significant ones. They are produced exactly with small
// multi-word integers (32-bit words, 32x32->64 products), so every precision is exact.
// Rounding is half to even on the exact value: printf's result in the default rounding mode
// (round to nearest), which is the only mode rawthread assumes.
#pragma once

#include <cstdint>

namespace rawthread::io::detail {

// mantissa * 2^exponent, the mantissa below 2^64.
struct binary_value {
  std::uint64_t mantissa;
  int exponent;
};

// Significant digits of the expansion, longest case plus a 9-digit word of slack.
inline constexpr int max_digits = 767 + 18;

struct decimal_digits {
  char text[max_digits];
  // Digits stored; the places after them down to the rounding place are zeros. 0 when the
  // value (or what it rounded to) is zero.
  int count = 0;
  // The place of text[0]: it counts units of 10^exponent.
  int exponent = 0;
  // Whether rounding up carried into a new leading digit (9.96 -> 10.0), raising the exponent.
  bool carried = false;
};

// Rounds v to `places` digits after the decimal point (places >= 0).
void round_to_place(binary_value v, int places, decimal_digits& out);
// Rounds v to `digits` significant digits (digits >= 1).
void round_to_digits(binary_value v, int digits, decimal_digits& out);

}  // namespace rawthread::io::detail
