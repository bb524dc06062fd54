// The exponent part of %e and of std::to_chars's scientific form: the letter, its sign and at
// least two digits ("e+05", "e-324").
#pragma once

namespace rawthread::io::detail {

// Writes it at out (at most 5 bytes) and returns the end.
inline char* write_decimal_exponent(char* out, char letter, int exponent) {
  *out++ = letter;
  *out++ = exponent < 0 ? '-' : '+';
  unsigned magnitude = static_cast<unsigned>(exponent < 0 ? -exponent : exponent);
  if (magnitude >= 100) *out++ = static_cast<char>('0' + magnitude / 100);
  *out++ = static_cast<char>('0' + magnitude / 10 % 10);
  *out++ = static_cast<char>('0' + magnitude % 10);
  return out;
}

}  // namespace rawthread::io::detail
