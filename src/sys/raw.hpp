// SPDX-License-Identifier: MIT
// The one implementation of rawthread's typed syscalls, inline: the library's own code calls
// these (a call site costs a few instructions, not a call to an out-of-line wrapper that every
// freestanding program would carry), and src/sys/syscall.cpp exports them as the public sys::.
// Same names, arguments and result<T> convention as <rawthread/syscall.hpp>.
#pragma once

#include <rawthread/syscall.hpp>

#include "arch.hpp"

namespace rawthread::sys::raw {

inline long as_long(const volatile void* p) { return reinterpret_cast<long>(p); }
inline long as_long(std::size_t n) { return static_cast<long>(n); }

inline result<std::size_t> read(int fd, void* buf, std::size_t count) {
  return from_kernel<std::size_t>(arch::syscall3(arch::nr::read, fd, as_long(buf), as_long(count)));
}

inline result<std::size_t> write(int fd, const void* buf, std::size_t count) {
  return from_kernel<std::size_t>(
      arch::syscall3(arch::nr::write, fd, as_long(buf), as_long(count)));
}

inline result<int> openat(int dirfd, const char* path, int flags, int mode = 0) {
  return from_kernel<int>(arch::syscall4(arch::nr::openat, dirfd, as_long(path), flags, mode));
}

inline result<void> close(int fd) { return from_kernel_void(arch::syscall1(arch::nr::close, fd)); }

// The port's call counts the offset in units of 1 << arch::mmap_offset_shift bytes (mmap2's 4096
// on 32-bit ports, where a byte offset would end at 4 GiB): an offset that is negative or not a
// whole number of units is EINVAL, one whose unit count overflows the call's unsigned long
// argument EOVERFLOW, both before any system call.
inline result<void*> mmap(void* addr, std::size_t length, int prot, int flags, int fd = -1,
                          std::int64_t offset = 0) {
  constexpr std::uint64_t unit_mask = (std::uint64_t{1} << arch::mmap_offset_shift) - 1;
  if (offset < 0 || (static_cast<std::uint64_t>(offset) & unit_mask) != 0)
    return failure(errc::einval);
  const std::uint64_t units = static_cast<std::uint64_t>(offset) >> arch::mmap_offset_shift;
  if constexpr (sizeof(unsigned long) < sizeof units)
    if (units > ~0ul) return failure(errc::eoverflow);
  return from_kernel<void*>(arch::syscall6(arch::nr::mmap, as_long(addr), as_long(length), prot,
                                           flags, fd,
                                           static_cast<long>(static_cast<unsigned long>(units))));
}

inline result<void> munmap(void* addr, std::size_t length) {
  return from_kernel_void(arch::syscall2(arch::nr::munmap, as_long(addr), as_long(length)));
}

inline result<void> mprotect(void* addr, std::size_t length, int prot) {
  return from_kernel_void(arch::syscall3(arch::nr::mprotect, as_long(addr), as_long(length), prot));
}

inline result<void> madvise(void* addr, std::size_t length, int advice) {
  return from_kernel_void(
      arch::syscall3(arch::nr::madvise, as_long(addr), as_long(length), advice));
}

inline result<int> futex(volatile void* word, int op, int val, const timespec* timeout = nullptr,
                         volatile void* word2 = nullptr, int val3 = 0) {
  return from_kernel<int>(arch::syscall6(arch::nr::futex, as_long(word), op, val,
                                         as_long(timeout), as_long(word2), val3));
}

// One waiter of futex_waitv(2) (Linux 5.16+): the kernel's struct futex_waitv.
struct futex_waiter {
  std::uint64_t expected;
  std::uint64_t address;
  std::uint32_t flags;  // futex2_size_u32, plus futex2_private for a process-private word
  std::uint32_t reserved;
};
inline constexpr std::uint32_t futex2_size_u32 = 2;
inline constexpr std::size_t futex_waitv_max = 128;

// Sleeps until one of the words is woken (its index) or no longer holds its expected value
// (EAGAIN). A null deadline waits without limit.
inline result<int> futex_waitv(futex_waiter* waiters, std::size_t count,
                               const timespec* deadline = nullptr, int clock = 0) {
  return from_kernel<int>(arch::syscall5(arch::nr::futex_waitv, as_long(waiters), as_long(count),
                                         0, as_long(deadline), clock));
}

[[noreturn]] inline void exit(int status) {
  for (;;) arch::syscall1(arch::nr::exit, status);
}

[[noreturn]] inline void exit_group(int status) {
  for (;;) arch::syscall1(arch::nr::exit_group, status);
}

inline int gettid() { return static_cast<int>(arch::syscall0(arch::nr::gettid)); }
inline int getpid() { return static_cast<int>(arch::syscall0(arch::nr::getpid)); }

inline result<void> sched_yield() {
  return from_kernel_void(arch::syscall0(arch::nr::sched_yield));
}

inline result<void> clock_nanosleep(int clock, int flags, const timespec& request,
                                    timespec* remaining = nullptr) {
  return from_kernel_void(arch::syscall4(arch::nr::clock_nanosleep, clock, flags,
                                         as_long(&request), as_long(remaining)));
}

inline result<void> clock_gettime(int clock, timespec& now) {
  return from_kernel_void(arch::syscall2(arch::nr::clock_gettime, clock, as_long(&now)));
}

inline result<void> rt_sigprocmask(int how, const sigset* set, sigset* old) {
  return from_kernel_void(arch::syscall4(arch::nr::rt_sigprocmask, how, as_long(set),
                                         as_long(old), as_long(sizeof(sigset))));
}

inline result<long> prctl(int option, unsigned long a2 = 0, unsigned long a3 = 0,
                          unsigned long a4 = 0, unsigned long a5 = 0) {
  return from_kernel<long>(arch::syscall5(arch::nr::prctl, option, static_cast<long>(a2),
                                          static_cast<long>(a3), static_cast<long>(a4),
                                          static_cast<long>(a5)));
}

inline int set_tid_address(volatile int* tidptr) {
  return static_cast<int>(arch::syscall1(arch::nr::set_tid_address, as_long(tidptr)));
}

inline result<void> kill(int pid, int signo) {
  return from_kernel_void(arch::syscall2(arch::nr::kill, pid, signo));
}

inline result<void> tgkill(int tgid, int tid, int signo) {
  return from_kernel_void(arch::syscall3(arch::nr::tgkill, tgid, tid, signo));
}

inline result<int> wait4(int pid, int* status, int options) {
  return from_kernel<int>(arch::syscall4(arch::nr::wait4, pid, as_long(status), options, 0));
}

inline result<int> sched_getaffinity(int tid, std::size_t size, void* mask) {
  return from_kernel<int>(
      arch::syscall3(arch::nr::sched_getaffinity, tid, as_long(size), as_long(mask)));
}

inline result<void> sched_setaffinity(int tid, std::size_t size, const void* mask) {
  return from_kernel_void(
      arch::syscall3(arch::nr::sched_setaffinity, tid, as_long(size), as_long(mask)));
}

// The kernel's struct sched_param: one int.
inline result<void> sched_setscheduler(int tid, int policy, const int* priority) {
  return from_kernel_void(
      arch::syscall3(arch::nr::sched_setscheduler, tid, policy, as_long(priority)));
}

inline result<int> sched_getscheduler(int tid) {
  return from_kernel<int>(arch::syscall1(arch::nr::sched_getscheduler, tid));
}

inline result<void> sched_getparam(int tid, int* priority) {
  return from_kernel_void(arch::syscall2(arch::nr::sched_getparam, tid, as_long(priority)));
}

// `which` 0 (PRIO_PROCESS) with a tid names one thread on Linux.
inline result<void> setpriority(int tid, int nice) {
  return from_kernel_void(arch::syscall3(arch::nr::setpriority, 0, tid, nice));
}

// The raw call answers 20 - nice, so that no success looks like an error.
inline result<int> getpriority(int tid) {
  auto r = from_kernel<int>(arch::syscall2(arch::nr::getpriority, 0, tid));
  if (!r) return r;
  return 20 - *r;
}

// The calling thread's robust-futex list head, for the kernel to walk when the thread dies.
inline result<void> set_robust_list(const void* head, std::size_t size) {
  return from_kernel_void(arch::syscall2(arch::nr::set_robust_list, as_long(head), as_long(size)));
}

// The head a thread (0: the caller) has registered, and its size.
inline result<void> get_robust_list(int tid, void** head, std::size_t* size) {
  return from_kernel_void(
      arch::syscall3(arch::nr::get_robust_list, tid, as_long(head), as_long(size)));
}

}  // namespace rawthread::sys::raw
