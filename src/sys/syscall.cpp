// Typed wrappers over the arch layer's raw syscalls: argument casts and the errno convention.
#include <rawthread/syscall.hpp>

#include "arch.hpp"

namespace rawthread::sys {
namespace {
long as_long(const volatile void* p) { return reinterpret_cast<long>(p); }
}  // namespace

using namespace arch;

result<std::size_t> read(int fd, void* buf, std::size_t count) {
  return from_kernel<std::size_t>(syscall3(nr::read, fd, as_long(buf), static_cast<long>(count)));
}

result<std::size_t> write(int fd, const void* buf, std::size_t count) {
  return from_kernel<std::size_t>(syscall3(nr::write, fd, as_long(buf), static_cast<long>(count)));
}

result<int> openat(int dirfd, const char* path, int flags, int mode) {
  return from_kernel<int>(syscall4(nr::openat, dirfd, as_long(path), flags, mode));
}

result<void> close(int fd) { return from_kernel_void(syscall1(nr::close, fd)); }

result<void*> mmap(void* addr, std::size_t length, int prot, int flags, int fd, long offset) {
  return from_kernel<void*>(
      syscall6(nr::mmap, as_long(addr), static_cast<long>(length), prot, flags, fd, offset));
}

result<void> munmap(void* addr, std::size_t length) {
  return from_kernel_void(syscall2(nr::munmap, as_long(addr), static_cast<long>(length)));
}

result<void> mprotect(void* addr, std::size_t length, int prot) {
  return from_kernel_void(syscall3(nr::mprotect, as_long(addr), static_cast<long>(length), prot));
}

result<void> madvise(void* addr, std::size_t length, int advice) {
  return from_kernel_void(syscall3(nr::madvise, as_long(addr), static_cast<long>(length), advice));
}

result<int> futex(volatile void* word, int op, int val, const timespec* timeout,
                  volatile void* word2, int val3) {
  return from_kernel<int>(
      syscall6(nr::futex, as_long(word), op, val, as_long(timeout), as_long(word2), val3));
}

void exit(int status) {
  for (;;) syscall1(nr::exit, status);
}

void exit_group(int status) {
  for (;;) syscall1(nr::exit_group, status);
}

int gettid() { return static_cast<int>(syscall0(nr::gettid)); }
int getpid() { return static_cast<int>(syscall0(nr::getpid)); }

result<void> sched_yield() { return from_kernel_void(syscall0(nr::sched_yield)); }

result<void> clock_nanosleep(int clock, int flags, const timespec& request, timespec* remaining) {
  return from_kernel_void(
      syscall4(nr::clock_nanosleep, clock, flags, as_long(&request), as_long(remaining)));
}

result<void> clock_gettime(int clock, timespec& now) {
  return from_kernel_void(syscall2(nr::clock_gettime, clock, as_long(&now)));
}

result<void> rt_sigprocmask(int how, const sigset* set, sigset* old) {
  return from_kernel_void(
      syscall4(nr::rt_sigprocmask, how, as_long(set), as_long(old), sizeof(sigset)));
}

result<long> prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4,
                   unsigned long a5) {
  return from_kernel<long>(syscall5(nr::prctl, option, static_cast<long>(a2),
                                    static_cast<long>(a3), static_cast<long>(a4),
                                    static_cast<long>(a5)));
}

int set_tid_address(volatile int* tidptr) {
  return static_cast<int>(syscall1(nr::set_tid_address, as_long(tidptr)));
}

result<void> kill(int pid, int signo) { return from_kernel_void(syscall2(nr::kill, pid, signo)); }

result<void> tgkill(int tgid, int tid, int signo) {
  return from_kernel_void(syscall3(nr::tgkill, tgid, tid, signo));
}

result<int> wait4(int pid, int* status, int options) {
  return from_kernel<int>(syscall4(nr::wait4, pid, as_long(status), options, 0));
}

result<int> sched_getaffinity(int tid, std::size_t size, void* mask) {
  return from_kernel<int>(
      syscall3(nr::sched_getaffinity, tid, static_cast<long>(size), as_long(mask)));
}

result<void> sched_setaffinity(int tid, std::size_t size, const void* mask) {
  return from_kernel_void(
      syscall3(nr::sched_setaffinity, tid, static_cast<long>(size), as_long(mask)));
}

result<int> clone(unsigned long flags, void* stack_top, int (*fn)(void*), void* arg,
                  int* parent_tid, void* tls, int* child_tid) {
  if (fn == nullptr || stack_top == nullptr) return failure(errc::einval);
  return from_kernel<int>(arch::clone(flags, stack_top, fn, arg, parent_tid, tls, child_tid));
}

}  // namespace rawthread::sys
