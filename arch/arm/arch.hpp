// SPDX-License-Identifier: MIT
// rawthread arch layer: 32-bit arm (Linux EABI, ARMv7-A, hard float; ARM or Thumb-2 state).
//
// Syscall ABI: number in r7; arguments in r0..r6; result in r0 (a value in [-4095, -1] is a
// negated errno). `svc 0` preserves every other register and the flags, so the blocks below
// clobber only "memory" (the kernel may read or write memory reachable from the arguments).
//
// r7 is the frame pointer in Thumb state (r11 in ARM state), and Debian's armhf compiler emits
// Thumb-2. A function that keeps a frame pointer (-O0, alloca, -fno-omit-frame-pointer) cannot
// hand r7 to an asm operand, so no block here binds it: each copies r7 into a scratch register,
// loads the number, makes the call and puts r7 back, all inside the asm. The compiler never sees
// r7 change, which holds with or without a frame pointer and with gcc and clang alike. For the
// few instructions of the call r7 holds the number rather than the frame pointer: only an
// unwinder walking out of a signal handler taken there would notice.
//
// Raw clone order (shared with aarch64 and riscv64): (flags, stack, parent_tid, tls, child_tid)
// in r0..r4.
//
// TLS is variant I: the thread pointer (TPIDRURO, user read-only, set through the private
// syscall set_tls) addresses an 8-byte thread control block, and the TLS block follows it at
// round_up(8, p_align). The stack-protector canary is the global __stack_chk_guard.
//
// A 32-bit port: there is no plain mmap in the EABI, only mmap2 (offset in 4096-byte units), and
// the time calls below are the 64-bit-time ones (Linux 5.1), so that sys::timespec, which is the
// kernel's 64-bit layout on every port, is what they read and deadlines past 2038 work.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

inline constexpr const char* name = "arm";

// Syscall numbers this library uses (arch/arm/tools/syscall.tbl, EABI).
namespace nr {
inline constexpr long exit = 1;
inline constexpr long read = 3;
inline constexpr long write = 4;
inline constexpr long close = 6;
inline constexpr long getpid = 20;
inline constexpr long kill = 37;
inline constexpr long setrlimit = 75;
inline constexpr long munmap = 91;
inline constexpr long wait4 = 114;
inline constexpr long clone = 120;
inline constexpr long mprotect = 125;
inline constexpr long sched_yield = 158;
inline constexpr long mremap = 163;
inline constexpr long prctl = 172;
inline constexpr long rt_sigprocmask = 175;
// The EABI has no old getrlimit; ugetrlimit is the call with the unsigned struct rlimit.
inline constexpr long getrlimit = 191;  // ugetrlimit
// mmap2: the offset counts 4096-byte units (mmap_offset_shift below), so a 32-bit register
// reaches 16 TiB into a file.
inline constexpr long mmap = 192;  // mmap2
inline constexpr long madvise = 220;
inline constexpr long gettid = 224;
inline constexpr long sched_setaffinity = 241;
inline constexpr long sched_getaffinity = 242;
inline constexpr long getpriority = 96;
inline constexpr long setpriority = 97;
inline constexpr long sched_getparam = 155;
inline constexpr long sched_setscheduler = 156;
inline constexpr long sched_getscheduler = 157;
inline constexpr long exit_group = 248;
inline constexpr long set_tid_address = 256;
inline constexpr long tgkill = 268;
inline constexpr long openat = 322;
inline constexpr long prlimit64 = 369;
inline constexpr long futex_waitv = 449;  // the same on every architecture
inline constexpr long set_robust_list = 338;
inline constexpr long get_robust_list = 339;
inline constexpr long getrandom = 384;
// The calls that take a struct timespec, as their 64-bit-time versions: the library's
// sys::timespec is {int64 tv_sec; int64 tv_nsec} (__kernel_timespec) on every port, which is what
// these read and write. The old numbers (263, 265, 240) take 32-bit seconds, which would misread
// that struct and end in 2038. Every futex operation goes through futex_time64, including those
// that take no time: one number, one code path. Needs Linux 5.1 or later.
inline constexpr long clock_gettime = 403;    // clock_gettime64
inline constexpr long clock_nanosleep = 407;  // clock_nanosleep_time64
inline constexpr long futex = 422;            // futex_time64
// ARM private syscall (__ARM_NR_BASE + 5): sets TPIDRURO for the calling thread.
inline constexpr long set_tls = 0xf0005;
}  // namespace nr

