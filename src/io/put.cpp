// SPDX-License-Identifier: MIT
// Argument formatting that is too large to inline: laid-out integers, C strings, pointers.
#include <cstdint>

#include <rawthread/io/format.hpp>

namespace rawthread::io::detail {

void put_unsigned_slow(sink& s, std::uint64_t v) {
  char digits[20];
  s.put(digits, static_cast<std::size_t>(write_dec(digits, v) - digits));
}

namespace {

// The sign or 0x/0X that goes before the zeros and digits; returns its length (at most 3).
std::size_t prefix_of(const int_spec& spec, char* prefix) {
  std::size_t n = 0;
  if (spec.negative) prefix[n++] = '-';
  else if (spec.sign != 0) prefix[n++] = spec.sign;
  if (spec.alt && spec.base == 16 && spec.magnitude != 0) {
    prefix[n++] = '0';
    prefix[n++] = spec.upper ? 'X' : 'x';
  }
  return n;
}

char* digits_of(const int_spec& spec, char* out) {
  if (spec.base == 16) return write_hex(out, spec.magnitude, spec.upper);
  if (spec.base == 8) return write_oct(out, spec.magnitude);
  return write_dec(out, spec.magnitude);
}

void pad(sink& s, char c, std::size_t n) {
  if (n != 0) s.fill(c, n);
}

}  // namespace

// printf's integer layout: [pad] [sign or 0x] [zeros] digits [pad on the right when left].
void put_int(sink& s, const int_spec& spec) {
  // No width and no precision (the usual case): prefix and digits straight into the window.
  if (spec.width == 0 && spec.precision < 0 && !(spec.alt && spec.base == 8)) {
    if (char* p = s.reserve(3 + 22)) {
      p += prefix_of(spec, p);
      return s.commit(digits_of(spec, p));
    }
  }

  char digits[24];
  std::size_t count = 0;
  if (spec.magnitude != 0 || spec.precision != 0)
    count = static_cast<std::size_t>(digits_of(spec, digits) - digits);
  char prefix[3];
  std::size_t prefix_len = prefix_of(spec, prefix);

  std::size_t precision = spec.precision < 0 ? 0 : static_cast<std::size_t>(spec.precision);
  // '#' with octal: the first digit must be a 0, added by raising the precision if need be.
  if (spec.alt && spec.base == 8 && precision <= count && (count == 0 || digits[0] != '0'))
    precision = count + 1;
  std::size_t zeros = precision > count ? precision - count : 0;

  std::size_t body = prefix_len + zeros + count;
  std::size_t width = spec.width < 0 ? 0 : static_cast<std::size_t>(spec.width);
  std::size_t padding = width > body ? width - body : 0;

  if (spec.left) {
    s.put(prefix, prefix_len);
    pad(s, '0', zeros);
    s.put(digits, count);
    pad(s, ' ', padding);
  } else if (spec.fill == '0' && spec.precision < 0) {
    s.put(prefix, prefix_len);
    pad(s, '0', zeros + padding);
    s.put(digits, count);
  } else {
    pad(s, spec.fill == '0' ? ' ' : spec.fill, padding);  // a precision turns zero padding off
    s.put(prefix, prefix_len);
    pad(s, '0', zeros);
    s.put(digits, count);
  }
}

void put_cstr(sink& s, const char* str) {
  if (str == nullptr) return s.put("(null)", 6);
  std::size_t n = 0;
  while (str[n] != '\0') ++n;
  s.put(str, n);
}

void put_chars(sink& s, const char* array, std::size_t extent) {
  std::size_t n = 0;
  while (n < extent && array[n] != '\0') ++n;
  s.put(array, n);
}

void put_pointer(sink& s, std::uintptr_t address) {
  char text[2 + 16] = {'0', 'x'};
  s.put(text, static_cast<std::size_t>(write_hex(text + 2, address, false) - text));
}

}  // namespace rawthread::io::detail
