// SPDX-License-Identifier: MIT
// The C API's system calls: rawthread.h's rawthread_sys_* onto the library's typed system calls,
// and rawthread_syscall0..6 straight onto the arch layer's.
#include <rawthread.h>

#include <rawthread/errno.hpp>
#include <rawthread/syscall.hpp>

#include "../sys/raw.hpp"

namespace rawthread {
namespace {

// The C constants are the C++ ones (which are the kernel's).
static_assert(RAWTHREAD_PROT_NONE == sys::prot_none && RAWTHREAD_PROT_READ == sys::prot_read &&
              RAWTHREAD_PROT_WRITE == sys::prot_write && RAWTHREAD_PROT_EXEC == sys::prot_exec);
static_assert(RAWTHREAD_MAP_SHARED == sys::map_shared &&
              RAWTHREAD_MAP_PRIVATE == sys::map_private && RAWTHREAD_MAP_FIXED == sys::map_fixed &&
              RAWTHREAD_MAP_ANONYMOUS == sys::map_anonymous &&
              RAWTHREAD_MAP_NORESERVE == sys::map_noreserve &&
              RAWTHREAD_MAP_STACK == sys::map_stack);
static_assert(RAWTHREAD_AT_FDCWD == sys::at_fdcwd && RAWTHREAD_O_RDONLY == sys::o_rdonly &&
              RAWTHREAD_O_WRONLY == sys::o_wronly && RAWTHREAD_O_RDWR == sys::o_rdwr &&
              RAWTHREAD_O_CREAT == sys::o_creat && RAWTHREAD_O_TRUNC == sys::o_trunc &&
              RAWTHREAD_O_APPEND == sys::o_append && RAWTHREAD_O_NONBLOCK == sys::o_nonblock &&
              RAWTHREAD_O_CLOEXEC == sys::o_cloexec);
static_assert(RAWTHREAD_CLOCK_REALTIME == sys::clock_realtime &&
              RAWTHREAD_CLOCK_MONOTONIC == sys::clock_monotonic &&
              RAWTHREAD_TIMER_ABSTIME == sys::timer_abstime);
static_assert(sizeof(rawthread_timespec_t) == sizeof(sys::timespec) &&
              alignof(rawthread_timespec_t) == alignof(sys::timespec) &&
              offsetof(rawthread_timespec_t, tv_nsec) == offsetof(sys::timespec, tv_nsec));

sys::timespec* as_kernel(rawthread_timespec_t* t) { return reinterpret_cast<sys::timespec*>(t); }
const sys::timespec* as_kernel(const rawthread_timespec_t* t) {
  return reinterpret_cast<const sys::timespec*>(t);
}

template <class T>
int code_of(const result<T>& r) {
  return r ? 0 : r.error();
}

// The C side of a call whose value goes to an optional out parameter: 0 there on error.
int count_to(const result<std::size_t>& r, size_t* out) {
  if (out != nullptr) *out = r ? *r : 0;
  return code_of(r);
}

}  // namespace
}  // namespace rawthread

using namespace rawthread;

extern "C" {

int rawthread_sys_read(int fd, void* buf, size_t len, size_t* nread) {
  return count_to(sys::raw::read(fd, buf, len), nread);
}

int rawthread_sys_write(int fd, const void* buf, size_t len, size_t* written) {
  return count_to(sys::raw::write(fd, buf, len), written);
}

int rawthread_sys_openat(int dirfd, const char* path, int flags, int mode, int* fd) {
  if (fd == nullptr) return errc::einval;
  auto opened = sys::raw::openat(dirfd, path, flags, mode);
  if (opened) *fd = *opened;
  return code_of(opened);
}

int rawthread_sys_close(int fd) { return code_of(sys::raw::close(fd)); }

int rawthread_sys_mmap(void* addr, size_t len, int prot, int flags, int fd, int64_t offset,
                       void** addr_out) {
  if (addr_out == nullptr) return errc::einval;
  auto mapped = sys::raw::mmap(addr, len, prot, flags, fd, static_cast<long>(offset));
  if (mapped) *addr_out = *mapped;
  return code_of(mapped);
}

int rawthread_sys_munmap(void* addr, size_t len) { return code_of(sys::raw::munmap(addr, len)); }

int rawthread_sys_mprotect(void* addr, size_t len, int prot) {
  return code_of(sys::raw::mprotect(addr, len, prot));
}

int rawthread_sys_clock_gettime(int clock, rawthread_timespec_t* now) {
  if (now == nullptr) return errc::einval;
  return code_of(sys::raw::clock_gettime(clock, *as_kernel(now)));
}

int rawthread_sys_clock_nanosleep(int clock, int flags, const rawthread_timespec_t* request,
                                  rawthread_timespec_t* remaining) {
  if (request == nullptr) return errc::einval;
  return code_of(
      sys::raw::clock_nanosleep(clock, flags, *as_kernel(request), as_kernel(remaining)));
}

int rawthread_sys_nanosleep(const rawthread_timespec_t* request, rawthread_timespec_t* remaining) {
  return rawthread_sys_clock_nanosleep(RAWTHREAD_CLOCK_MONOTONIC, 0, request, remaining);
}

int rawthread_sys_getpid(void) { return sys::raw::getpid(); }
int rawthread_sys_gettid(void) { return sys::raw::gettid(); }

int rawthread_sys_kill(int pid, int signo) { return code_of(sys::raw::kill(pid, signo)); }

int rawthread_sys_tgkill(int tgid, int tid, int signo) {
  return code_of(sys::raw::tgkill(tgid, tid, signo));
}

void rawthread_sys_exit(int status) { sys::raw::exit(status); }
void rawthread_sys_exit_group(int status) { sys::raw::exit_group(status); }

long rawthread_syscall0(long nr) { return arch::syscall0(nr); }
long rawthread_syscall1(long nr, long a1) { return arch::syscall1(nr, a1); }
long rawthread_syscall2(long nr, long a1, long a2) { return arch::syscall2(nr, a1, a2); }
long rawthread_syscall3(long nr, long a1, long a2, long a3) {
  return arch::syscall3(nr, a1, a2, a3);
}
long rawthread_syscall4(long nr, long a1, long a2, long a3, long a4) {
  return arch::syscall4(nr, a1, a2, a3, a4);
}
long rawthread_syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
  return arch::syscall5(nr, a1, a2, a3, a4, a5);
}
long rawthread_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
  return arch::syscall6(nr, a1, a2, a3, a4, a5, a6);
}

}  // extern "C"
