// SPDX-License-Identifier: MIT
// The printf engine: literal text between specifications, then one conversion at a time.
// Where C leaves a choice open, glibc's choice is made, so valid formats match it byte for byte.
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <rawthread/io/format.hpp>
#include <rawthread/io/printf.hpp>

#include "format_spec.hpp"

namespace rawthread::io::detail {
namespace {

// va_list is an array type on x86_64, so it is passed around wrapped, by reference.
struct arguments {
  va_list ap;
};

using signed_size = std::make_signed_t<std::size_t>;
using unsigned_ptrdiff = std::make_unsigned_t<std::ptrdiff_t>;

// Reads a d/i argument; char and short arguments arrive promoted to int and are cut back.
std::int64_t signed_arg(arguments& args, length_modifier length) {
  switch (length) {
    case length_modifier::hh: return static_cast<signed char>(va_arg(args.ap, int));
    case length_modifier::h: return static_cast<short>(va_arg(args.ap, int));
    case length_modifier::l: return va_arg(args.ap, long);
    case length_modifier::ll: return va_arg(args.ap, long long);
    case length_modifier::z: return va_arg(args.ap, signed_size);
    case length_modifier::j: return va_arg(args.ap, std::intmax_t);
    case length_modifier::t: return va_arg(args.ap, std::ptrdiff_t);
    case length_modifier::none: break;
  }
  return va_arg(args.ap, int);
}

std::uint64_t unsigned_arg(arguments& args, length_modifier length) {
  switch (length) {
    case length_modifier::hh: return static_cast<unsigned char>(va_arg(args.ap, unsigned));
    case length_modifier::h: return static_cast<unsigned short>(va_arg(args.ap, unsigned));
    case length_modifier::l: return va_arg(args.ap, unsigned long);
    case length_modifier::ll: return va_arg(args.ap, unsigned long long);
    case length_modifier::z: return va_arg(args.ap, std::size_t);
    case length_modifier::j: return va_arg(args.ap, std::uintmax_t);
    case length_modifier::t: return va_arg(args.ap, unsigned_ptrdiff);
    case length_modifier::none: break;
  }
  return va_arg(args.ap, unsigned);
}

// Text padded to the width with spaces (glibc pads %s, %c and "(nil)" with spaces even with '0').
void put_padded(sink& s, const format_spec& spec, const char* text, std::size_t n) {
  std::size_t width = static_cast<std::size_t>(spec.width);
  std::size_t pad = width > n ? width - n : 0;
  if (!spec.left) s.fill(' ', pad);
  s.put(text, n);
  if (spec.left) s.fill(' ', pad);
}

void put_string(sink& s, const format_spec& spec, const char* str) {
  if (str == nullptr) {
    // glibc prints "(null)" only when the precision leaves room for all of it.
    bool fits = spec.precision < 0 || spec.precision >= 6;
    return put_padded(s, spec, "(null)", fits ? 6 : 0);
  }
  std::size_t n = 0;
  if (spec.precision < 0) {
    while (str[n] != '\0') ++n;
  } else {
    // Never reads past the precision: the array need not be NUL-terminated.
    std::size_t limit = static_cast<std::size_t>(spec.precision);
    while (n < limit && str[n] != '\0') ++n;
  }
  put_padded(s, spec, str, n);
}

int_spec layout_of(const format_spec& spec) {
  int_spec out;
  out.left = spec.left;
  out.fill = spec.zero ? '0' : ' ';
  out.width = spec.width;
  out.precision = spec.precision;
  return out;
}

void convert(sink& s, format_spec& spec, arguments& args) {
  if (spec.width_from_arg) {
    // Negative means '-' and the magnitude, which for INT_MIN is 2^31 columns: computed in 64
    // bits, so the length comes out true (and too long for an int, as glibc reports with -1).
    std::int64_t w = va_arg(args.ap, int);
    if (w < 0) {
      spec.left = true;
      w = -w;
    }
    spec.width = w;
  }
  if (spec.precision_from_arg) {
    int p = va_arg(args.ap, int);
    spec.precision = p < 0 ? -1 : p;
  }

  // Before the integers' layout, which a floating-point conversion does not need.
  if (is_float_conversion(spec.conversion)) {
    float_spec f;
    f.value = va_arg(args.ap, double);
    f.conversion = spec.conversion;
    f.alt = spec.alt;
    f.left = spec.left;
    f.sign = spec.plus ? '+' : spec.space ? ' ' : 0;
    f.fill = spec.zero ? '0' : ' ';
    f.width = spec.width;
    f.precision = spec.precision;
    return put_float(s, f);
  }

  int_spec number = layout_of(spec);
  switch (spec.conversion) {
    case 'd':
    case 'i': {
      std::int64_t v = signed_arg(args, spec.length);
      number.negative = v < 0;
      number.magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
      number.sign = spec.plus ? '+' : spec.space ? ' ' : 0;
      return put_int(s, number);
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o':
      number.magnitude = unsigned_arg(args, spec.length);
      number.base = spec.conversion == 'u' ? 10 : spec.conversion == 'o' ? 8 : 16;
      number.upper = spec.conversion == 'X';
      number.alt = spec.alt && spec.conversion != 'u';
      return put_int(s, number);
    case 'c': {
      char c = static_cast<char>(static_cast<unsigned char>(va_arg(args.ap, int)));
      return put_padded(s, spec, &c, 1);
    }
    case 's':
      return put_string(s, spec, va_arg(args.ap, const char*));
    case 'p': {
      const void* v = va_arg(args.ap, const void*);
      if (v == nullptr) return put_padded(s, spec, "(nil)", 5);
      // glibc prints a pointer as %#lx, keeping the sign, zero and precision options.
      number.magnitude = reinterpret_cast<std::uintptr_t>(v);
      number.base = 16;
      number.alt = true;
      number.sign = spec.plus ? '+' : spec.space ? ' ' : 0;
      return put_int(s, number);
    }
    default:
      break;
  }
}

}  // namespace

void vformat(sink& s, const char* fmt, va_list ap) {
  arguments args;
  va_copy(args.ap, ap);
  const char* p = fmt;
  for (;;) {
    const char* text = p;
    while (*p != '\0' && *p != '%') ++p;
    // The text between conversions is often one byte (a space, a comma) or none: those without
    // a call to memcpy.
    if (p - text == 1) s.put(*text);
    else if (p != text) s.put(text, static_cast<std::size_t>(p - text));
    if (*p == '\0') break;
    if (p[1] == '%') {
      s.put('%');
      p += 2;
      continue;
    }
    format_spec spec;
    const char* stop = nullptr;
    const char* next;
    if (is_conversion(p[1])) {
      // A bare %d, %s ...: nothing to parse.
      spec.conversion = p[1];
      next = p + 2;
    } else {
      next = parse_spec(p + 1, spec, stop);
    }
    if (next == nullptr) {
      s.put(p, static_cast<std::size_t>(stop - p));
      p = stop;
      continue;
    }
    convert(s, spec, args);
    p = next;
  }
  va_end(args.ap);
}

}  // namespace rawthread::io::detail
