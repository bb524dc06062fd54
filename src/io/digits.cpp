// SPDX-License-Identifier: MIT
// Integer to text. Decimal goes two digits per division, from a table of the 100 pairs, into a
// span whose length is known up front (so it is written back to front without a reversal).
#include <bit>
#include <cstdint>

#include <rawthread/io/format.hpp>

#include "../divide_by_constant.hpp"

namespace rawthread::io::detail {
namespace {

constexpr char digit_pairs[] =
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

constexpr std::uint64_t powers_of_ten[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

// The bits v needs, at least 1. As an int: libstdc++'s bit_width may return the argument's type,
// and arithmetic on a 64-bit count costs 32-bit targets a helper call for each division.
int bits_of(std::uint64_t v) { return static_cast<int>(std::bit_width(v | 1)); }

// 1233 / 4096 is just under log10(2): from the bit width it gives the digit count or one less,
// and one comparison settles which. `v | 1` makes zero count as one digit.
int decimal_digits(std::uint64_t v) {
  int guess = (bits_of(v) * 1233) >> 12;
  return guess + ((v | 1) >= powers_of_ten[guess] ? 1 : 0);
}

void copy_pair(char* to, std::uint32_t pair) {
  to[0] = digit_pairs[2 * pair];
  to[1] = digit_pairs[2 * pair + 1];
}

// Fills [.., end) back to front with the digits of a 32-bit v. Divisions by constants go
// through divide_by_constant.hpp: as `/`, they would be calls into libgcc on 32-bit arm.
void fill_decimal(char* end, std::uint32_t v) {
  while (v >= 100) {
    const std::uint32_t rest = rawthread::detail::quotient<100>(v);
    end -= 2;
    copy_pair(end, v - rest * 100);
    v = rest;
  }
  if (v >= 10) copy_pair(end - 2, v);
  else end[-1] = static_cast<char>('0' + v);
}

}  // namespace

// A value beyond 32 bits loses four digits at a time (64-bit division done in 32-bit steps)
// until the rest fits 32 bits, which is the common case and the fast path.
char* write_dec(char* out, std::uint64_t v) {
  char* const end = out + decimal_digits(v);
  char* p = end;
  while (v > 0xffffffffu) {
    const auto [rest, low_four] = rawthread::detail::divide<10000>(v);
    const std::uint32_t high_pair = rawthread::detail::quotient<100>(low_four);
    p -= 4;
    copy_pair(p, high_pair);
    copy_pair(p + 2, low_four - high_pair * 100);
    v = rest;
  }
  fill_decimal(p, static_cast<std::uint32_t>(v));
  return end;
}

char* write_hex(char* out, std::uint64_t v, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int count = (bits_of(v) + 3) >> 2;
  char* end = out + count;
  for (char* p = end; p != out; v >>= 4) *--p = digits[v & 0xf];
  return end;
}

char* write_oct(char* out, std::uint64_t v) {
  auto count = static_cast<int>(rawthread::detail::quotient<3>(bits_of(v) + 2u));
  char* end = out + count;
  for (char* p = end; p != out; v >>= 3) *--p = static_cast<char>('0' + (v & 7));
  return end;
}

}  // namespace rawthread::io::detail
