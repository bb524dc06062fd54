// SPDX-License-Identifier: MIT
// rawthread arch layer, arm (32-bit EABI): what signal handling needs from the architecture.
//
// arm's struct sigaction carries sa_restorer (arch/arm/include/uapi/asm/signal.h). Without it
// the kernel returns through a trampoline on its sigpage; rawthread installs its own so that
// handlers work the same whatever the kernel maps.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

namespace nr {
inline constexpr long rt_sigaction = 174;
inline constexpr long rt_sigreturn = 173;
inline constexpr long sigaltstack = 186;
}  // namespace nr

// The layout rt_sigaction reads and writes: handler, flags, restorer (4 bytes each), then the
// kernel's sigset_t, two 32-bit words (low signals first). The mask is not a uint64_t: EABI
// aligns that to 8, which would move it to offset 16.
struct kernel_sigaction {
  std::uintptr_t handler;
  unsigned long flags;
  std::uintptr_t restorer;
  std::uint32_t mask[2];
};
static_assert(sizeof(kernel_sigaction) == 20);

inline constexpr unsigned long sa_restorer = 0x04000000;

// The kernel's MINSIGSTKSZ, for when the aux vector has no AT_MINSIGSTKSZ.
inline constexpr std::size_t min_signal_stack_size = 2048;

}  // namespace rawthread::arch

// Defines rawthread_signal_restorer, the trampoline a handler returns into (the kernel puts its
// address in lr and enters it in Thumb state when bit 0 is set): sp points at the signal frame,
// and rt_sigreturn (r7 = 173, no arguments) restores every register, the CPSR and the mask from
// it. Nothing runs before the svc. `udf` traps if the kernel ever returned. It is assembled in the
// compiler's own instruction set, which the toplevel asm must not change for the code after it:
// in Thumb, .thumb_func marks the symbol so that its address carries bit 0; the two instructions
// read the same in both sets (unified syntax). Expanded once, in the library's sigaction.cpp.
#if defined(__thumb__)
#define RAWTHREAD_ARCH_RESTORER_STATE ".thumb_func\n"
#else
#define RAWTHREAD_ARCH_RESTORER_STATE ""
#endif
#define RAWTHREAD_ARCH_SIGNAL_RESTORER                                          \
  asm(".pushsection .text.rawthread_signal_restorer,\"ax\",%progbits\n"        \
      ".globl rawthread_signal_restorer\n"                                      \
      ".hidden rawthread_signal_restorer\n"                                     \
      ".type rawthread_signal_restorer, %function\n"                            \
      ".p2align 2\n" RAWTHREAD_ARCH_RESTORER_STATE                              \
      "rawthread_signal_restorer:\n"                                            \
      "  mov r7, #173\n"                                                        \
      "  svc #0\n"                                                              \
      "  udf #0\n"                                                              \
      ".size rawthread_signal_restorer, . - rawthread_signal_restorer\n"        \
      ".popsection")
