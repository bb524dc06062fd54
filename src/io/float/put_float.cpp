// SPDX-License-Identifier: MIT
// printf's floating-point conversions: %f %e %g from the exact decimal digits, %a from the bits,
// and the sign, width and padding around them, as glibc lays them out.
#include <cstdint>

#include <rawthread/io/float_spec.hpp>

#include "../../divide_by_constant.hpp"
#include "decimal_exponent.hpp"
#include "exact_decimal.hpp"
#include "float_bits.hpp"

namespace rawthread::io::detail {
namespace {

// n bytes of c: fixed-size stores the compiler inlines (a memset of a variable length is a call
// that costs more than the stores), the last two overlapping where n is not a multiple of their
// size.
char* fill_short(char* out, char c, std::size_t n) {
  if (n >= 8) {
    for (; n > 8; n -= 8, out += 8) __builtin_memset(out, c, 8);
    __builtin_memset(out + n - 8, c, 8);
  } else if (n >= 4) {
    __builtin_memset(out, c, 4);
    __builtin_memset(out + n - 4, c, 4);
  } else if (n >= 2) {
    __builtin_memset(out, c, 2);
    __builtin_memset(out + n - 2, c, 2);
  } else if (n == 1) {
    *out = c;
  }
  return out + n;
}

// The unit of pieces::write's copies, and the texts it copies from.
constexpr std::size_t chunk = 32;
// The words, the point and a run of zeros, with room after each for a chunk's read.
constexpr char padded_text[] = "nanNANinfINF.00000000000000000000000000000000";
const char* const point_text = padded_text + 12;
const char* const zero_run = padded_text + 13;

// The text of one conversion after its sign (and 0x): pieces of text and runs of zeros, so that
// a precision of a million costs no buffer.
class pieces {
 public:
  void text(const char* t, std::size_t n) {
    if (n != 0) add(t, n);
  }
  void zeros(std::size_t n) {
    if (n != 0) add(n <= chunk ? zero_run : nullptr, n);
  }
  std::size_t length() const { return length_; }
  void put(sink& s) const {
    for (int i = 0; i < count_; ++i) {
      if (list_[i].text != nullptr) s.put(list_[i].text, list_[i].n);
      else s.fill('0', list_[i].n);
    }
  }
  // All of it at out, which has room for length() + chunk bytes; returns the end. A piece of up
  // to 32 bytes (nearly all) is one fixed-size copy whatever its length (random values give
  // pieces random lengths, and a branch on each would be missed often); what a copy writes past
  // its piece the next one overwrites, or is left as scratch past the end. Every text has
  // chunk - 1 readable bytes after it (put_float pads its buffers), and zeros() gives a short
  // run of zeros zero_run as its text.
  char* write(char* out) const {
    for (int i = 0; i < count_; ++i) {
      const piece& p = list_[i];
      if (p.n <= chunk) [[likely]] {
        __builtin_memcpy(out, p.text, chunk);
      } else {
        const char* from = p.text != nullptr ? p.text : zero_run;
        const std::size_t step = p.text != nullptr ? chunk : 0;
        for (std::size_t done = 0; done < p.n; done += chunk, from += step)
          __builtin_memcpy(out + done, from, chunk);
      }
      out += p.n;
    }
    return out;
  }

