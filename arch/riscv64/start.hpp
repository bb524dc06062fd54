// SPDX-License-Identifier: MIT
// rawthread arch layer, riscv64: the process entry point of a freestanding program.
//
// The kernel enters a static program with:
//   sp -> argc, argv[0] .. argv[argc-1], 0, envp ..., 0, auxv (type, value) pairs ..., AT_NULL
//   sp % 16 == 0; a0 = a function to register with atexit (0 for a static program: ignored);
//   every other register, tp included, holds whatever the thread that called execve had.
// RAWTHREAD_ARCH_ENTRY_POINT(entry, target) defines the symbol `entry` that calls
// `target(initial_sp)`, an extern "C" function that never returns:
//   gp = __global_pointer$  the linker may turn accesses to small data near gp into gp-relative
//                  ones, so gp must hold its link-time value before any compiled code runs; the
//                  `lla` itself must not be relaxed (it would become relative to the gp it sets),
//                  hence `.option norelax` between `.option push` and `.option pop`;
//   tp = 0         no thread pointer yet: rawthread::init asks whether one is installed
//                  (arch::thread_pointer_installed), and a stale value from before execve must
//                  not answer yes;
//   s0 = 0, ra = 0 the frame pointer and return address of the outermost frame: unwinders and
//                  debuggers stop;
//   a0 = sp        the first argument is the initial stack, before any alignment;
//   sp &= -16      the psABI's stack alignment (the kernel already gives that, but a runtime may
//                  reuse this stub after pushing);
//   unimp          traps if target ever returns.
// It sits in its own section so --gc-sections keeps it only when it is the entry.
#pragma once

#define RAWTHREAD_ARCH_ENTRY_POINT(entry, target)                 \
  __asm__(".pushsection .text." #entry ",\"ax\",@progbits\n"         \
      ".globl " #entry "\n"                                       \
      ".type " #entry ", @function\n" #entry ":\n"                \
      "  .option push\n"                                          \
      "  .option norelax\n"                                       \
      "  lla gp, __global_pointer$\n"                             \
      "  .option pop\n"                                           \
      "  li tp, 0\n"                                              \
      "  li s0, 0\n"                                              \
      "  li ra, 0\n"                                              \
      "  mv a0, sp\n"                                             \
      "  andi sp, sp, -16\n"                                      \
      "  call " #target "\n"                                      \
      "  unimp\n"                                                 \
      ".size " #entry ", . - " #entry "\n"                        \
      ".popsection")
