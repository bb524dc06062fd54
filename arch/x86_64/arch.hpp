// SPDX-License-Identifier: MIT
// rawthread arch layer: x86_64 (Linux).
//
// Syscall ABI: number in rax; arguments in rdi, rsi, rdx, r10, r8, r9; result in rax (a value in
// [-4095, -1] is a negated errno). The `syscall` instruction itself overwrites rcx (return rip)
// and r11 (saved rflags), so every block below lists both as clobbers; "memory" tells the compiler
// that the kernel may read or write any memory reachable from the arguments.
//
// Raw clone order on x86_64 differs from every other port: (flags, stack, parent_tid,
// child_tid, tls) in rdi, rsi, rdx, r10, r8.
//
// TLS is variant II: the thread pointer (fs base) addresses the thread control block, whose first
// word points to itself; the TLS block lies just below it. The stack-protector canary lives at
// %fs:0x28.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

inline constexpr const char* name = "x86_64";

// Syscall numbers this library uses (arch/x86/entry/syscalls/syscall_64.tbl).
namespace nr {
inline constexpr long read = 0;
inline constexpr long write = 1;
inline constexpr long close = 3;
inline constexpr long mmap = 9;
inline constexpr long mprotect = 10;
inline constexpr long munmap = 11;
inline constexpr long rt_sigprocmask = 14;
inline constexpr long sched_yield = 24;
inline constexpr long madvise = 28;
inline constexpr long getpid = 39;
inline constexpr long clone = 56;
inline constexpr long exit = 60;
inline constexpr long wait4 = 61;
inline constexpr long kill = 62;
inline constexpr long prctl = 157;
inline constexpr long arch_prctl = 158;
inline constexpr long gettid = 186;
inline constexpr long futex = 202;
inline constexpr long sched_setaffinity = 203;
inline constexpr long sched_getaffinity = 204;
inline constexpr long getpriority = 140;
inline constexpr long setpriority = 141;
inline constexpr long sched_getparam = 143;
inline constexpr long sched_setscheduler = 144;
inline constexpr long sched_getscheduler = 145;
inline constexpr long set_tid_address = 218;
inline constexpr long clock_gettime = 228;
inline constexpr long clock_nanosleep = 230;
inline constexpr long exit_group = 231;
inline constexpr long tgkill = 234;
inline constexpr long openat = 257;
inline constexpr long getrandom = 318;
inline constexpr long setrlimit = 160;
inline constexpr long getrlimit = 97;
inline constexpr long futex_waitv = 449;  // the same on every architecture
inline constexpr long prlimit64 = 302;
inline constexpr long mremap = 25;
inline constexpr long set_robust_list = 273;
inline constexpr long get_robust_list = 274;
}  // namespace nr

// mmap's offset argument counts bytes (32-bit ports use mmap2, which counts 4096-byte units).
inline constexpr int mmap_offset_shift = 0;

// Every asm block below: inputs pinned to the kernel's argument registers, rax in/out.
inline long syscall0(long n) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall1(long n, long a) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall2(long n, long a, long b) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall3(long n, long a, long b, long c) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
}

// r10, r8 and r9 have no constraint letter: explicit register variables pin them.
inline long syscall4(long n, long a, long b, long c, long d) {
  register long r10 asm("r10") = d;
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r10 asm("r10") = d;
  register long r8 asm("r8") = e;
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 asm("r10") = d;
  register long r8 asm("r8") = e;
  register long r9 asm("r9") = f;
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

// clone trampoline. Returns the child's tid (or -errno) in the caller; the child never returns
// here. The kernel gives the child a copy of every register except rax (0) and rsp (the new
// stack), so the child finds fn in r9 and arg in r12, neither of which clone reads. The child
// path runs no compiled code before `call`: it clears rbp so unwinders stop, aligns rsp to 16
// (the psABI wants rsp % 16 == 0 at the call), calls fn(arg) and leaves with SYS_exit (this
// thread only, never exit_group) carrying fn's result.
inline long clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  register long r10 asm("r10") = reinterpret_cast<long>(child_tid);
  register long r8 asm("r8") = reinterpret_cast<long>(tls);
  register long r9 asm("r9") = reinterpret_cast<long>(fn);
  register long r12 asm("r12") = reinterpret_cast<long>(arg);
  long ret;
  asm volatile(
      "syscall\n\t"
      "test %%rax, %%rax\n\t"
      "jnz 1f\n\t"
      "xor %%ebp, %%ebp\n\t"
      "and $-16, %%rsp\n\t"
      "mov %%r12, %%rdi\n\t"
      "call *%%r9\n\t"
      "mov %%eax, %%edi\n\t"
      "mov %[exit_nr], %%eax\n\t"
      "syscall\n\t"
      "ud2\n"
      "1:"
      : "=a"(ret)
      : "a"(nr::clone), "D"(flags), "S"(stack_top), "d"(parent_tid), "r"(r10), "r"(r8),
        "r"(r9), "r"(r12), [exit_nr] "i"(nr::exit)
      : "rcx", "r11", "memory");
  return ret;
}

