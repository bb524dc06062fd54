// SPDX-License-Identifier: MIT
// Products wider than 64 bits, and 64-bit division by 10^9, without calling libgcc: 32-bit
// targets have no 64-bit divide instruction, and a `/` on uint64_t there becomes a call.
#pragma once

#include <cstdint>

namespace rawthread::io::detail {

struct u128 {
  std::uint64_t hi;
  std::uint64_t lo;
};

inline u128 mul_64x64(std::uint64_t a, std::uint64_t b) {
#ifdef __SIZEOF_INT128__
  // A capability of the compiler, not of the architecture: where it exists it is one multiply.
  __extension__ using wide = unsigned __int128;  // -Wpedantic: a GNU extension, on purpose
  wide p = static_cast<wide>(a) * b;
  return {static_cast<std::uint64_t>(p >> 64), static_cast<std::uint64_t>(p)};
#else
  std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
  std::uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
  std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  std::uint64_t middle = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  return {hh + (lh >> 32) + (hl >> 32) + (middle >> 32), (middle << 32) | (ll & 0xffffffffu)};
#endif
}

inline std::uint64_t mul_hi(std::uint64_t a, std::uint64_t b) { return mul_64x64(a, b).hi; }

// x / 10^9 for any x: 10^9 = 2^9 * 1953125, and for x >> 9 < 2^55 the reciprocal
// ceil(2^84 / 1953125) is off by less than 1953125 / 2^84 per unit, too little to move a floor.
inline std::uint64_t div_1e9(std::uint64_t x) {
  return mul_hi(x >> 9, 0x89705f4136b4a598ull) >> 20;
}

// x / 10 for any x, by ceil(2^67 / 10).
inline std::uint64_t div_10(std::uint64_t x) { return mul_hi(x, 0xcccccccccccccccdull) >> 3; }

}  // namespace rawthread::io::detail
