// SPDX-License-Identifier: MIT
// rawthread arch layer: riscv64 (Linux, LP64D).
//
// Syscall ABI: number in a7; arguments in a0..a5; result in a0 (a value in [-4095, -1] is a
// negated errno). `ecall` returns with every register but a0 as it was, so the blocks below
// clobber only "memory" (the kernel may read or write memory reachable from the arguments).
//
// Raw clone order (shared with aarch64 and arm): (flags, stack, parent_tid, tls, child_tid) in
// a0..a4.
//
// TLS is variant I with no TCB above the thread pointer: `tp` addresses the first byte of the TLS
// block (the linker's thread-pointer offsets start at 0), and the two-word TCB lies just below
// it. The stack-protector canary is the global __stack_chk_guard, not a TCB slot.
#pragma once

#include <cstddef>
#include <cstdint>

// The syscall numbers: the generic table (namespace nr).
#include "../asm-generic/syscall_numbers.hpp"

namespace rawthread::arch {

inline constexpr const char* name = "riscv64";

// mmap's offset argument counts bytes (32-bit ports use mmap2, which counts 4096-byte units).
inline constexpr int mmap_offset_shift = 0;

// Every asm block below: a7 carries the number, a0 the first argument in and the result out.
inline long syscall0(long n) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0");
  asm volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}

inline long syscall1(long n, long a) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

inline long syscall2(long n, long a, long b) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
  return a0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  register long a2 asm("a2") = c;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  register long a2 asm("a2") = c;
  register long a3 asm("a3") = d;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
  return a0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  register long a2 asm("a2") = c;
  register long a3 asm("a3") = d;
  register long a4 asm("a4") = e;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4) : "memory");
  return a0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a;
  register long a1 asm("a1") = b;
  register long a2 asm("a2") = c;
  register long a3 asm("a3") = d;
  register long a4 asm("a4") = e;
  register long a5 asm("a5") = f;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
               : "memory");
  return a0;
}

// clone trampoline. Returns the child's tid (or -errno) in the caller; the child never returns
// here. The kernel starts the child with a copy of the caller's registers except a0 (0), sp (the
// new stack) and, with CLONE_SETTLS, tp; so the child finds fn in a5 and arg in a6, which clone
// does not read. The child path runs no compiled code before `jalr`: it zeroes the frame pointer
// (s0) and the return address (ra) so unwinders and debuggers stop, aligns sp down to 16 (the
// psABI's stack alignment; `andi` can take sp directly, so no scratch register), calls fn(arg)
// and leaves with SYS_exit (this thread only, never exit_group) carrying fn's result; `unimp`
// traps if that ever returns. No clobbers beyond "memory": in the caller, ecall changes only a0,
// and every other register written below belongs to the child, which never comes back. gp is
// inherited as it is, which is right: it is one value for the whole program.
inline long clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  register long a7 asm("a7") = nr::clone;
  register long a0 asm("a0") = static_cast<long>(flags);
  register long a1 asm("a1") = reinterpret_cast<long>(stack_top);
  register long a2 asm("a2") = reinterpret_cast<long>(parent_tid);
  register long a3 asm("a3") = reinterpret_cast<long>(tls);
  register long a4 asm("a4") = reinterpret_cast<long>(child_tid);
  register long a5 asm("a5") = reinterpret_cast<long>(fn);
  register long a6 asm("a6") = reinterpret_cast<long>(arg);
  asm volatile(
      "ecall\n\t"
      "bnez a0, 1f\n\t"
      "li s0, 0\n\t"
      "li ra, 0\n\t"
      "andi sp, sp, -16\n\t"
      "mv a0, a6\n\t"
      "jalr a5\n\t"
      "li a7, %[exit_nr]\n\t"
      "ecall\n\t"
      "unimp\n"
      "1:"
      : "+r"(a0)
      : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), [exit_nr] "i"(nr::exit)
      : "memory");
  return a0;
}

