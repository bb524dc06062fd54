// SPDX-License-Identifier: MIT
// rawthread arch layer, aarch64: what signal handling needs from the architecture.
//
// arm64's struct sigaction carries sa_restorer (arch/arm64/include/uapi/asm/signal.h defines
// SA_RESTORER). Without it the kernel returns through the vDSO's trampoline; rawthread installs
// its own so that handlers work the same whether or not a vDSO is mapped.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

namespace nr {
inline constexpr long rt_sigaction = 134;
inline constexpr long rt_sigreturn = 139;
inline constexpr long sigaltstack = 132;
}  // namespace nr

// The layout rt_sigaction reads and writes: handler, flags, restorer, then the 64-bit mask.
struct kernel_sigaction {
  std::uintptr_t handler;
  unsigned long flags;
  std::uintptr_t restorer;
  std::uint64_t mask;
};

inline constexpr unsigned long sa_restorer = 0x04000000;

// The kernel's MINSIGSTKSZ, for when the aux vector has no AT_MINSIGSTKSZ. Larger vector
// registers (SVE, SME) need more: the kernel then reports the real minimum there.
inline constexpr std::size_t min_signal_stack_size = 5120;

}  // namespace rawthread::arch

// Defines rawthread_signal_restorer, the trampoline a handler returns into (the kernel puts its
// address in x30): sp points at the signal frame, and rt_sigreturn (x8 = 139, no arguments)
// restores every register and the mask from it. Nothing runs before the svc: no compiled prologue
// may touch the frame. `udf` traps if the kernel ever returned. Expanded once, in the library's
// sigaction.cpp.
#define RAWTHREAD_ARCH_SIGNAL_RESTORER                                          \
  asm(".pushsection .text.rawthread_signal_restorer,\"ax\",@progbits\n"        \
      ".globl rawthread_signal_restorer\n"                                      \
      ".hidden rawthread_signal_restorer\n"                                     \
      ".type rawthread_signal_restorer, %function\n"                            \
      ".p2align 2\n"                                                            \
      "rawthread_signal_restorer:\n"                                            \
      "  mov x8, #139\n"                                                        \
      "  svc #0\n"                                                              \
      "  udf #0\n"                                                              \
      ".size rawthread_signal_restorer, . - rawthread_signal_restorer\n"        \
      ".popsection")