// mmap's offset argument counts units of 1 << mmap_offset_shift bytes: mmap2's 4096, whatever
// the page size (sys::mmap converts, and rejects an offset that is not a multiple with EINVAL).
inline constexpr int mmap_offset_shift = 12;

// Every asm block below: r0..r6 carry the arguments (explicit register variables), r0 the
// result; the number arrives in any register (%[n]) and is moved into r7 only inside the block,
// after r7 is copied to %[saved] (an early-clobber output, so it overlaps no input), and r7 is
// restored from it right after `svc` (see the header comment). svc changes neither r7's copy nor
// the flags, so nothing else is clobbered.
#define RAWTHREAD_ARM_SVC                                                                    \
  "mov %[saved], r7\n\t"                                                                     \
  "mov r7, %[n]\n\t"                                                                         \
  "svc 0\n\t"                                                                                \
  "mov r7, %[saved]"

inline long syscall0(long n) {
  register long r0 asm("r0");
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC : "=r"(r0), [saved] "=&r"(saved) : [n] "r"(n) : "memory");
  return r0;
}

inline long syscall1(long n, long a) {
  register long r0 asm("r0") = a;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC : "+r"(r0), [saved] "=&r"(saved) : [n] "r"(n) : "memory");
  return r0;
}

inline long syscall2(long n, long a, long b) {
  register long r0 asm("r0") = a;
  register long r1 asm("r1") = b;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC
               : "+r"(r0), [saved] "=&r"(saved)
               : [n] "r"(n), "r"(r1)
               : "memory");
  return r0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long r0 asm("r0") = a;
  register long r1 asm("r1") = b;
  register long r2 asm("r2") = c;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC
               : "+r"(r0), [saved] "=&r"(saved)
               : [n] "r"(n), "r"(r1), "r"(r2)
               : "memory");
  return r0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r0 asm("r0") = a;
  register long r1 asm("r1") = b;
  register long r2 asm("r2") = c;
  register long r3 asm("r3") = d;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC
               : "+r"(r0), [saved] "=&r"(saved)
               : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3)
               : "memory");
  return r0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r0 asm("r0") = a;
  register long r1 asm("r1") = b;
  register long r2 asm("r2") = c;
  register long r3 asm("r3") = d;
  register long r4 asm("r4") = e;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC
               : "+r"(r0), [saved] "=&r"(saved)
               : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3), "r"(r4)
               : "memory");
  return r0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r0 asm("r0") = a;
  register long r1 asm("r1") = b;
  register long r2 asm("r2") = c;
  register long r3 asm("r3") = d;
  register long r4 asm("r4") = e;
  register long r5 asm("r5") = f;
  long saved;
  asm volatile(RAWTHREAD_ARM_SVC
               : "+r"(r0), [saved] "=&r"(saved)
               : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
               : "memory");
  return r0;
}

#undef RAWTHREAD_ARM_SVC

// clone trampoline. Returns the child's tid (or -errno) in the caller; the child never returns
// here. The child starts with the caller's registers (r0 reads 0 there, sp is the new stack), so
// it finds fn in r5 and arg in r6, which clone does not read. r7 is saved and restored around
// the call as in the blocks above; the child overwrites it freely. The child path runs no
// compiled code before `blx`: it zeroes both frame-pointer registers (r7 for Thumb code, r11 for
// ARM code) and lr so unwinders and debuggers stop, aligns sp down to 16 (AAPCS asks for 8 at a
// call; 16 is what sys::clone promises on every port) through r0, since Thumb-2 cannot `bic`
// into sp, calls fn(arg) (`blx` switches to Thumb or ARM from bit 0 of fn's address) and leaves
// with SYS_exit (this thread only) carrying fn's result. "cc": `cmp` sets the flags.
inline long clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  register long r0 asm("r0") = static_cast<long>(flags);
  register long r1 asm("r1") = reinterpret_cast<long>(stack_top);
  register long r2 asm("r2") = reinterpret_cast<long>(parent_tid);
  register long r3 asm("r3") = reinterpret_cast<long>(tls);
  register long r4 asm("r4") = reinterpret_cast<long>(child_tid);
  register long r5 asm("r5") = reinterpret_cast<long>(fn);
  register long r6 asm("r6") = reinterpret_cast<long>(arg);
  long saved;
  asm volatile(
      "mov %[saved], r7\n\t"
      "mov r7, %[clone_nr]\n\t"
      "svc 0\n\t"
      "cmp r0, #0\n\t"
      "bne 1f\n\t"
      "mov r7, #0\n\t"
      "mov r11, #0\n\t"
      "mov lr, #0\n\t"
      "mov r0, sp\n\t"
      "bic r0, r0, #15\n\t"
      "mov sp, r0\n\t"
      "mov r0, r6\n\t"
      "blx r5\n\t"
      "mov r7, %[exit_nr]\n\t"
      "svc 0\n\t"
      "udf #0\n"
      "1:\n\t"
      "mov r7, %[saved]"
      : "+r"(r0), [saved] "=&r"(saved)
      : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), [clone_nr] "i"(nr::clone),
        [exit_nr] "i"(nr::exit)
      : "cc", "memory");
  return r0;
}

