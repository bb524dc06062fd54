// SPDX-License-Identifier: MIT
// join, detach, destruction and this_thread: who frees what, and when.
#include <doctest.h>

#include <atomic>
#include <ctime>
#include <utility>

#include <rawthread/thread.hpp>

#include "mappings.hpp"
#include "support.hpp"

using namespace rawthread;

TEST_CASE("join on a default-constructed or already joined thread is EINVAL") {
  thread t;
  CHECK_FALSE(t.joinable());
  CHECK(t.id() == 0);
  auto r = t.join();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::einval);
  CHECK(t.detach().error() == errc::einval);

  auto s = spawn([] { return 1; });
  REQUIRE(s.has_value());
  REQUIRE(s->join().has_value());
  CHECK(s->join().error() == errc::einval);
}

TEST_CASE("the destructor joins a joinable thread") {
  std::atomic<int> done{0};
  {
    auto t = spawn([&] {
      this_thread::sleep_for(milliseconds(20));
      done.store(1);
    });
    REQUIRE(t.has_value());
  }
  CHECK(done.load() == 1);
}

TEST_CASE("move assignment joins the thread it replaces") {
  std::atomic<int> first_done{0};
  auto a = spawn([&] {
    this_thread::sleep_for(milliseconds(10));
    first_done.store(1);
  });
  auto b = spawn([] { return 2; });
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  thread t = std::move(*a);
  t = std::move(*b);
  CHECK(first_done.load() == 1);
  CHECK(*t.join() == 2);
}

TEST_CASE("a thousand detached threads leave no mapping behind") {
  const int n = test::scaled(1000);
  std::atomic<int> finished{0};
  release_thread_cache();  // cached mappings are not leaks: count without them
  const test::mapped_ranges before;
  for (int i = 0; i < n; ++i) {
    auto t = spawn([&] { finished.fetch_add(1); });
    REQUIRE(t.has_value());
    REQUIRE(t->detach().has_value());
    CHECK_FALSE(t->joinable());
  }
  while (finished.load() < n) this_thread::yield();
  CHECK(test::mappings_once_settled(before) == 0);
}

TEST_CASE("detach racing with the thread's own exit frees the mapping exactly once") {
  const int n = test::scaled(500);
  release_thread_cache();
  const test::mapped_ranges before;
  for (int i = 0; i < n; ++i) {
    auto t = spawn([] {});
    REQUIRE(t.has_value());
    if (i % 2) this_thread::yield();  // sometimes detach after the thread has finished
    REQUIRE(t->detach().has_value());
  }
  CHECK(test::mappings_once_settled(before) == 0);
}

TEST_CASE("this_thread::exit ends the thread with its code, deep in the call stack") {
  struct deep {
    static int recurse(int n) {
      if (n == 0) this_thread::exit(77);
      return n < 0 ? 0 : recurse(n - 1) + 1;
    }
  };
  auto t = spawn([] { return deep::recurse(20); });
  REQUIRE(t.has_value());
  CHECK(*t->join() == 77);
}

namespace {
// Counts its own destruction (a moved-from one counts nothing).
struct destruction_counter {
  std::atomic<int>* count;
  explicit destruction_counter(std::atomic<int>* c) : count(c) {}
  destruction_counter(destruction_counter&& o) noexcept : count(std::exchange(o.count, nullptr)) {}
  ~destruction_counter() {
    if (count) count->fetch_add(1);
  }
};
}  // namespace

TEST_CASE("this_thread::exit destroys the callable, joined or detached, but not a frame's locals") {
  for (bool detached : {false, true}) {
    CAPTURE(detached);
    std::atomic<int> callable_gone{0}, local_gone{0};
    auto t = spawn([owned = destruction_counter(&callable_gone), &local_gone] {
      destruction_counter local(&local_gone);
      this_thread::exit(5);
    });
    REQUIRE(t.has_value());
    if (detached) {
      REQUIRE(t->detach().has_value());
      for (int tries = 0; callable_gone.load() == 0 && tries < 5000; ++tries)
        this_thread::sleep_for(milliseconds(1));
    } else {
      CHECK(*t->join() == 5);
    }
    CHECK(callable_gone.load() == 1);
    CHECK(local_gone.load() == 0);  // the thread's frames are abandoned, not unwound
  }
}

TEST_CASE("sleep_for sleeps at least as long as asked") {
  timespec a{}, b{};
  clock_gettime(CLOCK_MONOTONIC, &a);
  this_thread::sleep_for(milliseconds(30));
  clock_gettime(CLOCK_MONOTONIC, &b);
  long elapsed_ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
  CHECK(elapsed_ns >= 30000000L);
}

TEST_CASE("a thread joining itself gets EDEADLK") {
  thread self;
  std::atomic<int> code{-1};
  std::atomic<bool> ready{false};
  auto t = spawn([&] {
    while (!ready.load()) this_thread::yield();
    auto r = self.join();
    code.store(r ? 0 : r.error());
  });
  REQUIRE(t.has_value());
  self = std::move(*t);
  ready.store(true);
  // `self` is still joinable here: join it from the main thread once the child has tried.
  while (code.load() == -1) this_thread::yield();
  CHECK(code.load() == errc::edeadlk);
  REQUIRE(self.join().has_value());
}
