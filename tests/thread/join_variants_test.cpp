// SPDX-License-Identifier: MIT
// try_join, join_for, join_until and join_any: what they return while a thread runs and after.
#include <doctest.h>

#include <atomic>
#include <cstdlib>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "support.hpp"

namespace rawthread::detail {
// Tests only: false makes join_any take its polling path, as on a kernel without futex_waitv.
void use_futex_waitv(bool usable);
}  // namespace rawthread::detail

using namespace rawthread;

namespace {

// A thread that returns 7 once `go` is set.
result<thread> held_thread(std::atomic<int>& go) {
  return spawn([&go] {
    while (go.load() == 0) (void)futex_wait(go, 0);
    return 7;
  });
}

void release(std::atomic<int>& go) {
  go.store(1);
  (void)futex_wake(go, 1);
}

}  // namespace

TEST_CASE("try_join is EBUSY while the thread runs and joins it once it has ended") {
  std::atomic<int> go{0};
  auto t = held_thread(go);
  REQUIRE(t.has_value());
  CHECK(t->try_join().error() == errc::ebusy);
  CHECK(t->joinable());
  release(go);
  int code = -1;
  for (;;) {
    auto r = t->try_join();
    if (r) {
      code = *r;
      break;
    }
    REQUIRE(r.error() == errc::ebusy);
    this_thread::yield();
  }
  CHECK(code == 7);
  CHECK_FALSE(t->joinable());
  CHECK(t->try_join().error() == errc::einval);
}

TEST_CASE("join_for and join_until time out with the thread still joinable") {
  std::atomic<int> go{0};
  auto t = held_thread(go);
  REQUIRE(t.has_value());
  const monotonic_time start = monotonic_now();
  CHECK(t->join_for(milliseconds(30)).error() == errc::etimedout);
  CHECK(monotonic_now() - start >= milliseconds(30));
  CHECK(t->join_for(nanoseconds{-5}).error() == errc::etimedout);
  CHECK(t->join_until(monotonic_now() + milliseconds(10)).error() == errc::etimedout);
  CHECK(t->join_until(monotonic_time{-1}).error() == errc::etimedout);
  CHECK(t->joinable());
  release(go);
  auto r = t->join_for(seconds(30));
  REQUIRE(r.has_value());
  CHECK(*r == 7);
  CHECK(t->join_until(monotonic_now()).error() == errc::einval);
}

TEST_CASE("a thread joining itself with the new joins gets EDEADLK") {
  std::atomic<int> codes[3] = {};
  thread self;
  std::atomic<int> ready{0};
  auto t = spawn([&] {
    while (ready.load() == 0) (void)futex_wait(ready, 0);
    codes[0] = self.try_join().error();
    codes[1] = self.join_for(milliseconds(1)).error();
    codes[2] = thread::join_any(&self, 1).error();
  });
  REQUIRE(t.has_value());
  // The thread handle lives in `self` from here; the child uses it only through these calls.
  self = std::move(*t);
  release(ready);
  REQUIRE(self.join().has_value());
  for (auto& c : codes) CHECK(c.load() == errc::edeadlk);
}

TEST_CASE("join_any with no joinable handle is EINVAL") {
  thread none[3];
  CHECK(thread::join_any(none).error() == errc::einval);
  CHECK(thread::join_any(nullptr, 0).error() == errc::einval);
  CHECK(thread::join_any(nullptr, 2).error() == errc::einval);
}

namespace {

// 64 threads (fewer when emulated) end one at a time, in a random order chosen by the test;
// join_any must report each as it ends, whichever path it takes.
void finish_in_random_order(bool use_waitv) {
  detail::use_futex_waitv(use_waitv);
  constexpr int max_threads = 64;
  const int n = test::emulated() ? 16 : max_threads;
  std::atomic<int> turn{-1};
  thread threads[max_threads];
  int order[max_threads];
  for (int i = 0; i < n; ++i) order[i] = i;
  std::srand(12345);
  for (int i = n - 1; i > 0; --i) {
    const int j = std::rand() % (i + 1);
    const int tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  for (int i = 0; i < n; ++i) {
    auto t = spawn([&turn, i] {
      for (int seen; (seen = turn.load()) != i;) (void)futex_wait(turn, seen);
      return 100 + i;
    });
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  for (int k = 0; k < n; ++k) {
    const int who = order[k];
    turn.store(who);
    (void)futex_wake(turn, max_threads);
    auto index = thread::join_any(threads, static_cast<std::size_t>(n));
    REQUIRE(index.has_value());
    CHECK(*index == static_cast<std::size_t>(who));
    auto code = threads[*index].try_join();
    REQUIRE(code.has_value());
    CHECK(*code == 100 + who);
  }
  CHECK(thread::join_any(threads, static_cast<std::size_t>(n)).error() == errc::einval);
  detail::use_futex_waitv(true);
}

}  // namespace

TEST_CASE("join_any reports 64 threads finishing in random order (futex_waitv)") {
  finish_in_random_order(true);
}

TEST_CASE("join_any reports 64 threads finishing in random order (polling fallback)") {
  finish_in_random_order(false);
}

TEST_CASE("join_any over more than futex_waitv's 128 words still finds the finished one") {
  const int n = test::emulated() ? 130 : 140;
  std::atomic<int> go{0};
  static thread threads[140];
  for (int i = 0; i < n; ++i) {
    auto t = i == n - 1 ? spawn([] { return 5; }) : held_thread(go);
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  auto index = thread::join_any(threads, static_cast<std::size_t>(n));
  REQUIRE(index.has_value());
  CHECK(*index == static_cast<std::size_t>(n - 1));
  CHECK(*threads[n - 1].join() == 5);
  release(go);
  (void)futex_wake(go, n);
  for (int i = 0; i < n - 1; ++i) CHECK(*threads[i].join() == 7);
}
