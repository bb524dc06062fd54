// SPDX-License-Identifier: MIT
// The bit-counting routines GCC calls where the CPU has no instruction for them: riscv64 without
// the Zbb extension (the baseline Debian's riscv64 targets) turns std::bit_width, countl_zero,
// countr_zero and popcount into calls to these. A freestanding program has no libgcc, so the
// start library provides them; rawthread's own integer formatting needs __clzdi2. Where the CPU
// counts bits itself nothing calls them, and the linker leaves them out.
//
// None may use the builtins it implements (on such a target they compile back into calls to
// these very functions): plain shifts and masks only. All three are defined for zero.

extern "C" {

int __clzdi2(unsigned long long v);
int __ctzdi2(unsigned long long v);
int __popcountdi2(unsigned long long v);

// Leading zeros, by halving: if the top `width` bits are clear, count them and shift them out.
int __clzdi2(unsigned long long v) {
  if (v == 0) return 64;
  int zeros = 0;
  for (int width = 32; width != 0; width /= 2) {
    if ((v >> (64 - width)) == 0) {
      zeros += width;
      v <<= width;
    }
  }
  return zeros;
}

// Trailing zeros, the same from the other end.
int __ctzdi2(unsigned long long v) {
  if (v == 0) return 64;
  int zeros = 0;
  for (int width = 32; width != 0; width /= 2) {
    if ((v << (64 - width)) == 0) {
      zeros += width;
      v >>= width;
    }
  }
  return zeros;
}

// Set bits: sums of bit pairs, then nibbles, then bytes, then the bytes added up by folding.
int __popcountdi2(unsigned long long v) {
  v -= (v >> 1) & 0x5555555555555555ull;
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  v += v >> 8;
  v += v >> 16;
  v += v >> 32;
  return static_cast<int>(v & 0x7f);
}

}  // extern "C"
