// SPDX-License-Identifier: MIT
// rawthread arch layer, x86_64: what signal handling needs from the architecture.
//
// rt_sigaction reads the kernel's struct sigaction, which on x86_64 carries sa_restorer: the
// kernel refuses to deliver a signal to a handler installed without SA_RESTORER (there is no
// default trampoline), so sys::sigaction always fills in the library's own.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

namespace nr {
inline constexpr long rt_sigaction = 13;
inline constexpr long rt_sigreturn = 15;
inline constexpr long sigaltstack = 131;
}  // namespace nr

// The layout rt_sigaction reads and writes (arch/x86/include/asm/signal.h, struct sigaction
// without the libc wrappers): handler, flags, restorer, then the 64-bit mask.
struct kernel_sigaction {
  std::uintptr_t handler;
  unsigned long flags;
  std::uintptr_t restorer;
  std::uint64_t mask;
};

inline constexpr unsigned long sa_restorer = 0x04000000;

// The kernel's MINSIGSTKSZ, for when the aux vector has no AT_MINSIGSTKSZ (kernels before 5.14).
inline constexpr std::size_t min_signal_stack_size = 2048;

}  // namespace rawthread::arch

// Defines rawthread_signal_restorer, the trampoline a handler returns into: the kernel has left
// rsp at the signal frame it built (the ucontext and siginfo), and rt_sigreturn (rax = 15; the
// call takes no arguments) restores every register and the mask from it, so the interrupted code
// resumes. Nothing runs before the syscall: no compiled prologue may touch the frame. It never
// returns; `syscall` clobbers rcx and r11, which rt_sigreturn then restores anyway. The encoding
// `mov $15, %rax; syscall` is the one debuggers look for to recognise a signal frame. Expanded
// once, in the library's sigaction.cpp.
#define RAWTHREAD_ARCH_SIGNAL_RESTORER                                          \
  asm(".pushsection .text.rawthread_signal_restorer,\"ax\",@progbits\n"        \
      ".globl rawthread_signal_restorer\n"                                      \
      ".hidden rawthread_signal_restorer\n"                                     \
      ".type rawthread_signal_restorer, @function\n"                            \
      "rawthread_signal_restorer:\n"                                            \
      "  mov $15, %rax\n"                                                       \
      "  syscall\n"                                                             \
      "  ud2\n"                                                                 \
      ".size rawthread_signal_restorer, . - rawthread_signal_restorer\n"        \
      ".popsection")
