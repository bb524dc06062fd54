// SPDX-License-Identifier: MIT
// memset: the byte repeated across a word, stored word-aligned, four words per step.
#include <cstddef>

#include "word.hpp"

extern "C" void* memset(void* dst, int value, std::size_t n) {
  using namespace rawthread::mem;
  auto* d = static_cast<unsigned char*>(dst);
  const auto byte = static_cast<unsigned char>(value);
  if (n >= word_size) {
    const word pattern = byte * (~word{0} / 0xff);  // 0x0101...01 times the byte
    for (; !word_aligned(d); --n) *d++ = byte;
    for (; n >= 4 * word_size; n -= 4 * word_size, d += 4 * word_size) {
      store(d, pattern);
      store(d + word_size, pattern);
      store(d + 2 * word_size, pattern);
      store(d + 3 * word_size, pattern);
    }
    for (; n >= word_size; n -= word_size, d += word_size) store(d, pattern);
  }
  for (; n != 0; --n) *d++ = byte;
  return dst;
}
