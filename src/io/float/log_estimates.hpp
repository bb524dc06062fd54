// SPDX-License-Identifier: MIT
// floor(q * log10(2)), floor(log10(3/4 * 2^q)) and floor(e * log2(10)) by fixed-point
// multiplication, exact for |q|, |e| < 2,000 (the constants are the logarithms times 2^41, 2^38).
#pragma once

namespace rawthread::io::detail {

constexpr int floor_log10_pow2(int q) { return static_cast<int>((q * 661971961083ll) >> 41); }
constexpr int floor_log10_three_quarters_pow2(int q) {
  return static_cast<int>((q * 661971961083ll - 274743187321ll) >> 41);
}
constexpr int floor_log2_pow10(int e) { return static_cast<int>((e * 913124641741ll) >> 38); }

}  // namespace rawthread::io::detail
