// SPDX-License-Identifier: MIT
// The fields of an IEEE-754 binary64 value.
#pragma once

#include <bit>
#include <cstdint>

#include "exact_decimal.hpp"

namespace rawthread::io::detail {

struct double_bits {
  static constexpr int fraction_bits = 52;
  static constexpr int special = 0x7ff;  // the biased exponent of infinities and NaNs
  static constexpr int bias = 1023;

  explicit double_bits(double x) {
    std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
    negative = (bits >> 63) != 0;
    biased_exponent = static_cast<int>((bits >> fraction_bits) & 0x7ff);
    fraction = bits & ((std::uint64_t{1} << fraction_bits) - 1);
  }
  // The fraction with its leading bit: 1 for normal values, 0 for subnormals and zero.
  std::uint64_t significand() const {
    return biased_exponent != 0 ? fraction | (std::uint64_t{1} << fraction_bits) : fraction;
  }
  // The power of two of the leading bit's place (subnormals share the smallest normal one).
  int binary_exponent_of_leading() const {
    return (biased_exponent != 0 ? biased_exponent : 1) - bias;
  }
  // |x| as significand * 2^exponent.
  binary_value value() const {
    return {significand(), binary_exponent_of_leading() - fraction_bits};
  }

  bool negative;
  int biased_exponent;
  std::uint64_t fraction;
};

}  // namespace rawthread::io::detail