// munmap(base, size) then exit(status) for the calling thread, with no memory access in
// between: the stack being unmapped may be the one this code runs on. r2 carries the status
// across the first svc (which preserves it); r0/r1 are the munmap arguments. r7 is overwritten
// and never restored, which is sound only because the block does not return.
[[noreturn]] inline void unmap_and_exit(void* base, std::size_t size, int status) {
  register long r0 asm("r0") = reinterpret_cast<long>(base);
  register long r1 asm("r1") = static_cast<long>(size);
  register long r2 asm("r2") = status;
  asm volatile(
      "mov r7, %[munmap_nr]\n\t"
      "svc 0\n\t"
      "mov r0, r2\n\t"
      "mov r7, %[exit_nr]\n\t"
      "svc 0\n\t"
      "udf #0"
      :
      : "r"(r0), "r"(r1), "r"(r2), [munmap_nr] "i"(nr::munmap), [exit_nr] "i"(nr::exit)
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

// TPIDRURO (CP15 c13, c0, 3): readable from user mode, written only by the kernel.
inline void* thread_pointer() {
  void* tp;
  asm("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
  return tp;
}

// Sets TPIDRURO for the calling thread through the private syscall. Returns 0 or -errno.
inline long set_thread_pointer(void* tp) {
  return syscall1(nr::set_tls, reinterpret_cast<long>(tp));
}

// Whether someone (libc, a runtime) installed a thread pointer: execve leaves TPIDRURO at 0.
// volatile: the register may have changed since an earlier read.
inline bool thread_pointer_installed() {
  void* tp;
  asm volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
  return tp != nullptr;
}

enum class tls_variant { below_tp, above_tp };
inline constexpr tls_variant tls_layout = tls_variant::above_tp;  // variant I
// The ABI reserves two 4-byte words at the thread pointer (dtv pointer, spare) before the TLS
// block, which starts at round_up(8, p_align).
inline constexpr std::ptrdiff_t tls_block_offset = 8;
inline constexpr std::size_t tcb_size = 8;
inline constexpr std::ptrdiff_t tcb_offset = 0;
inline constexpr bool canary_in_tcb = false;  // __stack_chk_guard is a global on arm
// The TCB's second word is reserved for the implementation (the first is the dtv pointer, unused
// with static TLS only): rawthread keeps the running thread's control block pointer there.
inline constexpr std::ptrdiff_t control_slot_offset = 4;

// Fills a zeroed TCB at `tp`. Nothing to add on arm: code addresses TLS from TPIDRURO directly,
// and the canary is the global __stack_chk_guard.
inline void prepare_tcb(void*, std::uintptr_t) {}

// Spin-wait hint: `yield` (ARMv6K and later, so every ARMv7-A core) tells the core this is a
// busy-wait loop. No operands, no clobbers: it changes no register, flag or memory; the
// caller's atomic loads order the loop.
inline void cpu_relax() { asm volatile("yield"); }

// AAPCS: sp is 8-byte aligned at every public call.
inline constexpr std::size_t stack_alignment = 8;
// 32-bit arm Linux always runs with 4 KiB pages (LPAE included).
inline constexpr std::size_t default_page_size = 4096;

}  // namespace rawthread::arch

#include "signal.hpp"
#include "start.hpp"
