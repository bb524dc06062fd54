// SPDX-License-Identifier: MIT
// Integer to text. Decimal goes two digits per division, from the table of the 100 pairs, into a
// span whose length is known up front (so it is written back to front without a reversal).
#include <cstdint>

#include <rawthread/io/format.hpp>

#include "../divide_by_constant.hpp"
#include "decimal_text.hpp"

namespace rawthread::io::detail {
namespace {

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
  char* const end = out + decimal_length(v);
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
