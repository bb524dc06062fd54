// SPDX-License-Identifier: MIT
// The fast path: N = floor(v * 10^e) with v * 10^e below 2^64, from 10^e as a 128-bit binary
// float. Every product truncates, so the computed power is below the true one, by less than
// 2^-110 of it: 1/10 is off by 2^-128 of itself, raised to a power below 512 that is 2^-119;
// each of at most 18 truncations costs 2^-126, doubled by each squaring after it, 2^-117 at
// most. N is taken only when the fraction v * 10^e - N is at least 2^-44 away from 0 and 1,
// where an error below 2^-110 of v * 10^e < 2^64 cannot reach, so N is exact and the fraction
// known to be non-zero: a tie (an exact ...5) always goes the exact way.
#include "fast_decimal.hpp"

#include <bit>
#include <cstdint>

#include "digits_below_1e18.hpp"
#include "log_estimates.hpp"
#include "wide_mul.hpp"

namespace rawthread::io::detail {
namespace {

// m * 2^exponent with bit 127 of m set.
struct wide_float {
  u128 m;
  int exponent;
};

// The top 128 bits of a * b, normalised (truncated: never above the true product).
wide_float multiply(const wide_float& a, const wide_float& b) {
  u128 ll = mul_64x64(a.m.lo, b.m.lo), lh = mul_64x64(a.m.lo, b.m.hi);
  u128 hl = mul_64x64(a.m.hi, b.m.lo), hh = mul_64x64(a.m.hi, b.m.hi);
  std::uint64_t mid = ll.hi + lh.lo;
  std::uint64_t carry = mid < ll.hi ? 1 : 0;
  mid += hl.lo;
  carry += mid < hl.lo ? 1 : 0;
  std::uint64_t w2 = hh.lo + lh.hi;
  std::uint64_t carry3 = w2 < hh.lo ? 1 : 0;
  w2 += hl.hi;
  carry3 += w2 < hl.hi ? 1 : 0;
  w2 += carry;
  carry3 += w2 < carry ? 1 : 0;
  std::uint64_t w3 = hh.hi + carry3;
  int exponent = a.exponent + b.exponent + 128;
  if ((w3 >> 63) == 0) {
    w3 = (w3 << 1) | (w2 >> 63);
    w2 = (w2 << 1) | (mid >> 63);
    --exponent;
  }
  return {{w3, w2}, exponent};
}

// 10^e for |e| < 512, truncated. 1/10 is 0xcccc...cccc * 2^-131 truncated. The common small
// positive powers are exact: 5^e * 2^e, 5^e below 2^64 up to e = 27.
wide_float power_of_ten(int e) {
  if (e >= 0 && e <= 27) {
    std::uint64_t five = 1;  // 5^e by squaring (the squares past 5^16 wrap, unused)
    std::uint64_t square = 5;
    for (unsigned n = static_cast<unsigned>(e); n != 0; n >>= 1, square *= square)
      if (n & 1) five *= square;
    int zeros = std::countl_zero(five);
    return {{five << zeros, 0}, e - zeros - 64};
  }
  wide_float base = e >= 0 ? wide_float{{0xa000000000000000ull, 0}, -124}
                           : wide_float{{0xccccccccccccccccull, 0xccccccccccccccccull}, -131};
  wide_float result = {{0x8000000000000000ull, 0}, -127};  // 1
  bool one = true;  // result is still 1: the first factor is taken as it is, not multiplied
  for (unsigned n = static_cast<unsigned>(e < 0 ? -e : e); n != 0; n >>= 1) {
    if (n & 1) result = one ? base : multiply(result, base);
    if (n & 1) one = false;
    if (n > 1) base = multiply(base, base);
  }
  return result;
}

// floor(v * 10^e) when provably exact and v * 10^e is provably not an integer.
bool scaled(binary_value v, int e, std::uint64_t& n) {
  if (v.mantissa == 0) return false;
  int zeros = std::countl_zero(v.mantissa);
  std::uint64_t c = v.mantissa << zeros;
  wide_float g = power_of_ten(e);
  u128 low = mul_64x64(c, g.m.lo), high = mul_64x64(c, g.m.hi);
  // The 192-bit product w2:w1:w0 (w0 = low.lo is not needed: below the fraction's 64 bits).
  std::uint64_t w1 = low.hi + high.lo;
  std::uint64_t w2 = high.hi + (w1 < high.lo ? 1 : 0);
  // v * 10^e = w * 2^-shift; w < 2^192, so shift >= 128 keeps N below 2^64: N is w2 shifted
  // right by s = shift - 128, and the 64 bits below the point are the next ones down.
  int shift = -(v.exponent - zeros + g.exponent);
  if (shift < 128 || shift > 191) return false;
  int s = shift - 128;
  std::uint64_t fraction = s == 0 ? w1 : (w1 >> s) | (w2 << (64 - s));
  constexpr std::uint64_t margin = std::uint64_t{1} << 20;  // 2^-44
  if (fraction < margin || fraction > ~std::uint64_t{0} - margin) return false;
  n = w2 >> s;
  return true;
}

// 10^n by squaring (the squares past 10^16 wrap, unused).
std::uint64_t power_of_ten_integer(int n) {
  std::uint64_t p = 1;
  std::uint64_t square = 10;
  for (unsigned k = static_cast<unsigned>(n); k != 0; k >>= 1, square *= square)
    if (k & 1) p *= square;
  return p;
}

// floor(log10(v)) or one less.
int estimated_exponent(binary_value v) {
  return floor_log10_pow2(v.exponent + 63 - std::countl_zero(v.mantissa));
}

}  // namespace

bool fast_round_to_place(binary_value v, int places, decimal_digits& out) {
  // N = v * 10^(places + 1) < 10^(estimate + places + 2) must stay below 10^19.
  if (v.mantissa == 0 || places > 17 || estimated_exponent(v) + places > 16) return false;
  std::uint64_t n;
  if (!scaled(v, places + 1, n)) return false;
  std::uint64_t q = div_10(n);
  if (n - 10 * q >= 5) ++q;  // a 5 here has a non-zero fraction after it: above half
  out.carried = false;
  out.count = 0;
  out.exponent = 0;
  if (q == 0) return true;
  int count = write_digits(out.text, q);  // q < 10^18, as N < 2^64
  out.count = count;
  out.exponent = count - 1 - places;
  return true;
}

bool fast_round_to_digits(binary_value v, int digits, decimal_digits& out) {
  if (v.mantissa == 0 || digits > 17) return false;
  int estimate = estimated_exponent(v);
  std::uint64_t n;
  // N in [10^digits, 10^(digits + 2)): one or two digits beyond those kept.
  if (!scaled(v, digits - estimate, n)) return false;
  std::uint64_t limit = power_of_ten_integer(digits);
  bool two_more = n >= 10 * limit;
  std::uint64_t scale = two_more ? 100 : 10;
  std::uint64_t q = two_more ? div_10(div_10(n)) : div_10(n);
  std::uint64_t rest = n - q * scale;
  int exponent = estimate + (two_more ? 1 : 0);
  out.carried = false;
  if (2 * rest >= scale) {  // at half: the fraction after it is non-zero, so above half
    if (++q == limit) {
      q = div_10(limit);
      ++exponent;
      out.carried = true;
    }
  }
  write_digits(out.text, q);  // `digits` of them: 10^(digits - 1) <= q < 10^digits
  out.count = digits;
  out.exponent = exponent;
  return true;
}

}  // namespace rawthread::io::detail
