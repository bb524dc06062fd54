// SPDX-License-Identifier: MIT
// <rawthread/io/float_spec.hpp>: floating-point arguments of print/println/format_to and the
// printf engine (included by <rawthread/io/format.hpp>; see there for the other types).
//
//   double, float          the shortest text that reads back (strtod, strtof) to the same value,
//                          laid out as std::to_chars(first, last, x) does: fixed or scientific,
//                          whichever is shorter (fixed on a tie); "inf", "-inf", "nan", "-nan"
//   io::fixed(x, p)        exactly what printf's %.*f prints for (p, x): p digits after the point
//   io::sci(x, p)          exactly %.*e
//   io::general(x, p)      exactly %.*g
// A negative p means printf's default, 6. Every digit is exact for every precision (the decimal
// expansion of a double ends), rounded half to even at the last digit shown: what glibc prints in
// its default rounding mode, round to nearest, which rawthread assumes and never reads or sets.
// No floating-point instruction, environment or table is touched: integer arithmetic only, on the
// caller's stack (about 1 KiB for fixed/sci/general, a few dozen bytes for the shortest form),
// so these are safe in any thread, in both modes and in signal handlers.
#pragma once

#include <cstddef>
#include <cstdint>

#include <rawthread/io/sink.hpp>

namespace rawthread::io {
namespace detail {

// One floating-point value with printf's layout options; io::fixed & co. and printf build these.
struct float_spec {
  double value = 0;
  char conversion = 'g';  // f F e E g G a A
  bool alt = false;       // '#': always a point; %g keeps its trailing zeros
  bool left = false;      // '-': pad on the right
  char sign = 0;          // '+' or ' ' before a value whose sign bit is clear, else 0
  char fill = ' ';        // '0' pads between the sign (and 0x) and the digits; never inf or nan
  std::int64_t width = 0;  // columns; 64 bits for printf's 2^31 (a * width of INT_MIN)
  int precision = -1;     // -1: the default (6; for %a as many hex digits as the value needs)
};

void put_float(sink& s, const float_spec& spec);
void put_shortest(sink& s, double x);
void put_shortest(sink& s, float x);

constexpr float_spec float_layout(double x, char conversion, int precision) {
  float_spec spec;
  spec.value = x;
  spec.conversion = conversion;
  spec.precision = precision < 0 ? -1 : precision;
  return spec;
}

}  // namespace detail

// x as %.*f, %.*e and %.*g print it with `precision` (see above).
constexpr detail::float_spec fixed(double x, int precision = 6) {
  return detail::float_layout(x, 'f', precision);
}
constexpr detail::float_spec sci(double x, int precision = 6) {
  return detail::float_layout(x, 'e', precision);
}
constexpr detail::float_spec general(double x, int precision = 6) {
  return detail::float_layout(x, 'g', precision);
}

}  // namespace rawthread::io