// munmap(base, size) then exit(status) for the calling thread, with no memory access in
// between: the stack being unmapped may be the one this code runs on. rdx carries the status
// across the first syscall (syscall preserves it); rdi/rsi are the munmap arguments.
[[noreturn]] inline void unmap_and_exit(void* base, std::size_t size, int status) {
  asm volatile(
      "syscall\n\t"
      "mov %%edx, %%edi\n\t"
      "mov %[exit_nr], %%eax\n\t"
      "syscall\n\t"
      "ud2"
      :
      : "a"(nr::munmap), "D"(base), "S"(size), "d"(status), [exit_nr] "i"(nr::exit)
      : "rcx", "r11", "memory");
  __builtin_unreachable();
}

// The stack pointer, for finding which thread's stack the caller runs on (hosted children share
// their creator's thread pointer). Output only: rsp is read into any register, nothing is
// clobbered, and not volatile, since any value it has inside the caller is as good.
inline std::uintptr_t stack_pointer() {
  std::uintptr_t sp;
  asm("mov %%rsp, %0" : "=r"(sp));
  return sp;
}

// Thread pointer: fs base. Reading %fs:0 yields it because both glibc and rawthread's own TCB
// store the TCB's address in its first word (the variant II self pointer).
inline void* thread_pointer() {
  void* tp;
  asm("mov %%fs:0, %0" : "=r"(tp));
  return tp;
}

inline constexpr long arch_set_fs = 0x1002;
inline constexpr long arch_get_fs = 0x1003;

// Sets fs base for the calling thread (arch_prctl(ARCH_SET_FS)). Returns 0 or -errno.
inline long set_thread_pointer(void* tp) {
  return syscall2(nr::arch_prctl, arch_set_fs, reinterpret_cast<long>(tp));
}

// Whether someone (libc, a runtime) installed a thread pointer: execve leaves fs base at 0.
// Asked of the kernel, since reading %fs:0 with no fs base would fault.
inline bool thread_pointer_installed() {
  unsigned long base = 0;
  syscall2(nr::arch_prctl, arch_get_fs, reinterpret_cast<long>(&base));
  return base != 0;
}

// The TLS layout around the thread pointer (see src/thread/tls.hpp for the diagrams).
enum class tls_variant { below_tp, above_tp };
inline constexpr tls_variant tls_layout = tls_variant::below_tp;  // variant II
// Variant II: the TLS block ends at the thread pointer.
inline constexpr std::ptrdiff_t tls_block_offset = 0;
// Size of the thread control block at the thread pointer (self pointer, dtv slot, self again,
// spare words, then the stack-protector canary at 0x28); 64 keeps fs:0x28 inside it.
inline constexpr std::size_t tcb_size = 64;
inline constexpr std::ptrdiff_t tcb_offset = 0;
inline constexpr std::size_t canary_offset = 0x28;
inline constexpr bool canary_in_tcb = true;
// rawthread keeps the running thread's control block pointer in a spare TCB word (0x18..0x27 are
// unused without glibc), so finding it from the thread pointer costs two loads and no syscall.
inline constexpr std::ptrdiff_t control_slot_offset = 0x18;

// Fills a zeroed TCB at `tp`: the self pointer compilers read through %fs:0 to address TLS, and
// the stack-protector canary that -fstack-protector code compares against %fs:0x28.
inline void prepare_tcb(void* tp, std::uintptr_t canary) {
  auto* words = static_cast<std::uintptr_t*>(tp);
  words[0] = reinterpret_cast<std::uintptr_t>(tp);
  words[canary_offset / sizeof(std::uintptr_t)] = canary;
}

// Spin-wait hint: `pause` tells the core this is a busy-wait loop, so it yields pipeline
// resources to a sibling hyperthread and avoids a memory-order mis-speculation on loop exit.
// No operands, no clobbers: it changes no register, flag or memory ("memory" is left out on
// purpose: the caller's atomic loads already order the loop).
inline void cpu_relax() { asm volatile("pause"); }

inline constexpr std::size_t stack_alignment = 16;
// Pages are 4 KiB on every x86_64 Linux.
inline constexpr std::size_t default_page_size = 4096;

}  // namespace rawthread::arch

#include "signal.hpp"
#include "start.hpp"
