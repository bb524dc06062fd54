// SPDX-License-Identifier: MIT
// memcpy and memmove. Stores go to word-aligned destinations, four words per step; loads may be
// unaligned. Within each step every load happens before any store, which is what makes the
// forward copy safe for memmove when the destination lies below the source (and the backward copy
// when it lies above).
#include <cstddef>

#include "word.hpp"

namespace rawthread::mem {
namespace {

void copy_forward(unsigned char* d, const unsigned char* s, std::size_t n) {
  if (n >= word_size) {
    for (; !word_aligned(d); --n) *d++ = *s++;
    for (; n >= 4 * word_size; n -= 4 * word_size, d += 4 * word_size, s += 4 * word_size) {
      const word a = load(s), b = load(s + word_size), c = load(s + 2 * word_size),
                 e = load(s + 3 * word_size);
      store(d, a);
      store(d + word_size, b);
      store(d + 2 * word_size, c);
      store(d + 3 * word_size, e);
    }
    for (; n >= word_size; n -= word_size, d += word_size, s += word_size) store(d, load(s));
  }
  for (; n != 0; --n) *d++ = *s++;
}

// Copies from the last byte down; d and s point one past the end.
void copy_backward(unsigned char* d, const unsigned char* s, std::size_t n) {
  if (n >= word_size) {
    for (; !word_aligned(d); --n) *--d = *--s;
    for (; n >= 4 * word_size; n -= 4 * word_size) {
      d -= 4 * word_size;
      s -= 4 * word_size;
      const word a = load(s + 3 * word_size), b = load(s + 2 * word_size),
                 c = load(s + word_size), e = load(s);
      store(d + 3 * word_size, a);
      store(d + 2 * word_size, b);
      store(d + word_size, c);
      store(d, e);
    }
    for (; n >= word_size; n -= word_size) {
      d -= word_size;
      s -= word_size;
      store(d, load(s));
    }
  }
  for (; n != 0; --n) *--d = *--s;
}

}  // namespace
}  // namespace rawthread::mem

extern "C" void* memcpy(void* dst, const void* src, std::size_t n) {
  rawthread::mem::copy_forward(static_cast<unsigned char*>(dst),
                               static_cast<const unsigned char*>(src), n);
  return dst;
}

extern "C" void* memmove(void* dst, const void* src, std::size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  // Unsigned distance: when d is below s it wraps to a huge value, so only a destination that
  // starts inside the source takes the backward path.
  if (reinterpret_cast<std::uintptr_t>(d) - reinterpret_cast<std::uintptr_t>(s) < n)
    rawthread::mem::copy_backward(d + n, s + n, n);
  else
    rawthread::mem::copy_forward(d, s, n);
  return dst;
}
