// SPDX-License-Identifier: MIT
// The public sys:: functions, out of line for programs that use them: each is the inline one
// from raw.hpp, which the library's own code calls directly.
#include <rawthread/syscall.hpp>

#include "../thread/borrowed_tp.hpp"
#include "raw.hpp"

namespace rawthread::sys {

result<std::size_t> read(int fd, void* buf, std::size_t count) { return raw::read(fd, buf, count); }

result<std::size_t> write(int fd, const void* buf, std::size_t count) {
  return raw::write(fd, buf, count);
}

result<int> openat(int dirfd, const char* path, int flags, int mode) {
  return raw::openat(dirfd, path, flags, mode);
}

result<void> close(int fd) { return raw::close(fd); }

result<void*> mmap(void* addr, std::size_t length, int prot, int flags, int fd,
                   std::int64_t offset) {
  return raw::mmap(addr, length, prot, flags, fd, offset);
}

result<void> munmap(void* addr, std::size_t length) { return raw::munmap(addr, length); }

result<void> mprotect(void* addr, std::size_t length, int prot) {
  return raw::mprotect(addr, length, prot);
}

result<void> madvise(void* addr, std::size_t length, int advice) {
  return raw::madvise(addr, length, advice);
}

result<int> futex(volatile void* word, int op, int val, const timespec* timeout,
                  volatile void* word2, int val3) {
  return raw::futex(word, op, val, timeout, word2, val3);
}

void exit(int status) { raw::exit(status); }
void exit_group(int status) { raw::exit_group(status); }
int gettid() { return raw::gettid(); }
int getpid() { return raw::getpid(); }
result<void> sched_yield() { return raw::sched_yield(); }

result<void> clock_nanosleep(int clock, int flags, const timespec& request, timespec* remaining) {
  return raw::clock_nanosleep(clock, flags, request, remaining);
}

result<void> clock_gettime(int clock, timespec& now) { return raw::clock_gettime(clock, now); }

result<void> rt_sigprocmask(int how, const sigset* set, sigset* old) {
  return raw::rt_sigprocmask(how, set, old);
}

result<long> prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4,
                   unsigned long a5) {
  return raw::prctl(option, a2, a3, a4, a5);
}

int set_tid_address(volatile int* tidptr) { return raw::set_tid_address(tidptr); }
result<void> kill(int pid, int signo) { return raw::kill(pid, signo); }
result<void> tgkill(int tgid, int tid, int signo) { return raw::tgkill(tgid, tid, signo); }
result<int> wait4(int pid, int* status, int options) { return raw::wait4(pid, status, options); }

result<int> sched_getaffinity(int tid, std::size_t size, void* mask) {
  return raw::sched_getaffinity(tid, size, mask);
}

result<void> sched_setaffinity(int tid, std::size_t size, const void* mask) {
  return raw::sched_setaffinity(tid, size, mask);
}

result<void> sched_setscheduler(int tid, int policy, int priority) {
  return raw::sched_setscheduler(tid, policy, &priority);
}

result<int> sched_getscheduler(int tid) { return raw::sched_getscheduler(tid); }

result<int> sched_getpriority(int tid) {
  int priority = 0;
  auto r = raw::sched_getparam(tid, &priority);
  if (!r) return failure(r.error());
  return priority;
}

result<void> setpriority(int tid, int nice) { return raw::setpriority(tid, nice); }

result<int> getpriority(int tid) { return raw::getpriority(tid); }

result<int> clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  if (fn == nullptr || stack_top == nullptr) return failure(errc::einval);
  detail::clone_starting(flags);
  const long r = arch::clone(flags, stack_top, fn, arg, parent_tid, tls, child_tid);
  detail::clone_returned(flags);
  return from_kernel<int>(r);
}

}  // namespace rawthread::sys
