// Argument formatting that is too large to inline: laid-out integers, C strings, pointers.
#include <cstdint>

#include <rawthread/io/format.hpp>

namespace rawthread::io::detail {

void put_unsigned_slow(sink& s, std::uint64_t v) {
  char digits[20];
  s.put(digits, static_cast<std::size_t>(write_dec(digits, v) - digits));
}

// printf's integer layout: [pad] [sign or 0x] [zeros] digits [pad on the right when left].
void put_int(sink& s, const int_spec& spec) {
  char digits[24];
  std::size_t count = 0;
  if (spec.magnitude != 0 || spec.precision != 0) {
    char* end = spec.base == 16  ? write_hex(digits, spec.magnitude, spec.upper)
                : spec.base == 8 ? write_oct(digits, spec.magnitude)
                                 : write_dec(digits, spec.magnitude);
    count = static_cast<std::size_t>(end - digits);
  }

  char prefix[3];
  std::size_t prefix_len = 0;
  if (spec.negative) prefix[prefix_len++] = '-';
  else if (spec.sign != 0) prefix[prefix_len++] = spec.sign;
  if (spec.alt && spec.base == 16 && spec.magnitude != 0) {
    prefix[prefix_len++] = '0';
    prefix[prefix_len++] = spec.upper ? 'X' : 'x';
  }

  std::size_t precision = spec.precision < 0 ? 0 : static_cast<std::size_t>(spec.precision);
  // '#' with octal: the first digit must be a 0, added by raising the precision if need be.
  if (spec.alt && spec.base == 8 && precision <= count && (count == 0 || digits[0] != '0'))
    precision = count + 1;
  std::size_t zeros = precision > count ? precision - count : 0;

  std::size_t body = prefix_len + zeros + count;
  std::size_t width = spec.width < 0 ? 0 : static_cast<std::size_t>(spec.width);
  std::size_t pad = width > body ? width - body : 0;

  if (spec.left) {
    s.put(prefix, prefix_len);
    s.fill('0', zeros);
    s.put(digits, count);
    s.fill(' ', pad);
  } else if (spec.fill == '0' && spec.precision < 0) {
    s.put(prefix, prefix_len);
    s.fill('0', zeros + pad);
    s.put(digits, count);
  } else {
    s.fill(spec.fill == '0' ? ' ' : spec.fill, pad);  // a precision turns zero padding off
    s.put(prefix, prefix_len);
    s.fill('0', zeros);
    s.put(digits, count);
  }
}

void put_cstr(sink& s, const char* str) {
  if (str == nullptr) return s.put("(null)", 6);
  std::size_t n = 0;
  while (str[n] != '\0') ++n;
  s.put(str, n);
}

void put_pointer(sink& s, std::uintptr_t address) {
  char text[2 + 16] = {'0', 'x'};
  s.put(text, static_cast<std::size_t>(write_hex(text + 2, address, false) - text));
}

}  // namespace rawthread::io::detail
