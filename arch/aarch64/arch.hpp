// SPDX-License-Identifier: MIT
// rawthread arch layer: aarch64 (Linux).
//
// Syscall ABI: number in x8; arguments in x0..x5; result in x0 (a value in [-4095, -1] is a
// negated errno). `svc #0` preserves every register except x0, so the blocks below clobber only
// "memory" (the kernel may read or write memory reachable from the arguments).
//
// Raw clone order (shared with riscv64 and arm): (flags, stack, parent_tid, tls, child_tid) in
// x0..x4.
//
// TLS is variant I: tpidr_el0 addresses a 16-byte thread control block, and the TLS block follows
// it at round_up(16, p_align). The stack-protector canary is the global __stack_chk_guard, not
// a TCB slot.
#pragma once

#include <cstddef>
#include <cstdint>

// The syscall numbers: the generic table (namespace nr).
#include "../asm-generic/syscall_numbers.hpp"

namespace rawthread::arch {

inline constexpr const char* name = "aarch64";

// mmap's offset argument counts bytes (32-bit ports use mmap2, which counts 4096-byte units).
inline constexpr int mmap_offset_shift = 0;

// Every asm block below: x8 carries the number, x0 the first argument in and the result out.
inline long syscall0(long n) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0");
  asm volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall1(long n, long a) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall2(long n, long a, long b) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return x0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  register long x2 asm("x2") = c;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  register long x2 asm("x2") = c;
  register long x3 asm("x3") = d;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  register long x2 asm("x2") = c;
  register long x3 asm("x3") = d;
  register long x4 asm("x4") = e;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
  return x0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  register long x2 asm("x2") = c;
  register long x3 asm("x3") = d;
  register long x4 asm("x4") = e;
  register long x5 asm("x5") = f;
  asm volatile("svc #0"
               : "+r"(x0)
               : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
               : "memory");
  return x0;
}

// clone trampoline. Returns the child's tid (or -errno) in the caller; the child never returns
// here. The child starts with the caller's registers (svc preserves all but x0, which reads 0
// there) on the new stack, so it finds fn in x9 and arg in x10, which clone does not read. The
// child path runs no compiled code before `blr`: it zeroes the frame pointer (x29) and link
// register (x30) so unwinders and debuggers stop, aligns sp down to 16 (the AAPCS64 requirement,
// checked by hardware on sp-relative accesses), calls fn(arg) and leaves with SYS_exit (this
// thread only) carrying fn's result. x11 is scratch for the alignment (sp cannot be an `and`
// operand); cbnz and `and` leave the flags alone, so no "cc".
inline long clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  register long x8 asm("x8") = nr::clone;
  register long x0 asm("x0") = static_cast<long>(flags);
  register long x1 asm("x1") = reinterpret_cast<long>(stack_top);
  register long x2 asm("x2") = reinterpret_cast<long>(parent_tid);
  register long x3 asm("x3") = reinterpret_cast<long>(tls);
  register long x4 asm("x4") = reinterpret_cast<long>(child_tid);
  register long x9 asm("x9") = reinterpret_cast<long>(fn);
  register long x10 asm("x10") = reinterpret_cast<long>(arg);
  asm volatile(
      "svc #0\n\t"
      "cbnz x0, 1f\n\t"
      "mov x29, xzr\n\t"
      "mov x30, xzr\n\t"
      "mov x11, sp\n\t"
      "and x11, x11, #-16\n\t"
      "mov sp, x11\n\t"
      "mov x0, x10\n\t"
      "blr x9\n\t"
      "mov x8, %[exit_nr]\n\t"
      "svc #0\n\t"
      "udf #0\n"
      "1:"
      : "+r"(x0)
      : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x9), "r"(x10), [exit_nr] "i"(nr::exit)
      : "x11", "memory");
  return x0;
}

// munmap(base, size) then exit(status) for the calling thread, with no memory access in
// between: the stack being unmapped may be the one this code runs on. x2 carries the status
// across the first svc (which preserves it); x0/x1 are the munmap arguments, x8 the number.
[[noreturn]] inline void unmap_and_exit(void* base, std::size_t size, int status) {
  register long x8 asm("x8") = nr::munmap;
  register long x0 asm("x0") = reinterpret_cast<long>(base);
  register long x1 asm("x1") = static_cast<long>(size);
  register long x2 asm("x2") = status;
  asm volatile(
      "svc #0\n\t"
      "mov x0, x2\n\t"
      "mov x8, %[exit_nr]\n\t"
      "svc #0\n\t"
      "udf #0"
      :
      : "r"(x8), "r"(x0), "r"(x1), "r"(x2), [exit_nr] "i"(nr::exit)
      : "memory");
  __builtin_unreachable();
}

// The stack pointer, for finding which thread's stack the caller runs on (hosted children share
// their creator's thread pointer). Output only: sp is read into any register, nothing is
// clobbered, and not volatile, since any value it has inside the caller is as good.
inline std::uintptr_t stack_pointer() {
  std::uintptr_t sp;
  asm("mov %0, sp" : "=r"(sp));
  return sp;
}

inline void* thread_pointer() {
  void* tp;
  asm("mrs %0, tpidr_el0" : "=r"(tp));
  return tp;
}

// tpidr_el0 is writable from EL0, so no syscall is needed. Returns 0 (the x86_64 port can fail).
inline long set_thread_pointer(void* tp) {
  asm volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
  return 0;
}

// Whether someone (libc, a runtime) installed a thread pointer: execve leaves tpidr_el0 at 0.
// volatile: the register may have changed since an earlier read.
inline bool thread_pointer_installed() {
  void* tp;
  asm volatile("mrs %0, tpidr_el0" : "=r"(tp));
  return tp != nullptr;
}

// The TLS layout around the thread pointer (see src/thread/tls.hpp for the diagrams).
enum class tls_variant { below_tp, above_tp };
inline constexpr tls_variant tls_layout = tls_variant::above_tp;  // variant I
// The ABI reserves two words at the thread pointer (dtv pointer, spare) before the TLS block,
// which starts at round_up(16, p_align).
inline constexpr std::ptrdiff_t tls_block_offset = 16;
inline constexpr std::size_t tcb_size = 16;
inline constexpr std::ptrdiff_t tcb_offset = 0;
inline constexpr bool canary_in_tcb = false;  // __stack_chk_guard is a global on aarch64
// The TCB's second word is reserved for the implementation (the first is the dtv pointer, unused
// with static TLS only): rawthread keeps the running thread's control block pointer there.
inline constexpr std::ptrdiff_t control_slot_offset = 8;

// Fills a zeroed TCB at `tp`. Nothing to add on aarch64: code addresses TLS from tpidr_el0
// directly, and the canary is the global __stack_chk_guard.
inline void prepare_tcb(void*, std::uintptr_t) {}

// Spin-wait hint: `yield` tells the core (or the hypervisor) this is a busy-wait loop, so a
// sibling hardware thread may run. No operands, no clobbers: it changes no register, flag or
// memory; the caller's atomic loads order the loop.
inline void cpu_relax() { asm volatile("yield"); }

inline constexpr std::size_t stack_alignment = 16;
// Linux on aarch64 may run with 4, 16 or 64 KiB pages; the real size comes from AT_PAGESZ.
inline constexpr std::size_t default_page_size = 4096;

}  // namespace rawthread::arch

#include "signal.hpp"
#include "start.hpp"
