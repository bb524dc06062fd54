// SPDX-License-Identifier: MIT
// Exact binary-to-decimal expansion: the integer part as base-10^9 words (doubled into place
// 32 bits at a time), the fraction as binary words multiplied by 10^9 for each 9 digits.
#include "exact_decimal.hpp"

#include "digits_below_1e18.hpp"
#include "fast_decimal.hpp"
#include "wide_mul.hpp"

namespace rawthread::io::detail {
namespace {

constexpr std::uint32_t billion = 1000000000u;
// 2^1024 has 309 digits: 35 base-10^9 words. A fraction of 1074 + 64 bits: 36 words of 32.
constexpr int integer_words = 36;
constexpr int fraction_words = 36;

int digit_count(std::uint32_t w) {
  int n = 1;
  for (std::uint32_t limit = 10; n < 10 && w >= limit; limit *= 10) ++n;
  return n;
}

// The digits still to come after the integer part: value = words / 2^(32 * size).
class fraction {
 public:
  // The bits of `bits` below bit `point` (point >= 1).
  fraction(std::uint64_t bits, int point) : size_((point + 31) / 32) {
    if (point < 64) bits &= (std::uint64_t{1} << point) - 1;
    int shift = 32 * size_ - point;  // 0..31: aligns the fraction with the top of its words
    std::uint64_t low = bits << shift;
    std::uint32_t parts[3] = {static_cast<std::uint32_t>(low),
                              static_cast<std::uint32_t>(low >> 32),
                              shift != 0 ? static_cast<std::uint32_t>(bits >> (64 - shift)) : 0};
    for (int i = 0; i < 3 && i < size_; ++i) words_[i] = parts[i];
    hi_ = size_ < 3 ? size_ : 3;
    trim();
  }
  bool empty() const { return lo_ == hi_; }
  // Multiplies by 10^9 and returns the nine digits that cross the point.
  std::uint32_t next_nine() {
    std::uint64_t carry = 0;
    for (int i = lo_; i < hi_; ++i) {
      std::uint64_t p = std::uint64_t{words_[i]} * billion + carry;
      words_[i] = static_cast<std::uint32_t>(p);
      carry = p >> 32;
    }
    std::uint32_t out = 0;
    if (hi_ < size_) {
      if (carry != 0) words_[hi_++] = static_cast<std::uint32_t>(carry);
    } else {
      out = static_cast<std::uint32_t>(carry);
    }
    trim();
    return out;
  }

