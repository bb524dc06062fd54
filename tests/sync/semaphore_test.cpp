// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <atomic>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
constinit semaphore global_semaphore{2};
}

TEST_CASE("try_acquire takes units while there are some, and never blocks") {
  semaphore s(2);
  CHECK(s.try_acquire());
  CHECK(s.try_acquire());
  CHECK_FALSE(s.try_acquire());
  CHECK(s.available() == 0);
  REQUIRE(s.release(3).has_value());
  CHECK(s.available() == 3);
  CHECK(global_semaphore.try_acquire());
  CHECK(global_semaphore.available() == 1);
}

TEST_CASE("try_acquire_for gives up no earlier than asked, and succeeds when released") {
  semaphore s(0);
  monotonic_time before = monotonic_now();
  CHECK_FALSE(s.try_acquire_for(milliseconds(30)));
  CHECK(monotonic_now() - before >= milliseconds(30));
  CHECK_FALSE(s.try_acquire_for(nanoseconds{0}));
  CHECK_FALSE(s.try_acquire_until(monotonic_now() - seconds(1)));

  test::crew c(1, [&](int) {
    this_thread::sleep_for(milliseconds(10));
    (void)s.release();
  });
  CHECK(s.try_acquire_for(seconds(30)));
  CHECK(s.available() == 0);
}

TEST_CASE("release(n) lets n blocked threads through, no more") {
  semaphore s(0);
  std::atomic<int> through{0};
  test::crew c(4, [&](int) {
    s.acquire();
    through.fetch_add(1);
  });
  REQUIRE(c.await_all_blocked());
  CHECK(through.load() == 0);
  REQUIRE(s.release(3).has_value());
  while (through.load() < 3) this_thread::yield();
  REQUIRE(c.await_all_blocked());  // three gone, the fourth asleep again
  CHECK(through.load() == 3);
  REQUIRE(s.release().has_value());
  REQUIRE(c.join());
  CHECK(through.load() == 4);
  CHECK(s.available() == 0);
}

TEST_CASE("units handed off between threads are all accounted for") {
  const int items = test::scaled(50000);
  semaphore filled(0), empty(4);
  std::atomic<long> sum{0};
  {
    test::crew c(2, [&](int me) {
      for (int i = 1; i <= items; ++i) {
        if (me == 0) {
          empty.acquire();
          (void)filled.release();
        } else {
          filled.acquire();
          sum.fetch_add(i);
          (void)empty.release();
        }
      }
    });
    REQUIRE(c.join());
  }
  CHECK(sum.load() == static_cast<long>(items) * (items + 1) / 2);
  CHECK(filled.available() == 0);
  CHECK(empty.available() == 4);
}

TEST_CASE("bad release counts are refused and change nothing") {
  semaphore s(5);
  auto r = s.release(-1);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::einval);
  CHECK(s.available() == 5);
  auto o = s.release(semaphore::max - 4);
  REQUIRE_FALSE(o.has_value());
  CHECK(o.error() == errc::eoverflow);
  CHECK(s.available() == 5);
  CHECK(s.release(semaphore::max - 5).has_value());
  CHECK(s.available() == semaphore::max);
  CHECK(s.release(0).has_value());
}

TEST_CASE("a semaphore with a negative count traps") {
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    volatile int initial = -1;
    semaphore s(initial);
    (void)s.try_acquire();
  })));
}