// munmap(base, size) then exit(status) for the calling thread, with no memory access in
// between: the stack being unmapped may be the one this code runs on. a2 carries the status
// across the first ecall (which preserves it); a0/a1 are the munmap arguments, a7 the number.
[[noreturn]] inline void unmap_and_exit(void* base, std::size_t size, int status) {
  register long a7 asm("a7") = nr::munmap;
  register long a0 asm("a0") = reinterpret_cast<long>(base);
  register long a1 asm("a1") = static_cast<long>(size);
  register long a2 asm("a2") = status;
  asm volatile(
      "ecall\n\t"
      "mv a0, a2\n\t"
      "li a7, %[exit_nr]\n\t"
      "ecall\n\t"
      "unimp"
      :
      : "r"(a7), "r"(a0), "r"(a1), "r"(a2), [exit_nr] "i"(nr::exit)
      : "memory");
  __builtin_unreachable();
}

// The stack pointer, for finding which thread's stack the caller runs on (hosted children share
// their creator's thread pointer). Output only: sp is read into any register, nothing is
// clobbered, and not volatile, since any value it has inside the caller is as good.
inline std::uintptr_t stack_pointer() {
  std::uintptr_t sp;
  asm("mv %0, sp" : "=r"(sp));
  return sp;
}

// tp is an ordinary register that the ABI reserves for the thread pointer: compilers never
// allocate it, so it is read and written directly.
inline void* thread_pointer() {
  void* tp;
  asm("mv %0, tp" : "=r"(tp));
  return tp;
}

// Writing tp needs no syscall. Returns 0 (the x86_64 port can fail). "memory": TLS accesses
// after this must not be moved before it.
inline long set_thread_pointer(void* tp) {
  asm volatile("mv tp, %0" : : "r"(tp) : "memory");
  return 0;
}

// Whether someone (libc, a runtime) installed a thread pointer. Unlike x86_64 and aarch64, Linux
// does not reset tp at execve on riscv (it keeps the value of the thread that called execve), so
// the entry stub (start.hpp) zeroes it first; a runtime with its own entry uses that stub too.
// volatile: the register may have changed since an earlier read.
inline bool thread_pointer_installed() {
  void* tp;
  asm volatile("mv %0, tp" : "=r"(tp));
  return tp != nullptr;
}

// The TLS layout around the thread pointer (see src/thread/tls.hpp for the diagrams). The psABI
// reserves nothing above tp: the TLS block starts at tp + 0. Like glibc, rawthread keeps a
// two-word TCB just below tp (dtv pointer, then a word for the implementation).
enum class tls_variant { below_tp, above_tp };
inline constexpr tls_variant tls_layout = tls_variant::above_tp;  // variant I
inline constexpr std::ptrdiff_t tls_block_offset = 0;
inline constexpr std::size_t tcb_size = 16;
inline constexpr std::ptrdiff_t tcb_offset = -16;
inline constexpr bool canary_in_tcb = false;  // __stack_chk_guard is a global on riscv64
// The TCB's second word, just below tp: rawthread keeps the running thread's control block
// pointer there.
inline constexpr std::ptrdiff_t control_slot_offset = -8;

// Fills a zeroed TCB for thread pointer `tp`. Nothing to add on riscv64: code addresses TLS from
// tp directly, and the canary is the global __stack_chk_guard.
inline void prepare_tcb(void*, std::uintptr_t) {}

// Spin-wait hint: Zihintpause's `pause`, which hints the core to back off a busy-wait loop. It
// is encoded as a FENCE with predecessor set W and an empty successor set, which cores without
// the extension execute as a no-op fence. gcc 12's assembler (binutils 2.40) and clang 14 reject
// the mnemonic unless the whole build targets zihintpause, so the encoding (0x0100000f) is given
// with .insn: opcode MISC-MEM (0x0f), funct3 0, rd = rs1 = x0, immediate 0x010 (pred = W). No
// operands, no clobbers: it changes no register or memory; the caller's atomic loads order the
// loop.
inline void cpu_relax() { asm volatile(".insn i 0x0f, 0, x0, x0, 0x010"); }

inline constexpr std::size_t stack_alignment = 16;
// Linux on riscv64 uses 4 KiB pages; the real size comes from AT_PAGESZ.
inline constexpr std::size_t default_page_size = 4096;

}  // namespace rawthread::arch

#include "signal.hpp"
#include "start.hpp"
