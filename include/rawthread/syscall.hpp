// SPDX-License-Identifier: MIT
// <rawthread/syscall.hpp>: typed Linux system calls that return result<T> and never touch errno.
//
// Every function here is a bare system call (plus argument checks where noted): safe from any
// thread rawthread created, in hosted and freestanding mode, and async-signal-safe.
// Constants carry lower-case names (sys::prot_read ...) so they never collide with libc macros.
#pragma once

#include <cstddef>
#include <cstdint>

#include <rawthread/result.hpp>

namespace rawthread::sys {

// mmap / mprotect
inline constexpr int prot_none = 0x0;
inline constexpr int prot_read = 0x1;
inline constexpr int prot_write = 0x2;
inline constexpr int prot_exec = 0x4;
inline constexpr int map_shared = 0x01;
inline constexpr int map_private = 0x02;
inline constexpr int map_fixed = 0x10;
inline constexpr int map_anonymous = 0x20;
inline constexpr int map_noreserve = 0x4000;
inline constexpr int map_stack = 0x20000;
inline constexpr int madv_dontneed = 4;

// clone flags
inline constexpr unsigned long clone_vm = 0x00000100;
inline constexpr unsigned long clone_fs = 0x00000200;
inline constexpr unsigned long clone_files = 0x00000400;
inline constexpr unsigned long clone_sighand = 0x00000800;
inline constexpr unsigned long clone_thread = 0x00010000;
inline constexpr unsigned long clone_sysvsem = 0x00040000;
inline constexpr unsigned long clone_settls = 0x00080000;
inline constexpr unsigned long clone_parent_settid = 0x00100000;
inline constexpr unsigned long clone_child_cleartid = 0x00200000;
inline constexpr unsigned long clone_child_settid = 0x01000000;
inline constexpr unsigned long clone_newns = 0x00020000;
inline constexpr unsigned long clone_newuts = 0x04000000;
inline constexpr unsigned long clone_newpid = 0x20000000;
inline constexpr unsigned long clone_newuser = 0x10000000;

// signals (the numbers shared by x86_64, aarch64, riscv64 and arm)
inline constexpr int sighup = 1;
inline constexpr int sigint = 2;
inline constexpr int sigquit = 3;
inline constexpr int sigill = 4;
inline constexpr int sigtrap = 5;
inline constexpr int sigabrt = 6;
inline constexpr int sigbus = 7;
inline constexpr int sigfpe = 8;
inline constexpr int sigkill = 9;
inline constexpr int sigusr1 = 10;
inline constexpr int sigsegv = 11;
inline constexpr int sigusr2 = 12;
inline constexpr int sigpipe = 13;
inline constexpr int sigalrm = 14;
inline constexpr int sigterm = 15;
inline constexpr int sigchld = 17;
inline constexpr int sig_block = 0;
inline constexpr int sig_unblock = 1;
inline constexpr int sig_setmask = 2;

// The kernel's signal set: one 64-bit word (bit n-1 for signal n). Not glibc's 128-byte sigset_t.
using sigset = std::uint64_t;
inline constexpr sigset sigset_all = ~sigset{0};
constexpr sigset sigmask_of(int signo) { return sigset{1} << (signo - 1); }

// futex operations
inline constexpr int futex_wait = 0;
inline constexpr int futex_wake = 1;
inline constexpr int futex_cmp_requeue = 4;
inline constexpr int futex_wait_bitset = 9;
// With futex_wait_bitset, a mask of all ones waits like futex_wait but on an absolute deadline.
inline constexpr int futex_bitset_match_any = -1;
inline constexpr int futex_private_flag = 128;
inline constexpr int futex_clock_realtime = 256;

// clocks, prctl, wait4, open
inline constexpr int clock_realtime = 0;
inline constexpr int clock_monotonic = 1;
inline constexpr int timer_abstime = 1;
inline constexpr int pr_set_name = 15;
inline constexpr int pr_get_name = 16;
inline constexpr int wnohang = 1;
inline constexpr int wall = 0x40000000;
inline constexpr int at_fdcwd = -100;
inline constexpr int o_rdonly = 0;
inline constexpr int o_wronly = 1;
inline constexpr int o_rdwr = 2;
inline constexpr int o_creat = 0100;
inline constexpr int o_trunc = 01000;
inline constexpr int o_append = 02000;
inline constexpr int o_nonblock = 04000;
inline constexpr int o_cloexec = 02000000;

// The kernel's 64-bit timespec (struct __kernel_timespec).
struct timespec {
  std::int64_t tv_sec;
  std::int64_t tv_nsec;
};

// Status decoding for wait4 (same bit layout as WIFEXITED & co.).
constexpr bool exited(int status) { return (status & 0x7f) == 0; }
constexpr int exit_status(int status) { return (status >> 8) & 0xff; }
constexpr bool signaled(int status) { return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f; }
constexpr int term_signal(int status) { return status & 0x7f; }

result<std::size_t> read(int fd, void* buf, std::size_t count);
result<std::size_t> write(int fd, const void* buf, std::size_t count);
result<int> openat(int dirfd, const char* path, int flags, int mode = 0);
result<void> close(int fd);

// `offset` is in bytes and 64 bits wide on every port, so 32-bit ports too reach past 4 GiB into
// a file. EINVAL: an offset that is negative or not a multiple of the page size; EOVERFLOW: one
// beyond what the port's system call can carry (on 32-bit ports, 2^44 bytes and more).
result<void*> mmap(void* addr, std::size_t length, int prot, int flags, int fd = -1,
                   std::int64_t offset = 0);
result<void> munmap(void* addr, std::size_t length);
result<void> mprotect(void* addr, std::size_t length, int prot);
result<void> madvise(void* addr, std::size_t length, int advice);

// Raw futex(2). `word` must be 4-byte aligned. Returns the kernel's non-negative value.
result<int> futex(volatile void* word, int op, int val, const timespec* timeout = nullptr,
                  volatile void* word2 = nullptr, int val3 = 0);

[[noreturn]] void exit(int status);        // ends the calling thread only
[[noreturn]] void exit_group(int status);  // ends the whole process
int gettid();
int getpid();
result<void> sched_yield();
// Sleeps; with `remaining` non-null an interrupted relative sleep reports what was left (EINTR).
result<void> clock_nanosleep(int clock, int flags, const timespec& request,
                             timespec* remaining = nullptr);
result<void> clock_gettime(int clock, timespec& now);
result<void> rt_sigprocmask(int how, const sigset* set, sigset* old);
result<long> prctl(int option, unsigned long a2 = 0, unsigned long a3 = 0, unsigned long a4 = 0,
                   unsigned long a5 = 0);
// Sets the calling thread's clear_child_tid address; returns the caller's tid.
int set_tid_address(volatile int* tidptr);
result<void> kill(int pid, int signo);
result<void> tgkill(int tgid, int tid, int signo);
// Returns the pid reaped (0 with wnohang and nothing to reap); `status` may be null.
result<int> wait4(int pid, int* status, int options);
result<int> sched_getaffinity(int tid, std::size_t size, void* mask);
result<void> sched_setaffinity(int tid, std::size_t size, const void* mask);
// Scheduling of one thread (tid 0: the caller), with the kernel's policy numbers (sched_other 0,
// sched_fifo 1, sched_rr 2, sched_batch 3, sched_idle 5). `priority` is the real-time priority
// (1..99 for fifo and rr, 0 for the others); getpriority/setpriority take and give the nice
// value (-20..19) of that one thread.
inline constexpr int sched_other = 0;
inline constexpr int sched_fifo = 1;
inline constexpr int sched_rr = 2;
inline constexpr int sched_batch = 3;
inline constexpr int sched_idle = 5;
result<void> sched_setscheduler(int tid, int policy, int priority);
result<int> sched_getscheduler(int tid);
result<int> sched_getpriority(int tid);
result<void> setpriority(int tid, int nice);
result<int> getpriority(int tid);

// The raw clone trampoline, for custom flags (a process, a namespace, a thread of your own).
// The child runs fn(arg) on stack_top (aligned down to 16 by the trampoline) and ends with
// SYS_exit(fn's return). Returns the child's tid/pid to the caller. A null fn or stack_top gives
// EINVAL before any system call. With clone_vm the child shares this address space: give it a
// stack nobody else uses, and in hosted mode let it call no libc function. Freestanding, a child
// without clone_settls shares its creator's TLS (thread_local variables included); this_thread::
// id() still gives its own tid (see there).
result<int> clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid = nullptr, void* tls = nullptr, int* child_tid = nullptr);

}  // namespace rawthread::sys
