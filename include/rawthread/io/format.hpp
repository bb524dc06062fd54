// SPDX-License-Identifier: MIT
// <rawthread/io/format.hpp>: how each argument of print/println/format_to is written.
//
//   bool                      true / false
//   char                      the character itself
//   other integers            decimal (signed char and unsigned char too: they are int8_t and
//                             uint8_t; wchar_t, char8_t, char16_t, char32_t print their code)
//   enums                     their underlying integer
//   const char*, char*        the string up to its NUL; a null pointer prints "(null)"
//   char arrays               up to the first NUL or the array's end, whichever comes first
//   string-like objects       anything with data() -> const char* and size() (string_view, ...)
//   other pointers, nullptr   0x and lower-case hex, like %p ("0x0" for null)
//   io::dec(x, width, fill)   x in decimal right-aligned in `width` columns; fill '0' pads
//                             between the sign and the digits, like %0*d
//   io::hex(x, width, fill)   x in lower-case hex, no prefix, zero-padded to `width` by default;
//                             a negative signed x prints as its unsigned counterpart, like %x
//   double, float, io::fixed(x, p), io::sci(x, p), io::general(x, p): see io/float_spec.hpp
//                             (long double is not supported: a compile-time error)
// Any other type is a compile-time error. Every function here is safe in any thread, in both
// modes, and in signal handlers: it only touches the caller's memory.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <rawthread/io/float_spec.hpp>
#include <rawthread/io/sink.hpp>