 private:
  // Only words [lo_, hi_) can be non-zero: a word of zeros at the bottom stays zero, and the
  // top grows one word at a time, so leading zero digits of tiny values cost little.
  void trim() {
    while (lo_ < hi_ && words_[lo_] == 0) ++lo_;
    while (hi_ > lo_ && words_[hi_ - 1] == 0) --hi_;
  }
  std::uint32_t words_[fraction_words] = {};
  int size_;
  int lo_ = 0;
  int hi_ = 0;
};

// Writes the digits of mantissa * 2^shift (shift >= 0) and returns how many; none for zero.
int integer_digits(std::uint64_t mantissa, int shift, char* out) {
  std::uint32_t words[integer_words];  // base 10^9, least significant first
  int n = 0;
  while (mantissa != 0) {
    std::uint64_t q = div_1e9(mantissa);
    words[n++] = static_cast<std::uint32_t>(mantissa - q * billion);
    mantissa = q;
  }
  while (shift > 0 && n > 0) {
    int step = shift < 32 ? shift : 32;
    shift -= step;
    std::uint64_t carry = 0;
    for (int i = 0; i < n; ++i) {
      std::uint64_t p = (std::uint64_t{words[i]} << step) + carry;
      carry = div_1e9(p);
      words[i] = static_cast<std::uint32_t>(p - carry * billion);
    }
    while (carry != 0) {
      std::uint64_t q = div_1e9(carry);
      words[n++] = static_cast<std::uint32_t>(carry - q * billion);
      carry = q;
    }
  }
  if (n == 0) return 0;
  int lead = digit_count(words[n - 1]);
  char nine[9];
  write_nine(nine, words[n - 1]);
  for (int i = 0; i < lead; ++i) out[i] = nine[9 - lead + i];
  int count = lead;
  for (int i = n - 2; i >= 0; --i, count += 9) write_nine(out + count, words[i]);
  return count;
}

// How many digits of the expansion the rounding needs: those kept plus the rounding digit.
int wanted(bool by_place, int exponent, int n) { return (by_place ? exponent + n + 1 : n) + 1; }

// Stores the expansion of v from its first significant digit: at least the wanted digits when
// it has that many, else all of them. Returns whether non-zero digits follow the stored ones.
// Looking for the first digit stops at places below `lowest`: out.count then stays 0.
bool expand(binary_value v, bool by_place, int n, int lowest, decimal_digits& out) {
  int point = -v.exponent;  // bits after the binary point
  std::uint64_t whole = point <= 0 ? v.mantissa : point < 64 ? v.mantissa >> point : 0;
  out.carried = false;
  out.count = integer_digits(whole, point < 0 ? -point : 0, out.text);
  out.exponent = out.count - 1;
  if (point <= 0) return false;
  fraction f(v.mantissa, point);
  if (out.count == 0) {
    int place = -1;  // the place of the next word's first digit
    std::uint32_t w = 0;
    while (!f.empty() && place >= lowest) {
      w = f.next_nine();
      if (w != 0) break;
      place -= 9;
    }
    if (w == 0) return !f.empty();
    int lead = digit_count(w);
    char nine[9];
    write_nine(nine, w);
    for (int i = 0; i < lead; ++i) out.text[i] = nine[9 - lead + i];
    out.count = lead;
    out.exponent = place - (9 - lead);
  }
  // The expansion has at most 767 significant digits, so the fraction runs out before the
  // text is full; the bound only keeps a broken invariant from writing past it.
  int need = wanted(by_place, out.exponent, n);
  while (out.count < need && !f.empty() && out.count + 9 <= max_digits) {
    write_nine(out.text + out.count, f.next_nine());
    out.count += 9;
  }
  return !f.empty();
}

// Cuts out.text to `keep` digits, rounding half to even on the exact value; `rest` says
// whether a non-zero digit follows the stored ones.
void round_at(int keep, bool rest, decimal_digits& out) {
  if (keep >= out.count) return;  // the cut falls among zeros: exact
  if (keep < 0) {
    out.count = 0;  // below half a unit of the last place kept
    return;
  }
  char next = out.text[keep];
  for (int i = keep + 1; i < out.count && !rest; ++i) rest = out.text[i] != '0';
  bool odd = keep > 0 && ((out.text[keep - 1] - '0') & 1) != 0;
  bool up = next > '5' || (next == '5' && (rest || odd));
  out.count = keep;
  if (!up) {
    while (out.count > 0 && out.text[out.count - 1] == '0') --out.count;
    if (out.count == 0) out.exponent = 0;
    return;
  }
  int i = keep - 1;
  while (i >= 0 && out.text[i] == '9') --i;
  if (i < 0) {
    // 99..9 became 100..0 (or nothing kept became a one in the next place up).
    out.text[0] = '1';
    out.count = 1;
    ++out.exponent;
    out.carried = true;
    return;
  }
  ++out.text[i];
  out.count = i + 1;
}

}  // namespace

// No double has a non-zero digit further than 1074 places after the point, or more than 767
// significant digits: rounding further away changes nothing (and keeps the arithmetic in range).
constexpr int deepest_place = 1100;

void round_to_place(binary_value v, int places, decimal_digits& out) {
  if (fast_round_to_place(v, places, out)) return;
  if (places > deepest_place) places = deepest_place;
  bool rest = expand(v, true, places, -places - 1, out);
  if (out.count != 0) round_at(out.exponent + places + 1, rest, out);
}

void round_to_digits(binary_value v, int digits, decimal_digits& out) {
  if (fast_round_to_digits(v, digits, out)) return;
  if (digits > max_digits - 18) digits = max_digits - 18;
  bool rest = expand(v, false, digits, -2 * deepest_place, out);
  if (out.count != 0) round_at(digits, rest, out);
}

}  // namespace rawthread::io::detail
