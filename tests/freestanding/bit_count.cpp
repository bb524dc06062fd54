// SPDX-License-Identifier: MIT
// __clzdi2, __ctzdi2 and __popcountdi2 from the start library (the calls GCC makes for <bit> on
// CPUs that cannot count bits, riscv64 without Zbb among them), against bit-by-bit references:
// every single bit, every run of ones from either end, zero, and a spread of mixed patterns.
// Called by name, so every architecture checks them; std::bit_width & co. must agree, and on
// such a CPU they reach the same functions (the program links with nothing else).
#include <bit>
#include <cstdint>

#include "check.hpp"

extern "C" {
int __clzdi2(unsigned long long v);
int __ctzdi2(unsigned long long v);
int __popcountdi2(unsigned long long v);
}

namespace {

using u64 = std::uint64_t;

int reference_clz(u64 v) {
  int n = 0;
  for (u64 bit = u64{1} << 63; bit != 0 && (v & bit) == 0; bit >>= 1) ++n;
  return n;
}

int reference_ctz(u64 v) {
  int n = 0;
  for (u64 bit = 1; bit != 0 && (v & bit) == 0; bit <<= 1) ++n;
  return n;
}

int reference_popcount(u64 v) {
  int n = 0;
  for (u64 bit = 1; bit != 0; bit <<= 1) n += (v & bit) != 0;
  return n;
}

// The volatile round trip keeps the compiler from evaluating the calls at compile time.
int wrong = 0;
void check_value(u64 value) {
  volatile u64 hidden = value;
  const u64 v = hidden;
  if (__clzdi2(v) != reference_clz(v)) ++wrong;
  if (__ctzdi2(v) != reference_ctz(v)) ++wrong;
  if (__popcountdi2(v) != reference_popcount(v)) ++wrong;
  if (std::countl_zero(v) != reference_clz(v)) ++wrong;
  if (std::countr_zero(v) != reference_ctz(v)) ++wrong;
  if (std::popcount(v) != reference_popcount(v)) ++wrong;
  if (static_cast<int>(std::bit_width(v)) != 64 - reference_clz(v)) ++wrong;
}

}  // namespace

int main() {
  check_value(0);
  check_value(~u64{0});
  for (int i = 0; i < 64; ++i) {
    check_value(u64{1} << i);
    check_value(~(u64{1} << i));
    check_value(~u64{0} << i);  // ones from the top
    check_value(~u64{0} >> i);  // ones from the bottom
  }
  // Mixed patterns: a multiplicative sequence that visits every bit position.
  u64 x = 0x9e3779b97f4a7c15u;
  for (int i = 0; i < 1000; ++i, x = x * 6364136223846793005u + 1442695040888963407u) {
    check_value(x);
    check_value(x >> (i % 64));
  }
  CHECK(wrong == 0);
  // Values whose answers are known outright, should the references share a mistake.
  CHECK(__clzdi2(1) == 63 && __ctzdi2(1) == 0 && __popcountdi2(1) == 1);
  CHECK(__clzdi2(u64{1} << 63) == 0 && __ctzdi2(u64{1} << 63) == 63);
  CHECK(__clzdi2(0) == 64 && __ctzdi2(0) == 64 && __popcountdi2(0) == 0);
  CHECK(__popcountdi2(~u64{0}) == 64 && __popcountdi2(0xf0f0f0f0f0f0f0f0u) == 32);
  CHECK(__clzdi2(0x00000000ffffffffu) == 32 && __ctzdi2(0xffffffff00000000u) == 32);
  return test::verdict();
}
