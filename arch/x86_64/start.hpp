// SPDX-License-Identifier: MIT
// rawthread arch layer, x86_64: the process entry point of a freestanding program.
//
// The kernel enters a static program with:
//   rsp -> argc, argv[0] .. argv[argc-1], 0, envp ..., 0, auxv (type, value) pairs ..., AT_NULL
//   rsp % 16 == 0; rdx = a function to register with atexit (0 for a static program: ignored);
//   no other register carries anything.
// RAWTHREAD_ARCH_ENTRY_POINT(entry, target) defines the symbol `entry` that calls
// `target(initial_sp)`, an extern "C" function that never returns:
//   rbp = 0    the outermost frame has a null frame pointer, so unwinders and debuggers stop;
//   rdi = rsp  the first argument is the initial stack, before any alignment;
//   rsp &= -16 the psABI wants rsp % 16 == 0 at a `call` (the kernel already gives that, but
//              a runtime may reuse this stub after pushing);
//   ud2        traps if target ever returns.
// It sits in its own section so --gc-sections keeps it only when it is the entry. Spelt __asm__
// because strict C (-std=c11: no `asm` keyword) uses it too, through <rawthread/entry.hpp>.
#pragma once

#define RAWTHREAD_ARCH_ENTRY_POINT(entry, target)                 \
  __asm__(".pushsection .text." #entry ",\"ax\",@progbits\n"      \
      ".globl " #entry "\n"                                       \
      ".type " #entry ", @function\n" #entry ":\n"                \
      "  xor %ebp, %ebp\n"                                        \
      "  mov %rsp, %rdi\n"                                        \
      "  and $-16, %rsp\n"                                        \
      "  call " #target "\n"                                      \
      "  ud2\n"                                                   \
      ".size " #entry ", . - " #entry "\n"                        \
      ".popsection")
