// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rawthread/syscall.hpp>

using namespace rawthread;

TEST_CASE("sys constants match the C library's") {
  CHECK(sys::prot_read == PROT_READ);
  CHECK(sys::map_anonymous == MAP_ANONYMOUS);
  CHECK(sys::map_stack == MAP_STACK);
  CHECK(sys::map_noreserve == MAP_NORESERVE);
}

TEST_CASE("write reaches a pipe; a bad fd is EBADF, not errno") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  errno = 0;
  auto n = sys::write(fds[1], "abc", 3);
  REQUIRE(n.has_value());
  CHECK(*n == 3);
  char buf[4] = {};
  REQUIRE(read(fds[0], buf, 3) == 3);
  CHECK(std::strcmp(buf, "abc") == 0);
  auto bad = sys::write(-1, "x", 1);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == errc::ebadf);
  CHECK(errno == 0);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("mmap, mprotect and munmap; a zero-length mmap is EINVAL") {
  auto p = sys::mmap(nullptr, 8192, sys::prot_read | sys::prot_write,
                     sys::map_private | sys::map_anonymous);
  REQUIRE(p.has_value());
  static_cast<char*>(*p)[8191] = 1;
  CHECK(sys::mprotect(*p, 4096, sys::prot_none).has_value());
  CHECK(sys::munmap(*p, 8192).has_value());
  auto zero = sys::mmap(nullptr, 0, sys::prot_read, sys::map_private | sys::map_anonymous);
  REQUIRE_FALSE(zero.has_value());
  CHECK(zero.error() == errc::einval);
}

TEST_CASE("mmap maps a file at a byte offset, past 4 GiB too; bad offsets fail cleanly") {
  // A sparse file with a marker on its second page and one 5 GiB in: 32-bit ports reach the
  // latter only through mmap2's page units and a 64-bit offset argument.
  constexpr std::int64_t far = std::int64_t{5} << 30;
  const char* name = "syscall_test_mmap.bin";
  const int fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  unlink(name);
  REQUIRE(pwrite64(fd, "page one", 8, 4096) == 8);
  REQUIRE(pwrite64(fd, "five GiB", 8, far) == 8);
  REQUIRE(ftruncate64(fd, far + 4096) == 0);

  auto near = sys::mmap(nullptr, 4096, sys::prot_read, sys::map_shared, fd, 4096);
  REQUIRE(near.has_value());
  CHECK(std::memcmp(*near, "page one", 8) == 0);
  CHECK(sys::munmap(*near, 4096).has_value());
  auto beyond = sys::mmap(nullptr, 4096, sys::prot_read, sys::map_shared, fd, far);
  REQUIRE(beyond.has_value());
  // qemu-user 7 cuts a 32-bit guest's mmap2 offset to 32 bits itself, whoever asks: there the
  // most that can be checked is that rawthread maps what libc's mmap64 maps.
  void* reference = mmap64(nullptr, 4096, PROT_READ, MAP_SHARED, fd, far);
  REQUIRE(reference != MAP_FAILED);
  if (std::memcmp(reference, "five GiB", 8) == 0) {
    CHECK(std::memcmp(*beyond, "five GiB", 8) == 0);
  } else {
    MESSAGE("this system maps no file past 4 GiB for this program, not even for libc");
    CHECK(std::memcmp(*beyond, reference, 4096) == 0);
  }
  munmap(reference, 4096);
  CHECK(sys::munmap(*beyond, 4096).has_value());

  for (std::int64_t bad : {std::int64_t{1000}, std::int64_t{4097}, std::int64_t{-4096}}) {
    auto r = sys::mmap(nullptr, 4096, sys::prot_read, sys::map_shared, fd, bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::einval);
  }
  // Beyond what mmap2's 32-bit page count reaches: refused, never cut to a smaller offset.
  if (sizeof(unsigned long) < sizeof(std::int64_t)) {
    auto r = sys::mmap(nullptr, 4096, sys::prot_read, sys::map_shared, fd, std::int64_t{1} << 44);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::eoverflow);
  }
  close(fd);
}

TEST_CASE("gettid and getpid agree with libc in the main thread") {
  CHECK(sys::gettid() == gettid());
  CHECK(sys::getpid() == getpid());
}

TEST_CASE("futex wait returns EAGAIN when the word already differs") {
  std::atomic<int> word{1};
  auto r = sys::futex(&word, sys::futex_wait | sys::futex_private_flag, 0);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::eagain);
  auto woke = sys::futex(&word, sys::futex_wake | sys::futex_private_flag, 1);
  REQUIRE(woke.has_value());
  CHECK(*woke == 0);
}

TEST_CASE("sys::clone rejects a null function or stack with EINVAL") {
  char stack[256];
  auto no_fn = sys::clone(sys::clone_vm, stack + sizeof stack, nullptr, nullptr);
  REQUIRE_FALSE(no_fn.has_value());
  CHECK(no_fn.error() == errc::einval);
  auto no_stack = sys::clone(sys::clone_vm, nullptr, [](void*) { return 0; }, nullptr);
  REQUIRE_FALSE(no_stack.has_value());
  CHECK(no_stack.error() == errc::einval);
}

namespace {
int child_process(void* arg) { return *static_cast<int*>(arg); }
}  // namespace

TEST_CASE("sys::clone without CLONE_VM makes a process whose exit status comes back") {
  alignas(16) static char stack[64 * 1024];
  int value = 23;
  auto pid = sys::clone(sys::sigchld, stack + sizeof stack, child_process, &value);
  REQUIRE(pid.has_value());
  int status = 0;
  auto reaped = sys::wait4(*pid, &status, 0);
  REQUIRE(reaped.has_value());
  CHECK(*reaped == *pid);
  CHECK(sys::exited(status));
  CHECK(sys::exit_status(status) == 23);
}
