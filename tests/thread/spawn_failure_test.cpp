// SPDX-License-Identifier: MIT
// A spawn that fails leaves the caller's callable as it was, on every error path: a move-only
// callable keeps what it owns, and the very same object can be spawned again.
#include <doctest.h>

#include <atomic>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "move_only.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// A token owner whose token is the write end of a pipe. Run, it writes one byte through the fd;
// destroyed while still owning it, it closes it (with rawthread's close: a hosted child may call
// that, not libc's).
struct pipe_writer : test::token_owner {
  explicit pipe_writer(int fd) : token_owner(fd) {}
  pipe_writer(pipe_writer&&) noexcept = default;
  ~pipe_writer() {
    if (owns()) (void)sys::close(token);
  }
  int operator()() const { return sys::write(token, "x", 1) ? 0 : 1; }
};

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

// A pipe whose write end `writer` owns.
struct owned_pipe {
  int read_end = -1;
  int write_end = -1;
  owned_pipe() {
    int fds[2];
    if (pipe(fds) == 0) {
      read_end = fds[0];
      write_end = fds[1];
    }
  }
  ~owned_pipe() {
    if (read_end >= 0) close(read_end);
  }
  // What the pipe delivered until its last write end closed: "x" once the writer ran and was
  // destroyed in its thread.
  int bytes_until_eof() const {
    char buf[8];
    int total = 0;
    for (ssize_t n; (n = read(read_end, buf, sizeof buf)) != 0;) {
      if (n < 0) return -1;
      total += static_cast<int>(n);
    }
    return total;
  }
};

// Spawns w (moved) and joins: true when the thread ran it and destroyed it, closing the fd.
bool runs_after_all(pipe_writer& w, const owned_pipe& p) {
  auto t = spawn(std::move(w));
  if (!t || w.token != -1) return false;
  auto code = t->join();
  return code && *code == 0 && p.bytes_until_eof() == 1;
}

}  // namespace

TEST_CASE("a spawn refused for its options leaves a move-only callable untouched") {
  owned_pipe p;
  REQUIRE(p.write_end >= 0);
  pipe_writer w(p.write_end);
  cpu_set empty;
  cpu_set nowhere;  // a CPU this machine does not have: the kernel refuses the set
  REQUIRE(nowhere.add(cpu_set::max_cpus - 1));
  thread_options cases[4];
  cases[0].name = "sixteen-chars-xx";
  cases[1].stack_size = thread_options::min_stack_size - 1;
  cases[2].affinity = &empty;
  cases[3].affinity = &nowhere;
  for (const thread_options& opts : cases) {
    CHECK(test::refusal_of(w, errc::einval, opts) == test::refused);
    CHECK(w.token == p.write_end);
    CHECK(is_open(p.write_end));
  }
  CHECK(runs_after_all(w, p));
}

namespace {

// In a forked child: the address space is full (test::fill_address_space_against), so the
// mapping cannot be made. Exit codes: 0 passed, 10+n a failed step.
void spawn_without_address_space() {
  owned_pipe p;
  if (p.write_end < 0) _exit(10);
  pipe_writer w(p.write_end);
  release_thread_cache();
  thread_options huge;
  huge.stack_size = ~std::size_t{0} / 8;  // the largest size spawn accepts
  (void)test::fill_address_space_against(huge.stack_size);
  // Exit codes 11 to 13: the refusal's kind (move_only.hpp), in its order there.
  const test::refusal r = test::refusal_of(w, errc::enomem, huge);
  if (r != test::refused) _exit(10 + r.what);
  if (w.token != p.write_end || !is_open(p.write_end)) _exit(13);
  if (!runs_after_all(w, p)) _exit(14);
  _exit(0);
}

constexpr int nproc_limit = 8;
constexpr uid_t unprivileged_uid = 65534;  // "nobody"

// In a forked child: under a lowered RLIMIT_NPROC as an unprivileged user (root is exempt), holds
// threads until the kernel refuses one, then spawns the writer (EAGAIN), lets the held threads go
// and spawns the same writer again. Exit codes: 0 passed, 20+n a failed step.
void spawn_past_the_thread_limit() {
  owned_pipe p;
  if (p.write_end < 0) _exit(20);
  rlimit limit{nproc_limit, nproc_limit};
  if (setrlimit(RLIMIT_NPROC, &limit) != 0) _exit(21);
  if (setresgid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(22);
  if (setresuid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(23);
  std::atomic<int> go{0};
  thread held[nproc_limit + 1];
  int made = 0;
  for (; made <= nproc_limit; ++made) {
    auto t = spawn([&go] {
      while (go.load() == 0) (void)futex_wait(go, 0);
    });
    if (!t) break;
    held[made] = std::move(*t);
  }
  if (made > nproc_limit) _exit(24);  // the limit never bit
  pipe_writer w(p.write_end);
  // Exit codes 25 to 27: the refusal's kind (move_only.hpp), in its order there.
  const test::refusal r = test::refusal_of(w, errc::eagain);
  if (r != test::refused) _exit(24 + r.what);
  if (w.token != p.write_end || !is_open(p.write_end)) _exit(27);
  go.store(1);
  (void)futex_wake(go, nproc_limit + 1);
  for (int i = 0; i < made; ++i)
    if (!held[i].join()) _exit(28);
  // The kernel counts a thread against the limit a little past the exit wake that join waits
  // for: retry, with the same object, while it still says EAGAIN.
  for (int tries = 0; tries < 5000; ++tries) {
    auto t = spawn(std::move(w));
    if (t) {
      if (!t->join()) _exit(29);
      _exit(p.bytes_until_eof() == 1 ? 0 : 30);
    }
    if (t.error() != errc::eagain || w.token != p.write_end) _exit(31);
    this_thread::sleep_for(milliseconds(1));
  }
  _exit(32);
}

}  // namespace

TEST_CASE("a spawn that finds no address space (ENOMEM) leaves the callable untouched") {
  int status = test::wait_status_of_child(spawn_without_address_space);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a spawn refused by the kernel (EAGAIN) leaves the callable to be spawned again") {
  int status = test::wait_status_of_child(spawn_past_the_thread_limit);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
