// SPDX-License-Identifier: MIT
// Parsing one printf specification: flags, width, precision, length modifier, conversion.
#include "format_spec.hpp"

#include <cstdint>

namespace rawthread::io::detail {
namespace {

constexpr int int_max = 2147483647;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a decimal number; false when it exceeds INT_MAX (p then points at the digit too many).
// 64-bit, not long: 32-bit ports' long would overflow on the tenth digit before the check.
template <class Int>
bool read_number(const char*& p, Int& out) {
  std::int64_t value = 0;
  for (; is_digit(*p); ++p) {
    value = value * 10 + (*p - '0');
    if (value > int_max) return false;
  }
  out = static_cast<Int>(value);
  return true;
}

const char* fail(const char* p, const char*& stop) {
  stop = *p == '\0' ? p : p + 1;
  return nullptr;
}

}  // namespace

const char* parse_spec(const char* text, format_spec& spec, const char*& stop) {
  const char* p = text;
  for (;; ++p) {
    if (*p == '-') spec.left = true;
    else if (*p == '+') spec.plus = true;
    else if (*p == ' ') spec.space = true;
    else if (*p == '#') spec.alt = true;
    else if (*p == '0') spec.zero = true;
    else break;
  }

  if (*p == '*') {
    spec.width_from_arg = true;
    ++p;
  } else if (!read_number(p, spec.width)) {
    return fail(p, stop);
  }

  if (*p == '.') {
    ++p;
    if (*p == '*') {
      spec.precision_from_arg = true;
      ++p;
    } else if (!read_number(p, spec.precision)) {
      return fail(p, stop);
    }
  }

  switch (*p) {
    case 'h':
      spec.length = p[1] == 'h' ? length_modifier::hh : length_modifier::h;
      p += p[1] == 'h' ? 2 : 1;
      break;
    case 'l':
      spec.length = p[1] == 'l' ? length_modifier::ll : length_modifier::l;
      p += p[1] == 'l' ? 2 : 1;
      break;
    case 'z': spec.length = length_modifier::z; ++p; break;
    case 'j': spec.length = length_modifier::j; ++p; break;
    case 't': spec.length = length_modifier::t; ++p; break;
    default: break;
  }

  if (!is_conversion(*p)) return fail(p, stop);
  if (spec.length != length_modifier::none && !takes_length(*p) &&
      !(spec.length == length_modifier::l && is_float_conversion(*p)))
    return fail(p, stop);
  spec.conversion = *p;
  return p + 1;
}

}  // namespace rawthread::io::detail
