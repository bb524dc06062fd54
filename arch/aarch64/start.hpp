// SPDX-License-Identifier: MIT
// rawthread arch layer, aarch64: the process entry point of a freestanding program.
//
// The kernel enters a static program with:
//   sp -> argc, argv[0] .. argv[argc-1], 0, envp ..., 0, auxv (type, value) pairs ..., AT_NULL
//   sp % 16 == 0; x0 = a function to register with atexit (0 for a static program: ignored).
// RAWTHREAD_ARCH_ENTRY_POINT(entry, target) defines the symbol `entry` that calls
// `target(initial_sp)`, an extern "C" function that never returns:
//   x29 = 0        the frame pointer of the outermost frame: unwinders and debuggers stop;
//   x30 = 0        no link register to return to;
//   x0 = sp        the first argument is the initial stack, before any alignment;
//   x1             scratch to align sp down to 16 (sp cannot be an `and` operand); AAPCS64
//                  requires it, and hardware checks it on sp-relative accesses;
//   udf #0         traps if target ever returns.
// It sits in its own section so --gc-sections keeps it only when it is the entry. Spelt __asm__
// because strict C (-std=c11: no `asm` keyword) uses it too, through <rawthread/entry.hpp>.
#pragma once

#define RAWTHREAD_ARCH_ENTRY_POINT(entry, target)                 \
  __asm__(".pushsection .text." #entry ",\"ax\",%progbits\n"      \
      ".globl " #entry "\n"                                       \
      ".type " #entry ", %function\n" #entry ":\n"                \
      "  mov x29, xzr\n"                                          \
      "  mov x30, xzr\n"                                          \
      "  mov x0, sp\n"                                            \
      "  and x1, x0, #-16\n"                                      \
      "  mov sp, x1\n"                                            \
      "  bl " #target "\n"                                        \
      "  udf #0\n"                                                \
      ".size " #entry ", . - " #entry "\n"                        \
      ".popsection")
