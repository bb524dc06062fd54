// SPDX-License-Identifier: MIT
/* <rawthread/entry.hpp>: the process entry point, for a runtime that starts the process itself.
 *
 *   RAWTHREAD_ENTRY_POINT(symbol, target)
 *
 * at file scope defines the function `symbol` (normally _start, the ELF entry point) in assembly
 * for the host architecture. It clears the frame pointer (and on aarch64 the link register) so
 * that debuggers and unwinders stop there, aligns the stack as the ABI wants for a call, and calls
 *
 *   void target(unsigned long* initial_sp)      (extern "C" in C++; never returns)
 *
 * with the stack pointer the kernel started the process with: initial_sp[0] is argc, argv is
 * initial_sp + 1, envp follows argv's terminating null, and the aux vector follows envp's. If
 * target returns, the stub traps. Typically target calls rawthread::init (rawthread_init in C)
 * with argc, argv and envp, runs the runtime, and ends with rawthread::process::exit; it and what
 * it calls before init must be built without the stack protector (no canary exists yet).
 *
 * Usable from C and C++, in a program linked with rawthread-freestanding: defining _start there
 * keeps rawthread's own _start (which calls main) out of the link. The file that uses it must be
 * compiled without LTO (-fno-lto): an LTO object's symbol table does not list symbols defined in
 * top-level asm, so the linker would take rawthread's _start instead. Each port's stub lives in
 * arch/<arch>/start.hpp, installed as <rawthread/arch/entry.hpp> for the architecture built for.
 */
#ifndef RAWTHREAD_ENTRY_HPP
#define RAWTHREAD_ENTRY_HPP

#include <rawthread/arch/entry.hpp>

#define RAWTHREAD_ENTRY_POINT(symbol, target) RAWTHREAD_ARCH_ENTRY_POINT(symbol, target)

#endif
