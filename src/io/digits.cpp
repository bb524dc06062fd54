// Integer to text. Decimal goes two digits per division, from a table of the 100 pairs, into a
// span whose length is known up front (so it is written back to front without a reversal).
#include <bit>
#include <cstdint>

#include <rawthread/io/format.hpp>

namespace rawthread::io::detail {
namespace {

constexpr char digit_pairs[] =
    "00010203040506070809"
    "10111213141516171819"
    "20212223242526272829"
    "30313233343536373839"
    "40414243444546474849"
    "50515253545556575859"
    "60616263646566676869"
    "70717273747576777879"
    "80818283848586878889"
    "90919293949596979899";

constexpr std::uint64_t powers_of_ten[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

// 1233 / 4096 is just under log10(2): from the bit width it gives the digit count or one less,
// and one comparison settles which. `v | 1` makes zero count as one digit.
int decimal_digits(std::uint64_t v) {
  int guess = (std::bit_width(v | 1) * 1233) >> 12;
  return guess + ((v | 1) >= powers_of_ten[guess] ? 1 : 0);
}

void copy_pair(char* to, std::uint64_t pair) {
  to[0] = digit_pairs[2 * pair];
  to[1] = digit_pairs[2 * pair + 1];
}

// Fills [.., end) back to front; UInt is 32 bits where the value allows, as 32-bit division by
// a constant is cheaper.
template <class UInt>
void fill_decimal(char* end, UInt v) {
  while (v >= 100) {
    end -= 2;
    copy_pair(end, v % 100);
    v /= 100;
  }
  if (v >= 10) copy_pair(end - 2, v);
  else end[-1] = static_cast<char>('0' + v);
}

}  // namespace

char* write_dec(char* out, std::uint64_t v) {
  char* end = out + decimal_digits(v);
  if (v <= 0xffffffffu) fill_decimal(end, static_cast<std::uint32_t>(v));
  else fill_decimal(end, v);
  return end;
}

char* write_hex(char* out, std::uint64_t v, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int count = (std::bit_width(v | 1) + 3) / 4;
  char* end = out + count;
  for (char* p = end; p != out; v >>= 4) *--p = digits[v & 0xf];
  return end;
}

char* write_oct(char* out, std::uint64_t v) {
  int count = (std::bit_width(v | 1) + 2) / 3;
  char* end = out + count;
  for (char* p = end; p != out; v >>= 3) *--p = static_cast<char>('0' + (v & 7));
  return end;
}

}  // namespace rawthread::io::detail
