// SPDX-License-Identifier: MIT
// memcmp: equal words are skipped a word at a time; the first differing word (or the tail) is
// then compared bytewise, since the order of bytes within a word depends on endianness.
#include <cstddef>

#include "word.hpp"

extern "C" int memcmp(const void* lhs, const void* rhs, std::size_t n) {
  using namespace rawthread::mem;
  const auto* a = static_cast<const unsigned char*>(lhs);
  const auto* b = static_cast<const unsigned char*>(rhs);
  for (; n >= word_size && load(a) == load(b); n -= word_size, a += word_size, b += word_size) {
  }
  for (; n != 0; --n, ++a, ++b)
    if (*a != *b) return *a - *b;
  return 0;
}