 private:
  void add(const char* t, std::size_t n) {
    list_[count_++] = {t, n};
    length_ += n;
  }
  struct piece {
    const char* text;  // null: n zeros (more than a chunk)
    std::size_t n;
  };
  piece list_[8];
  int count_ = 0;
  std::size_t length_ = 0;
};

std::size_t at_most(std::size_t a, std::size_t b) { return a < b ? a : b; }
std::size_t at_least_zero(long v) { return v > 0 ? static_cast<std::size_t>(v) : 0; }

// Digits d as [int].[places digits]; the point only when `point`.
void fixed_pieces(const decimal_digits& d, std::size_t places, bool point, pieces& out) {
  std::size_t count = static_cast<std::size_t>(d.count);
  if (count == 0 || d.exponent < 0) {
    out.text(zero_run, 1);
  } else {
    std::size_t whole = static_cast<std::size_t>(d.exponent) + 1;
    std::size_t stored = at_most(count, whole);
    out.text(d.text, stored);
    out.zeros(whole - stored);
  }
  if (point) out.text(point_text, 1);
  if (count == 0) return out.zeros(places);
  std::size_t lead = at_most(places, at_least_zero(-1L - d.exponent));
  std::size_t first = at_least_zero(d.exponent + 1L);
  std::size_t shown = at_most(count > first ? count - first : 0, places - lead);
  out.zeros(lead);
  out.text(d.text + first, shown);
  out.zeros(places - lead - shown);
}

// Digits d as d.[places digits]e±XX; `exponent_text` holds the exponent part (6 bytes).
void sci_pieces(const decimal_digits& d, std::size_t places, bool point, bool upper,
                char* exponent_text, pieces& out) {
  std::size_t count = static_cast<std::size_t>(d.count);
  int exponent = count == 0 ? 0 : d.exponent;
  out.text(count == 0 ? zero_run : d.text, 1);
  if (point) out.text(point_text, 1);
  std::size_t shown = count == 0 ? 0 : at_most(count - 1, places);
  out.text(d.text + 1, shown);
  out.zeros(places - shown);
  char* p = write_decimal_exponent(exponent_text, upper ? 'E' : 'e', exponent);
  out.text(exponent_text, static_cast<std::size_t>(p - exponent_text));
}

// %g: precision significant digits, as %e when the exponent is below -4 or at least the
// precision, else as %f; without '#' no trailing zeros and no point before nothing.
void general_pieces(decimal_digits& d, binary_value v, int precision, bool alt, bool upper,
                    char* exponent_text, pieces& out) {
  int digits = precision < 0 ? 6 : precision == 0 ? 1 : precision;
  round_to_digits(v, digits, d);
  int exponent = d.count == 0 ? 0 : d.exponent;
  int significant = d.count;
  while (significant > 0 && d.text[significant - 1] == '0') --significant;
  if (exponent < -4 || exponent >= digits) {
    std::size_t places = static_cast<std::size_t>(digits - 1);
    // glibc picks the style before rounding: a value that would print with no decimals but
    // rounds up into one more digit (999999.5 with 6) comes out as %e with none ("1.e+06").
    if (d.carried && exponent == digits) places = 0;
    if (!alt) places = at_least_zero(significant - 1L);
    return sci_pieces(d, places, alt || places != 0, upper, exponent_text, out);
  }
  std::size_t places = static_cast<std::size_t>(digits - 1 - exponent);
  if (!alt) places = at_most(places, at_least_zero(significant - 1L - exponent));
  fixed_pieces(d, places, alt || places != 0, out);
}

constexpr char lower_hex[] = "0123456789abcdef";
constexpr char upper_hex[] = "0123456789ABCDEF";

// %a: [0-2].hhh...p±d, the first digit 1 for normal values (0 for subnormals and zero), the
// exponent that of the leading bit (-1022 for subnormals), rounded half to even at `precision`
// hex digits (-1: as many as the value needs). `text` holds 1 + 1 + 13 + 2 + 5 bytes.
void hex_pieces(const double_bits& b, int precision, bool alt, bool upper, char* text,
                pieces& out) {
  constexpr int nibbles = 13;
  const char* digits = upper ? upper_hex : lower_hex;
  std::uint64_t value = b.significand();  // the leading bit and 52 fraction bits
  int exponent = b.fraction == 0 && b.biased_exponent == 0 ? 0 : b.binary_exponent_of_leading();
  int places = precision;
  if (places < 0) {
    places = nibbles;
    while (places > 0 && ((b.fraction >> (4 * (nibbles - places))) & 0xf) == 0) --places;
  }
  int shown = places < nibbles ? places : nibbles;
  if (shown < nibbles) {
    int dropped = 4 * (nibbles - shown);
    std::uint64_t rest = value & ((std::uint64_t{1} << dropped) - 1);
    std::uint64_t half = std::uint64_t{1} << (dropped - 1);
    value >>= dropped;
    if (rest > half || (rest == half && (value & 1) != 0)) ++value;
  }
  char* p = text;
  *p++ = digits[value >> (4 * shown)];
  if (places != 0 || alt) *p++ = '.';
  for (int i = shown - 1; i >= 0; --i) *p++ = digits[(value >> (4 * i)) & 0xf];
  out.text(text, static_cast<std::size_t>(p - text));
  out.zeros(static_cast<std::size_t>(places - shown));
  char* e = p;
  *e++ = upper ? 'P' : 'p';
  *e++ = exponent < 0 ? '-' : '+';
  auto magnitude = static_cast<std::uint32_t>(exponent < 0 ? -exponent : exponent);
  char reversed[4];
  int n = 0;
  do {
    const std::uint32_t rest = rawthread::detail::quotient<10>(magnitude);  // not `/`: libgcc
    reversed[n++] = static_cast<char>('0' + (magnitude - 10 * rest));
    magnitude = rest;
  } while (magnitude != 0);
  while (n > 0) *e++ = reversed[--n];
  out.text(p, static_cast<std::size_t>(e - p));
}

void put_laid_out(sink& s, const float_spec& spec, const char* prefix, std::size_t prefix_len,
                  const pieces& body, bool zero_pad) {
  std::size_t length = prefix_len + body.length();
  std::size_t width = spec.width < 0 ? 0 : static_cast<std::size_t>(spec.width);
  std::size_t pad = width > length ? width - length : 0;
  bool zeros_inside = !spec.left && zero_pad && spec.fill == '0';
  // The usual case: short enough to go straight into the sink's window, with room for the
  // scratch pieces::write leaves. Its over-read of digits stays inside decimal_digits::text: the
  // pieces of a body this short start and end within its first 2 * direct digits.
  constexpr std::size_t direct = 128;
  if (length <= direct && pad <= direct) {
    if (char* out = s.reserve(length + pad + chunk)) {
      if (!spec.left && !zeros_inside) out = fill_short(out, ' ', pad);
      __builtin_memcpy(out, prefix, 4);
      out += prefix_len;
      if (zeros_inside) out = fill_short(out, '0', pad);
      out = body.write(out);
      if (spec.left) out = fill_short(out, ' ', pad);
      return s.commit(out);
    }
  }
  if (!spec.left && !zeros_inside) s.fill(' ', pad);
  s.put(prefix, prefix_len);
  if (zeros_inside) s.fill('0', pad);
  body.put(s);
  if (spec.left) s.fill(' ', pad);
}

}  // namespace

void put_float(sink& s, const float_spec& spec) {
  double_bits b(spec.value);
  char c = spec.conversion;
  bool upper = c == 'F' || c == 'E' || c == 'G' || c == 'A';
  char lower = static_cast<char>(upper ? c - 'A' + 'a' : c);
  char prefix[4] = {};  // put_laid_out copies all four
  std::size_t prefix_len = 0;
  if (b.negative) prefix[prefix_len++] = '-';
  else if (spec.sign != 0) prefix[prefix_len++] = spec.sign;

  pieces body;
  if (b.biased_exponent == double_bits::special) {
    body.text(padded_text + (b.fraction != 0 ? 0 : 6) + (upper ? 3 : 0), 3);
    return put_laid_out(s, spec, prefix, prefix_len, body, false);
  }

  char small_text[24 + chunk];  // the exponent or %a's text, and pieces::write's over-read
  if (lower == 'a') {
    prefix[prefix_len++] = '0';
    prefix[prefix_len++] = upper ? 'X' : 'x';
    hex_pieces(b, spec.precision, spec.alt, upper, small_text, body);
    return put_laid_out(s, spec, prefix, prefix_len, body, true);
  }

  decimal_digits digits;
  binary_value v = b.value();
  std::size_t places = spec.precision < 0 ? 6 : static_cast<std::size_t>(spec.precision);
  bool point = places != 0 || spec.alt;
  if (lower == 'f') {
    round_to_place(v, spec.precision < 0 ? 6 : spec.precision, digits);
    fixed_pieces(digits, places, point, body);
  } else if (lower == 'e') {
    // Beyond 767 significant digits there are only zeros (and int range ends).
    int digits_e = spec.precision < 0 ? 6 : spec.precision < 1000 ? spec.precision : 1000;
    round_to_digits(v, digits_e + 1, digits);
    sci_pieces(digits, places, point, upper, small_text, body);
  } else {
    general_pieces(digits, v, spec.precision, spec.alt, upper, small_text, body);
  }
  put_laid_out(s, spec, prefix, prefix_len, body, true);
}

}  // namespace rawthread::io::detail
