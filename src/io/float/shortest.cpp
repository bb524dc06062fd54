// SPDX-License-Identifier: MIT
// The shortest decimal that reads back to the same double or float, by the Schubfach method
// (R. Giulietti, "The Schubfach way to render doubles", 2020): the value's rounding interval is
// scaled by one power of ten, chosen so that at most two candidates of the scaled interval
// need checking; the power comes from a generated table of 126-bit approximations
// (make_pow10_table.py) and products are rounded to odd, which keeps every comparison exact.
// Laid out as std::to_chars(first, last, x) does: fixed or scientific, whichever is shorter.
#include <bit>
#include <cstdint>

#include <rawthread/io/float_spec.hpp>
#include <rawthread/io/format.hpp>

#include "decimal_exponent.hpp"
#include "digits_below_1e18.hpp"
#include "exact_decimal.hpp"
#include "log_estimates.hpp"
#include "wide_mul.hpp"

namespace rawthread::io::detail {
namespace {

struct table_entry {
  std::uint64_t high;  // bits 125..63 of g
  std::uint64_t low;   // bits 62..0
};

constexpr int lowest_power = -292;
constexpr int base_step = 27;
#include "pow10_table.inc"

constexpr auto powers_of_five = [] {
  struct powers {
    std::uint64_t p[base_step];
  } out{};
  out.p[0] = 1;
  for (int j = 1; j < base_step; ++j) out.p[j] = out.p[j - 1] * 5;
  return out;
}();

// g(e) from the base below it times 5^j, shifted back to 126 bits, plus its stored correction
// (make_pow10_table.py checks that this gives every g(e) exactly).
table_entry pow10_entry(int e) {
  // Unsigned, and the division by base_step = 27 as a multiplication (`/` and `%` on an int are
  // calls into libgcc on arm): ceil(2^20 / 27) = 38837 is 23 / 2^20 too large, which moves no
  // quotient's floor for an index below 2^20 / (27 * 23) = 1688; the table has 617.
  static_assert(base_step == 27);
  const auto index = static_cast<std::uint32_t>(e - lowest_power);
  const std::uint32_t step = (index * 38837u) >> 20;
  const table_entry& base = pow10_bases[step];
  const std::uint32_t j = index - step * base_step;
  std::uint64_t five = powers_of_five.p[j];
  // p = (high * 2^63 + low) * five, in three words.
  u128 a = mul_64x64(base.low, five), b = mul_64x64(base.high, five);
  std::uint64_t w0 = b.lo << 63, w1 = (b.lo >> 1) | (b.hi << 63), w2 = b.hi >> 1;
  w0 += a.lo;
  std::uint64_t carry = w0 < a.lo ? 1 : 0;
  w1 += carry;
  carry = w1 < carry ? 1 : 0;
  w1 += a.hi;
  carry += w1 < a.hi ? 1 : 0;
  w2 += carry;
  // Shift right so the top bit lands on bit 125: by bit_width(p) - 126, which the exponents
  // give without looking at p (checked for every e by make_pow10_table.py), so the shift does
  // not wait for the products. `<< 1 <<` keeps each shift below 64 when it is 0.
  const int shift = floor_log2_pow10(e) - floor_log2_pow10(e - static_cast<int>(j)) -
                    static_cast<int>(j);  // 0..61 (5^26 < 2^61)
  std::uint64_t lo = (w0 >> shift) | ((w1 << 1) << (63 - shift));
  std::uint64_t hi = (w1 >> shift) | ((w2 << 1) << (63 - shift));
  int correction = static_cast<int>((pow10_corrections[index >> 5] >> (2 * (index & 31))) & 3) - 1;
  // Add the correction to the 128-bit value hi:lo without a branch (its sign is random): the
  // carry out of the low word, and all ones for a negative correction.
  auto wide = static_cast<std::uint64_t>(static_cast<std::int64_t>(correction));
  std::uint64_t fixed_lo = lo + wide;
  hi += (fixed_lo < lo ? 1 : 0) + (correction < 0 ? ~std::uint64_t{0} : 0);
  constexpr std::uint64_t low_63 = (std::uint64_t{1} << 63) - 1;
  return {(hi << 1) | (fixed_lo >> 63), fixed_lo & low_63};
}

// g * cp / 2^127 rounded to odd: the floor, with its lowest bit set when anything was cut off.
std::uint64_t round_to_odd(const table_entry& g, std::uint64_t cp) {
  constexpr std::uint64_t low_63 = (std::uint64_t{1} << 63) - 1;
  std::uint64_t x = mul_hi(g.low, cp);
  u128 y = mul_64x64(g.high, cp);
  std::uint64_t z = (y.lo >> 1) + x;
  std::uint64_t floor = y.hi + (z >> 63);
  return floor | (((z & low_63) + low_63) >> 63);
}

// A decimal: digits * 10^exponent.
struct decimal {
  std::uint64_t digits;
  int exponent;
};

// The format's parameters: significand width (with the leading bit) and smallest exponent.
struct binary_format {
  int precision;    // 53 or 24
  int min_exponent;  // of the significand's unit: -1074 or -149
};

// c * 2^q, c > 0: the shortest decimal in its rounding interval, the closest to it if several.
decimal shortest_of(const binary_format& f, std::uint64_t c, int q) {
  std::uint64_t out = c & 1;  // odd c: the interval's ends round to a neighbour, so exclude them
  std::uint64_t cb = c << 2;
  std::uint64_t cbr = cb + 2;
  std::uint64_t cbl;
  int k;
  if (c != std::uint64_t{1} << (f.precision - 1) || q == f.min_exponent) {
    cbl = cb - 2;
    k = floor_log10_pow2(q);
  } else {
    // The lowest value of a binade: the gap below it is half the gap above.
    cbl = cb - 1;
    k = floor_log10_three_quarters_pow2(q);
  }
  int h = q + floor_log2_pow10(-k) + 2;
  const table_entry g = pow10_entry(-k);
  std::uint64_t vb = round_to_odd(g, cb << h);
  std::uint64_t vbl = round_to_odd(g, cbl << h);
  std::uint64_t vbr = round_to_odd(g, cbr << h);
  std::uint64_t s = vb >> 2;
  // Every candidate's test is computed and the answer selected without a branch: which case
  // applies is a coin toss for random values, and a missed branch costs more than the tests.
  // One digit fewer, when exactly one of the two candidates is in the interval. (Java's
  // Double.toString, for which Schubfach was made, skips this below s = 100, as it wants two
  // digits at least; only subnormals with few digits have such an s.)
  std::uint64_t sp10 = 10 * div_10(s);
  std::uint64_t tp10 = sp10 + 10;
  bool lower10_in = vbl + out <= sp10 << 2;
  bool upper10_in = (tp10 << 2) + out <= vbr;
  // Else s or t = s + 1: the one in the interval, or if both are, the closer, the even on a tie.
  std::uint64_t t = s + 1;
  bool lower_in = vbl + out <= s << 2;
  bool upper_in = (t << 2) + out <= vbr;
  std::int64_t cmp = static_cast<std::int64_t>(vb - ((s + t) << 1));
  if (lower10_in != upper10_in) return {lower10_in ? sp10 : tp10, k};
  if (lower_in != upper_in) return {lower_in ? s : t, k};
  return {cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k};
}

// c * 2^q to its shortest decimal.
decimal to_decimal(const binary_format& f, std::uint64_t c, int q) {
  // An integer below 2^precision is its own shortest decimal: 0 < -q < precision and no bits
  // after the point. One branch on the whole test, not one on q and one on the bits, as the
  // first alone is a coin toss for values either side of 1.
  const auto places = static_cast<std::uint32_t>(-q) - 1;  // -q - 1, huge when q >= 0
  const bool in_range = places < static_cast<std::uint32_t>(f.precision - 1);
  const bool no_fraction = (c & ((std::uint64_t{2} << (places & 63)) - 1)) == 0;
  if (in_range & no_fraction) return {c >> -q, 0};
  return shortest_of(f, c, q);
}

// Room the result needs at most: a sign and 23 characters ("1.2345678901234567e-308", or
// fixed when that is no longer), plus the slack the fixed-size moves below write past the end.
constexpr std::size_t window = 64;

constexpr int block = 20;  // at least the 17 digits

// `block` bytes from `from` to the overlapping `to`, loaded whole before any is stored: GCC
// makes a __builtin_memmove of a constant size a call, these two copies it does inline.
void move_block(char* to, const char* from) {
  char held[block];
  __builtin_memcpy(held, from, block);
  __builtin_memcpy(to, held, block);
}

// Writes the value digits * 10^exponent (digits without trailing zeros) the to_chars way; an
// integer that needs zeros after its shortest digits is written exactly instead, as to_chars
// does (it prints %f's digits when it picks the fixed form), from its binary value `exact`.
// `out` has room for `window` bytes minus one. The digits are written in place and then moved
// in fixed-size blocks, which compile to a few wide loads and stores (a byte loop or a memcpy
// of n bytes costs more than the digits do); the bytes past the result are left as scratch.
char* write_decimal(char* out, decimal d, binary_value exact) {
  int n = write_digits(out, d.digits);
  int x = d.exponent + n - 1;  // scientific exponent
  int magnitude = x < 0 ? -x : x;
  int sci_length = n + (n > 1 ? 1 : 0) + 2 + (magnitude >= 100 ? 3 : 2);
  int fixed_length = x >= n - 1 ? x + 1 : x >= 0 ? n + 1 : n + 1 - x;
  if (fixed_length <= sci_length) {
    if (x >= n) {
      decimal_digits whole;
      round_to_place(exact, 0, whole);
      for (int i = 0; i < whole.count; ++i) *out++ = whole.text[i];
      for (int i = whole.count; i <= whole.exponent; ++i) *out++ = '0';
      return out;
    }
    if (x == n - 1) return out + n;
    if (x >= 0) {
      // ddd.ddd: the digits after the point one place right (writes at most out + 17 + block)
      move_block(out + x + 2, out + x + 1);
      out[x + 1] = '.';
      return out + n + 1;
    }
    // 0.000ddd: at most three zeros after the point before the digits (fixed_length above)
    char held[block];
    __builtin_memcpy(held, out, block);
    __builtin_memcpy(out, "0.000", 5);
    __builtin_memcpy(out + 1 - x, held, block);
    return out + n + 1 - x;
  }
  if (n > 1) {
    move_block(out + 2, out + 1);
    out[1] = '.';
    out += n + 1;
  } else {
    ++out;
  }
  return write_decimal_exponent(out, 'e', x);
}

decimal without_trailing_zeros(decimal d) {
  for (std::uint64_t q = div_10(d.digits); d.digits == 10 * q; q = div_10(d.digits)) {
    d.digits = q;
    ++d.exponent;
  }
  return d;
}

void put_shortest_bits(sink& s, const binary_format& f, bool negative, int biased, int special,
                       std::uint64_t fraction) {
  // Straight into the sink's window when it has room (the usual case), else through text. The
  // window's free bytes past the result may be left holding scratch digits: they are not output.
  char text[window];
  char* start = s.reserve(sizeof text);
  if (start == nullptr) start = text;
  char* p = start;
  *p = '-';  // kept by the sign only: no branch on it
  p += negative ? 1 : 0;
  if (biased == special) {
    const char* word = fraction != 0 ? "nan" : "inf";
    for (int i = 0; i < 3; ++i) *p++ = word[i];
  } else if (biased == 0 && fraction == 0) {
    *p++ = '0';
  } else {
    // Subnormals share the unit of the smallest normal binade; normal values have a leading 1.
    binary_value v{fraction, f.min_exponent};
    if (biased != 0)
      v = {fraction | std::uint64_t{1} << (f.precision - 1), biased - 1 + f.min_exponent};
    p = write_decimal(p, without_trailing_zeros(to_decimal(f, v.mantissa, v.exponent)), v);
  }
  if (start == text) s.put(text, static_cast<std::size_t>(p - text));
  else s.commit(p);
}

}  // namespace

void put_shortest(sink& s, double x) {
  constexpr binary_format binary64 = {53, -1074};
  std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  put_shortest_bits(s, binary64, (bits >> 63) != 0, static_cast<int>((bits >> 52) & 0x7ff), 0x7ff,
                    bits & ((std::uint64_t{1} << 52) - 1));
}

void put_shortest(sink& s, float x) {
  constexpr binary_format binary32 = {24, -149};
  std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  put_shortest_bits(s, binary32, (bits >> 31) != 0, static_cast<int>((bits >> 23) & 0xff), 0xff,
                    bits & ((std::uint32_t{1} << 23) - 1));
}

}  // namespace rawthread::io::detail
