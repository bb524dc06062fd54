// SPDX-License-Identifier: MIT
// The futex wrappers: value checks, timeouts, wake counts, requeue, and a shared futex across
// processes.
#include <doctest.h>

#include <atomic>
#include <new>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

TEST_CASE("futex_wait returns EAGAIN at once when the word does not hold the value") {
  std::atomic<int> word{1};
  auto r = futex_wait(word, 0);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::eagain);
  CHECK(futex_wait_for(word, 0, seconds(10)).error() == errc::eagain);
  CHECK(futex_wait_until(word, 0, monotonic_now() + seconds(10)).error() == errc::eagain);
}

TEST_CASE("timed futex waits return ETIMEDOUT no earlier than asked") {
  std::atomic<int> word{0};
  monotonic_time before = monotonic_now();
  auto r = futex_wait_for(word, 0, milliseconds(25));
  CHECK(monotonic_now() - before >= milliseconds(25));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::etimedout);

  monotonic_time deadline = monotonic_now() + milliseconds(25);
  r = futex_wait_until(word, 0, deadline);
  CHECK(monotonic_now() >= deadline);
  CHECK(r.error() == errc::etimedout);

  CHECK(futex_wait_for(word, 0, nanoseconds{0}).error() == errc::etimedout);
  CHECK(futex_wait_for(word, 0, seconds(-5)).error() == errc::etimedout);
  CHECK(futex_wait_until(word, 0, monotonic_time{-1}).error() == errc::etimedout);
  CHECK(futex_wait_until(word, 0, monotonic_now() - seconds(1)).error() == errc::etimedout);
}

TEST_CASE("futex_wake wakes the sleepers it is asked to, and counts them") {
  std::atomic<int> word{0};
  std::atomic<int> woke{0};
  test::crew c(3, [&](int) {
    while (word.load() == 0) (void)futex_wait(word, 0);
    woke.fetch_add(1);
  });
  REQUIRE(c.await_all_blocked());
  word.store(1);
  auto n = futex_wake(word, 2);
  REQUIRE(n.has_value());
  CHECK(*n == 2);
  auto rest = futex_wake(word, 5);
  REQUIRE(rest.has_value());
  CHECK(*rest == 1);
  REQUIRE(c.join());
  CHECK(woke.load() == 3);
  CHECK(futex_wake(word, -1).error() == errc::einval);
}

TEST_CASE("futex_requeue wakes some and moves the rest to another word") {
  std::atomic<int> from{0}, to{0};
  std::atomic<int> woke{0};
  test::crew c(3, [&](int) {
    // Sleepers moved to `to` are woken from there; either way they leave once `from` is 1.
    while (from.load() == 0) (void)futex_wait(from, 0);
    woke.fetch_add(1);
  });
  REQUIRE(c.await_all_blocked());
  CHECK(futex_requeue(from, 7, 1, 10, to).error() == errc::eagain);
  CHECK(futex_requeue(from, 0, -1, 10, to).error() == errc::einval);
  from.store(1);
  auto r = futex_requeue(from, 1, 1, 10, to);
  REQUIRE(r.has_value());
  CHECK(*r == 3);  // one woken, two moved
  REQUIRE(c.await_all_blocked());
  CHECK(woke.load() == 1);
  CHECK(futex_wake(from, 10).value() == 0);  // nobody left on `from`
  CHECK(futex_wake(to, 10).value() == 2);
  REQUIRE(c.join());
  CHECK(woke.load() == 3);
}

TEST_CASE("a shared futex in a shared mapping wakes a waiter in another process") {
  auto mem = sys::mmap(nullptr, 4096, sys::prot_read | sys::prot_write,
                       sys::map_shared | sys::map_anonymous);
  REQUIRE(mem.has_value());
  auto* word = ::new (*mem) std::atomic<int>(0);
  pid_t pid = test::fork_alone();
  if (pid == 0) {
    this_thread::sleep_for(milliseconds(30));
    word->store(1);
    (void)futex_wake(*word, 1, futex_scope::shared);
    _exit(0);
  }
  REQUIRE(pid > 0);
  monotonic_time deadline = monotonic_now() + seconds(20);
  bool timed_out = false;
  while (word->load() == 0 && !timed_out) {
    auto r = futex_wait_until(*word, 0, deadline, futex_scope::shared);
    timed_out = !r && r.error() == errc::etimedout;
  }
  CHECK_FALSE(timed_out);
  CHECK(word->load() == 1);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(sys::exited(status));
  REQUIRE(sys::munmap(*mem, 4096).has_value());
}
