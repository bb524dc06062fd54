// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <atomic>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

TEST_CASE("a latch opens when the last of 8 threads counts down, for every waiter") {
  latch started(8);
  latch go(1);
  std::atomic<int> before_go{0}, after_go{0};
  test::crew c(8, [&](int) {
    before_go.fetch_add(1);
    (void)started.count_down();
    go.wait();
    after_go.fetch_add(1);
  });
  started.wait();
  CHECK(started.try_wait());
  CHECK(before_go.load() == 8);
  REQUIRE(c.await_all_blocked());
  CHECK(after_go.load() == 0);
  CHECK_FALSE(go.try_wait());
  REQUIRE(go.count_down().has_value());
  REQUIRE(c.join());
  CHECK(after_go.load() == 8);
}

TEST_CASE("arrive_and_wait counts down and waits for the rest") {
  latch l(4);
  std::atomic<int> passed{0};
  test::crew c(3, [&](int) {
    (void)l.arrive_and_wait();
    passed.fetch_add(1);
  });
  REQUIRE(c.await_all_blocked());
  CHECK(passed.load() == 0);
  REQUIRE(l.arrive_and_wait().has_value());
  REQUIRE(c.join());
  CHECK(passed.load() == 3);
}

TEST_CASE("count_down refuses negative counts and counts past zero, changing nothing") {
  latch l(2);
  auto r = l.count_down(3);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::einval);
  CHECK(l.count_down(-1).error() == errc::einval);
  CHECK(l.arrive_and_wait(5).error() == errc::einval);  // refused without waiting
  CHECK_FALSE(l.try_wait());
  CHECK(l.count_down(0).has_value());
  CHECK(l.count_down(2).has_value());
  CHECK(l.try_wait());
  l.wait();  // already open: returns at once
  CHECK(l.count_down(1).error() == errc::einval);
}