namespace rawthread::io {
namespace detail {

// One integer with printf's layout options; io::dec, io::hex and the printf engine build these.
struct int_spec {
  std::uint64_t magnitude = 0;
  bool negative = false;
  unsigned char base = 10;  // 8, 10 or 16
  bool upper = false;       // X rather than x
  bool alt = false;         // '#': 0x prefix (base 16) or a leading 0 (base 8)
  bool left = false;        // '-': pad on the right
  char sign = 0;            // '+' or ' ' before a non-negative value, else 0
  char fill = ' ';          // '0' pads between the sign/prefix and the digits
  std::int64_t width = 0;   // columns; 64 bits for printf's 2^31 (a * width of INT_MIN)
  int precision = -1;       // minimum digits; -1 when not given
};

// Digit writers: each writes v at out and returns the end. Room needed: 20 bytes (dec),
// 16 (hex), 22 (oct).
char* write_dec(char* out, std::uint64_t v);
char* write_hex(char* out, std::uint64_t v, bool upper);
char* write_oct(char* out, std::uint64_t v);

void put_int(sink& s, const int_spec& spec);
void put_unsigned_slow(sink& s, std::uint64_t v);
void put_cstr(sink& s, const char* str);
// The text of a char array of `extent` elements: up to its first NUL or its end.
void put_chars(sink& s, const char* array, std::size_t extent);
void put_pointer(sink& s, std::uintptr_t address);

inline void put_unsigned(sink& s, std::uint64_t v) {
  if (char* p = s.reserve(20)) s.commit(write_dec(p, v));
  else put_unsigned_slow(s, v);
}

inline void put_signed(sink& s, std::int64_t v) {
  std::uint64_t magnitude = static_cast<std::uint64_t>(v);
  if (v < 0) {
    s.put('-');
    magnitude = 0 - magnitude;
  }
  put_unsigned(s, magnitude);
}

template <class T>
concept text_like = requires(const T& t) {
  { t.data() } -> std::convertible_to<const char*>;
  { t.size() } -> std::convertible_to<std::size_t>;
};

template <class T>
concept char_type = std::is_same_v<std::remove_cv_t<T>, char>;

template <class T>
inline constexpr bool unsupported = false;

// x in `base` laid out in `width` columns; negative only in decimal (hex shows the bits).
template <std::integral T>
constexpr int_spec laid_out(T v, unsigned char base, int width, char fill) {
  int_spec spec;
  spec.base = base;
  spec.width = width;
  spec.fill = fill;
  if constexpr (std::is_signed_v<T>) {
    if (base == 10 && v < 0) {
      spec.negative = true;
      spec.magnitude = 0 - static_cast<std::uint64_t>(v);
      return spec;
    }
    spec.magnitude = static_cast<std::make_unsigned_t<T>>(v);
  } else {
    spec.magnitude = v;
  }
  return spec;
}

// Char arrays up to this many elements are written inline (see put_arg).
inline constexpr std::size_t short_text = 16;

// A char array of any length as one type, so that calls differing only in the lengths of their
// literals share one instantiation where a call costs nothing next to the work (print, println).
struct char_array {
  const char* data;
  std::size_t extent;
};

// `v` itself, or a char_array for a char array.
template <class T>
constexpr decltype(auto) unify_text(const T& v) {
  if constexpr (std::is_array_v<T> && char_type<std::remove_extent_t<T>>)
    return char_array{v, std::extent_v<T>};
  else
    return (v);
}

template <class T>
void put_arg(sink& s, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    if (v) s.put("true", 4);
    else s.put("false", 5);
  } else if constexpr (std::is_same_v<T, char>) {
    s.put(v);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>) put_signed(s, v);
    else put_unsigned(s, v);
  } else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    put_shortest(s, v);
  } else if constexpr (std::is_same_v<T, float_spec>) {
    put_float(s, v);
  } else if constexpr (std::is_enum_v<T>) {
    put_arg(s, static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_same_v<T, int_spec>) {
    // io::hex(x) with no width is the common case: no layout work at all.
    if (v.width == 0 && v.base == 16 && !v.alt) {
      if (char* p = s.reserve(16)) return s.commit(write_hex(p, v.magnitude, v.upper));
    }
    put_int(s, v);
  } else if constexpr (std::is_pointer_v<T> && char_type<std::remove_pointer_t<T>>) {
    put_cstr(s, v);
  } else if constexpr (std::is_array_v<T> && char_type<std::remove_extent_t<T>>) {
    // Short literals ("id ", ", ") cost less inline than a call; longer text is written by one
    // shared function rather than a copy loop per array length.
    if constexpr (std::extent_v<T> <= short_text) {
      std::size_t n = 0;
      while (n < std::extent_v<T> && v[n] != '\0') ++n;
      s.put(v, n);
    } else {
      put_chars(s, v, std::extent_v<T>);
    }
  } else if constexpr (std::is_same_v<T, char_array>) {
    put_chars(s, v.data, v.extent);
  } else if constexpr (text_like<T>) {
    // An empty string_view's data() may be null, which memcpy must never be given.
    if (v.size() != 0) s.put(v.data(), static_cast<std::size_t>(v.size()));
  } else if constexpr (std::is_null_pointer_v<T>) {
    put_pointer(s, 0);
  } else if constexpr (std::is_pointer_v<T>) {
    put_pointer(s, reinterpret_cast<std::uintptr_t>(v));
  } else {
    static_assert(unsupported<T>, "rawthread::io cannot format this type (see io/format.hpp)");
  }
}

}  // namespace detail

// x in decimal, right-aligned in `width` columns padded with `fill` ('0': after the sign).
template <std::integral T>
constexpr detail::int_spec dec(T x, int width = 0, char fill = ' ') {
  return detail::laid_out(x, 10, width, fill);
}

// x in lower-case hex without prefix, padded to `width` columns with `fill` (zeros by default).
template <std::integral T>
constexpr detail::int_spec hex(T x, int width = 0, char fill = '0') {
  return detail::laid_out(x, 16, width, fill);
}

// Formats args into buf (at most cap bytes, no NUL added) and returns the length the whole output
// has: a result above cap means the output was cut at cap bytes. buf may be null when cap is 0.
template <class... Args>
std::size_t format_to(char* buf, std::size_t cap, const Args&... args) {
  detail::bounded_sink s(buf, cap);
  (detail::put_arg(s, args), ...);
  return s.length();
}

}  // namespace rawthread::io
