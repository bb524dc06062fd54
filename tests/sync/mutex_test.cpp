// SPDX-License-Identifier: MIT
// mutex, lock_guard, unique_lock: exclusion, try_lock, ownership, misuse.
#include <doctest.h>

#include <atomic>
#include <type_traits>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
constinit mutex global_mutex;
long global_count = 0;

static_assert(std::is_trivially_destructible_v<mutex>);
static_assert(std::is_trivially_destructible_v<condition_variable>);
static_assert(std::is_trivially_destructible_v<once_flag>);
static_assert(std::is_trivially_destructible_v<semaphore>);
static_assert(std::is_trivially_destructible_v<latch>);
static_assert(std::is_trivially_destructible_v<barrier<>>);
static_assert(sizeof(mutex) == 8);  // the word and its futex scope
}  // namespace

namespace {
// `threads` threads each add 1 to `count` `per_thread` times under `m`; returns the total.
long count_under(mutex& m, long& count, int threads, int per_thread) {
  {
    test::crew c(threads, [&](int) {
      for (int i = 0; i < per_thread; ++i) {
        lock_guard g(m);
        ++count;
      }
    });
    REQUIRE(c.join());
  }
  return count;
}
}  // namespace

TEST_CASE("8 threads x 100,000 increments under a mutex add up exactly") {
  const int per_thread = test::scaled(100000);
  mutex m;
  long count = 0;  // deliberately not atomic: only the mutex keeps it right
  CHECK(count_under(m, count, 8, per_thread) == 8L * per_thread);
}

TEST_CASE("a constinit global mutex works with no constructor run") {
  const int per_thread = test::scaled(20000);
  CHECK(count_under(global_mutex, global_count, 4, per_thread) == 4L * per_thread);
}

TEST_CASE("try_lock takes a free mutex and fails on a held one, even the caller's own") {
  mutex m;
  CHECK(m.try_lock());
  CHECK_FALSE(m.try_lock());
  std::atomic<int> other_got{-1};
  {
    test::crew c(1, [&](int) { other_got.store(m.try_lock() ? 1 : 0); });
  }
  CHECK(other_got.load() == 0);
  m.unlock();
  {
    test::crew c(1, [&](int) {
      bool got = m.try_lock();
      if (got) m.unlock();
      other_got.store(got ? 1 : 0);
    });
  }
  CHECK(other_got.load() == 1);
}

TEST_CASE("lock blocks until the holder unlocks") {
  mutex m;
  std::atomic<int> stage{0};
  m.lock();
  test::crew c(1, [&](int) {
    stage.store(1);
    m.lock();
    stage.store(2);
    m.unlock();
  });
  REQUIRE(c.await_all_blocked());
  CHECK(stage.load() == 1);
  m.unlock();
  REQUIRE(c.join());
  CHECK(stage.load() == 2);
}

TEST_CASE("unique_lock: defer, try, adopt, move and release") {
  mutex m;
  {
    unique_lock l(m, defer_lock);
    CHECK_FALSE(l.owns_lock());
    CHECK(l.mutex() == &m);
    l.lock();
    CHECK(l.owns_lock());
    CHECK_FALSE(m.try_lock());

    unique_lock<mutex> moved(std::move(l));
    CHECK_FALSE(l.owns_lock());
    CHECK(l.mutex() == nullptr);
    CHECK(moved.owns_lock());
    CHECK(static_cast<bool>(moved));
  }
  CHECK(m.try_lock());  // the moved-to lock released it at scope end
  {
    unique_lock l(m, try_to_lock);
    CHECK_FALSE(l.owns_lock());
  }
  {
    unique_lock l(m, adopt_lock);
    CHECK(l.owns_lock());
    l.unlock();
    CHECK(l.try_lock());
    mutex* released = l.release();
    CHECK(released == &m);
    CHECK_FALSE(l.owns_lock());
  }
  CHECK_FALSE(m.try_lock());  // release() left it locked
  m.unlock();
  {
    mutex other;
    unique_lock a(m);
    unique_lock b(other);
    a = std::move(b);  // unlocks m, takes over other
    CHECK(m.try_lock());
    m.unlock();
    CHECK_FALSE(other.try_lock());
  }
}

TEST_CASE("unlocking a mutex nobody holds traps") {
  int status = test::wait_status_of_child([] {
    test::let_traps_kill();
    mutex m;
    m.unlock();
  });
  CHECK(test::died_of_trap(status));
}

TEST_CASE("unique_lock misuse traps: unlock without owning, lock twice") {
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    mutex m;
    unique_lock l(m, defer_lock);
    l.unlock();
  })));
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    mutex m;
    unique_lock l(m);
    l.lock();
  })));
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    unique_lock<mutex> l;
    l.lock();
  })));
}
