// SPDX-License-Identifier: MIT
// One printf conversion specification, parsed but not yet applied: no argument is read until the
// whole specification is known to be valid, so a malformed one consumes nothing.
#pragma once

#include <cstdint>

namespace rawthread::io::detail {

enum class length_modifier : unsigned char { none, hh, h, l, ll, z, j, t };

struct format_spec {
  bool left = false;   // -
  bool plus = false;   // +
  bool space = false;  // ' '
  bool alt = false;    // #
  bool zero = false;   // 0
  bool width_from_arg = false;
  bool precision_from_arg = false;
  std::int64_t width = 0;  // 64 bits: a * width of INT_MIN means 2^31 columns
  int precision = -1;  // -1: none given
  length_modifier length = length_modifier::none;
  char conversion = 0;
};

// The conversions that take a length modifier, and all of them.
constexpr bool takes_length(char c) {
  return c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'o';
}
// f F e E g G a A: 'l' is allowed on them and means nothing, as in C.
constexpr bool is_float_conversion(char c) {
  return c == 'f' || c == 'F' || c == 'e' || c == 'E' || c == 'g' || c == 'G' || c == 'a' ||
         c == 'A';
}
constexpr bool is_conversion(char c) {
  return takes_length(c) || c == 'c' || c == 's' || c == 'p' || is_float_conversion(c);
}

// Parses the specification that follows a '%' at `text`. On success returns the position after
// the conversion character; if the specification is malformed returns null and sets `stop` to
// the position after the character that made it so (or at the terminating NUL).
const char* parse_spec(const char* text, format_spec& spec, const char*& stop);

}  // namespace rawthread::io::detail
