// SPDX-License-Identifier: MIT
// memcpy, memmove, memset, memcmp and strlen from the start library, against byte-by-byte
// references, for every length up to a few words past the unrolled loop, every alignment of
// source and destination within a word, and every overlap memmove can meet. Built with
// -fno-builtin (meson.build) so each call really reaches the library.
#include <cstddef>

#include "check.hpp"

extern "C" {
void* memcpy(void* dst, const void* src, std::size_t n);
void* memmove(void* dst, const void* src, std::size_t n);
void* memset(void* dst, int value, std::size_t n);
int memcmp(const void* a, const void* b, std::size_t n);
std::size_t strlen(const char* s);
}

namespace {

constexpr int max_length = 80;
constexpr int offsets = 8;
constexpr int size = max_length + 2 * offsets + 16;

unsigned char a[size], b[size], expected[size];

// Distinct, position-dependent contents, so a byte copied from the wrong place shows.
void fill_pattern(unsigned char* p, int seed) {
  for (int i = 0; i < size; ++i) p[i] = static_cast<unsigned char>(i * 7 + seed * 13 + 1);
}

bool equal(const unsigned char* x, const unsigned char* y) {
  for (int i = 0; i < size; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

}  // namespace

int main() {
  int copy_bad = 0, move_bad = 0, set_bad = 0, cmp_bad = 0, result_bad = 0;
  for (int n = 0; n <= max_length; ++n) {
    for (int d = 0; d < offsets; ++d) {
      for (int s = 0; s < offsets; ++s) {
        // memcpy between two buffers: bytes outside [d, d + n) must stay untouched.
        fill_pattern(a, 1);
        fill_pattern(b, 2);
        fill_pattern(expected, 2);
        for (int i = 0; i < n; ++i) expected[d + i] = a[s + i];
        if (memcpy(b + d, a + s, static_cast<std::size_t>(n)) != b + d) ++result_bad;
        if (!equal(b, expected)) ++copy_bad;

        // memmove within one buffer, destination above and below the source, by up to
        // 2 * offsets bytes apart: every overlap a word loop can get wrong.
        for (int shift = 0; shift < 2; ++shift) {
          const int from = shift == 0 ? s : s + offsets;
          const int to = shift == 0 ? d + offsets : d;
          fill_pattern(a, 3);
          fill_pattern(expected, 3);
          for (int i = 0; i < n; ++i) expected[to + i] = a[from + i];
          if (memmove(a + to, a + from, static_cast<std::size_t>(n)) != a + to) ++result_bad;
          if (!equal(a, expected)) ++move_bad;
        }
      }
      // memset: exactly [d, d + n) changes.
      fill_pattern(a, 4);
      fill_pattern(expected, 4);
      for (int i = 0; i < n; ++i) expected[d + i] = 0xa5;
      if (memset(a + d, 0x1a5, static_cast<std::size_t>(n)) != a + d) ++result_bad;
      if (!equal(a, expected)) ++set_bad;

      // memcmp: equal ranges, then a difference at each position, either way round.
      fill_pattern(a, 5);
      fill_pattern(b, 5);
      if (memcmp(a + d, b + d, static_cast<std::size_t>(n)) != 0) ++cmp_bad;
      for (int at = 0; at < n; ++at) {
        b[d + at] = static_cast<unsigned char>(a[d + at] + 1);  // 0xff wraps to 0: then a > b
        const int expected_sign = a[d + at] < b[d + at] ? -1 : 1;
        if (sign(memcmp(a + d, b + d, static_cast<std::size_t>(n))) != expected_sign) ++cmp_bad;
        if (sign(memcmp(b + d, a + d, static_cast<std::size_t>(n))) != -expected_sign) ++cmp_bad;
        b[d + at] = a[d + at];
      }
    }
  }
  CHECK(copy_bad == 0);
  CHECK(move_bad == 0);
  CHECK(set_bad == 0);
  CHECK(cmp_bad == 0);
  CHECK(result_bad == 0);
  // Bytes above 0x7f compare as unsigned.
  const unsigned char low[] = {0x01}, high[] = {0xf0};
  CHECK(memcmp(low, high, 1) < 0);

  char text[40];
  for (int n = 0; n < 32; ++n) {
    for (int i = 0; i < n; ++i) text[i] = 'a';
    text[n] = '\0';
    CHECK(strlen(text) == static_cast<std::size_t>(n));
  }
  return test::verdict();
}
