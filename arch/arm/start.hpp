// SPDX-License-Identifier: MIT
// rawthread arch layer, arm: the process entry point of a freestanding program.
//
// The kernel enters a static program with:
//   sp -> argc, argv[0] .. argv[argc-1], 0, envp ..., 0, auxv (type, value) pairs ..., AT_NULL
//   sp % 8 == 0; r0 = a function to register with atexit (0 for a static program: ignored).
// RAWTHREAD_ARCH_ENTRY_POINT(entry, target) defines the symbol `entry` that calls
// `target(initial_sp)`, an extern "C" function that never returns:
//   r7 = r11 = 0   the frame pointers of the outermost frame (r7 for Thumb code, r11 for ARM
//                  code): unwinders and debuggers stop;
//   lr = 0         no link register to return to;
//   r0 = sp        the first argument is the initial stack, before any alignment;
//   r1             scratch to align sp down to 16 (Thumb-2 cannot `bic` into sp); AAPCS asks
//                  for 8 at a call, 16 matches the other ports;
//   udf #0         traps if target ever returns.
// Every instruction here assembles the same in ARM and Thumb state, so the stub takes the state
// the compiler is emitting and `.type %function` marks it (bit 0 of the entry address) to match;
// `bl` reaches target in either state (the linker turns it into `blx` when they differ).
// It sits in its own section so --gc-sections keeps it only when it is the entry.
//
// The same object also defines, weakly and each in its own section (so --gc-sections drops them
// from a program that does not call them), the two division-by-zero hooks of the ARM run-time
// ABI, __aeabi_idiv0 and __aeabi_ldiv0. ARMv7-A has no divide instruction, so a program that
// divides by a variable links libgcc for __aeabi_uidiv & co. (rawthread itself never does), and
// libgcc's own hooks call the C library's raise(). These raise SIGFPE with tgkill instead, then
// return the value they were given, as the ABI asks of a hook whose signal is handled. Being in
// the entry's object, they are defined before the linker ever scans libgcc, so libgcc's are never
// pulled in; being weak, a program may still define its own.
//   r0 (r0:r1 for ldiv0)   the value to return: kept on the stack across the system calls;
//   r4                     the pid, between getpid and tgkill (callee-saved: pushed, popped);
//   r5                     pushed only to keep sp 8-byte aligned;
//   r7                     the syscall number (callee-saved, and Thumb code's frame pointer).
#pragma once

#define RAWTHREAD_ARCH_ENTRY_POINT(entry, target)                 \
  __asm__(".pushsection .text." #entry ",\"ax\",%progbits\n"         \
      ".globl " #entry "\n"                                       \
      ".type " #entry ", %function\n" #entry ":\n"                \
      "  mov r7, #0\n"                                            \
      "  mov r11, #0\n"                                           \
      "  mov lr, #0\n"                                            \
      "  mov r0, sp\n"                                            \
      "  bic r1, r0, #15\n"                                       \
      "  mov sp, r1\n"                                            \
      "  bl " #target "\n"                                        \
      "  udf #0\n"                                                \
      ".size " #entry ", . - " #entry "\n"                        \
      ".popsection\n"                                             \
      ".pushsection .text.__aeabi_idiv0,\"ax\",%progbits\n"       \
      ".weak __aeabi_idiv0\n"                                     \
      ".weak __aeabi_ldiv0\n"                                     \
      ".type __aeabi_idiv0, %function\n"                          \
      ".type __aeabi_ldiv0, %function\n"                          \
      "__aeabi_idiv0:\n"                                          \
      "__aeabi_ldiv0:\n"                                          \
      "  push {r0, r1, r4, r5, r7, lr}\n"                         \
      "  mov r7, #20\n"  /* getpid */                             \
      "  svc 0\n"                                                 \
      "  mov r4, r0\n"                                            \
      "  mov r7, #224\n" /* gettid */                             \
      "  svc 0\n"                                                 \
      "  mov r1, r0\n"                                            \
      "  mov r0, r4\n"                                            \
      "  mov r2, #8\n"   /* SIGFPE */                             \
      "  mov r7, #268\n" /* tgkill */                             \
      "  svc 0\n"                                                 \
      "  pop {r0, r1, r4, r5, r7, pc}\n"                          \
      ".size __aeabi_idiv0, . - __aeabi_idiv0\n"                  \
      ".size __aeabi_ldiv0, . - __aeabi_ldiv0\n"                  \
      ".popsection")
