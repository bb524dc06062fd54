// SPDX-License-Identifier: MIT
// __aeabi_llsl, __aeabi_llsr, __aeabi_lasr: 64-bit shifts by a variable count, which ARMv7-A has
// no instruction for. Clang at -Oz calls these run-time ABI routines instead of inlining the
// shift (GCC inlines it), and a freestanding program has no libgcc or compiler-rt to supply
// them, so the freestanding library does. Part of the freestanding library only.
//
// Each works on the two 32-bit halves itself: a 64-bit shift here would compile back into a call
// to the very routine it implements. Counts of 64 and more are undefined in C and in the ABI;
// these give 0 (or the sign) for them rather than garbage.
#include <cstdint>

namespace {

struct halves {
  std::uint32_t low;
  std::uint32_t high;
};

halves split(unsigned long long v) {
  return {static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(v >> 32)};
}

unsigned long long join(halves h) {
  return (static_cast<unsigned long long>(h.high) << 32) | h.low;
}

// The high half of a right shift, and whether the shift is arithmetic: the only difference
// between llsr and lasr.
halves shift_right(halves h, unsigned n, std::uint32_t fill) {
  if (n == 0) return h;
  if (n < 32) return {(h.low >> n) | (h.high << (32 - n)), (h.high >> n) | (fill << (32 - n))};
  if (n < 64) return {(h.high >> (n - 32)) | (n == 32 ? 0 : fill << (64 - n)), fill};
  return {fill, fill};
}

}  // namespace

extern "C" {

long long __aeabi_llsl(long long value, int count);
long long __aeabi_llsr(long long value, int count);
long long __aeabi_lasr(long long value, int count);

long long __aeabi_llsl(long long value, int count) {
  const halves h = split(static_cast<unsigned long long>(value));
  const auto n = static_cast<unsigned>(count);
  halves r{};
  if (n == 0)
    r = h;
  else if (n < 32)
    r = {h.low << n, (h.high << n) | (h.low >> (32 - n))};
  else if (n < 64)
    r = {0, h.low << (n - 32)};
  return static_cast<long long>(join(r));
}

long long __aeabi_llsr(long long value, int count) {
  const halves h = split(static_cast<unsigned long long>(value));
  return static_cast<long long>(join(shift_right(h, static_cast<unsigned>(count), 0)));
}

long long __aeabi_lasr(long long value, int count) {
  const halves h = split(static_cast<unsigned long long>(value));
  const std::uint32_t sign = (h.high >> 31) != 0 ? ~std::uint32_t{0} : 0;
  return static_cast<long long>(join(shift_right(h, static_cast<unsigned>(count), sign)));
}

}  // extern "C"
