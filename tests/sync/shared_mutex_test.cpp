// SPDX-License-Identifier: MIT
// shared_mutex and shared_lock: readers together, writers alone, preference, deadlines, misuse.
#include <doctest.h>

#include <atomic>
#include <type_traits>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
static_assert(std::is_trivially_destructible_v<shared_mutex>);
static_assert(sizeof(shared_mutex) == 12);
constinit shared_mutex global_rwlock;
}  // namespace

TEST_CASE("shared_mutex: readers share it, a writer has it alone") {
  shared_mutex& rw = global_rwlock;  // constinit: no constructor ran
  rw.lock_shared();
  CHECK(rw.try_lock_shared());  // a second reader
  CHECK_FALSE(rw.try_lock());
  rw.unlock_shared();
  CHECK_FALSE(rw.try_lock());
  rw.unlock_shared();
  CHECK(rw.try_lock());
  CHECK_FALSE(rw.try_lock_shared());
  CHECK_FALSE(rw.try_lock());
  rw.unlock();
  CHECK(rw.try_lock_shared());
  rw.unlock_shared();
}

TEST_CASE("shared_mutex: 3 readers inside at once, writers exclude them and each other") {
  shared_mutex rw;
  barrier<> all_inside(3);
  std::atomic<int> met{0};
  {
    test::crew c(3, [&](int) {
      shared_lock l(rw);
      (void)all_inside.arrive_and_wait();  // only returns if all three hold it together
      met.fetch_add(1);
    });
    REQUIRE(c.join());
  }
  CHECK(met.load() == 3);

  const int rounds = test::scaled(20000);
  long a = 0, b = 0;  // writers keep a == b; readers must never see them differ
  std::atomic<int> torn{0};
  {
    test::crew c(6, [&](int i) {
      for (int r = 0; r < rounds; ++r) {
        if (i < 2) {
          lock_guard g(rw);
          ++a;
          ++b;
        } else {
          shared_lock l(rw);
          if (a != b) torn.fetch_add(1);
        }
      }
    });
    REQUIRE(c.join());
  }
  CHECK(torn.load() == 0);
  CHECK(a == 2L * rounds);
  CHECK(b == 2L * rounds);
}

namespace {
// A reader holds `rw`; a writer blocks in lock(); returns whether a new reader gets in then.
bool reader_enters_past_waiting_writer(shared_mutex& rw) {
  rw.lock_shared();
  std::atomic<int> writer_done{0};
  test::crew c(1, [&](int) {
    rw.lock();
    writer_done.store(1);
    rw.unlock();
  });
  REQUIRE(c.await_all_blocked());
  const bool entered = rw.try_lock_shared();
  if (entered) rw.unlock_shared();
  CHECK(writer_done.load() == 0);
  rw.unlock_shared();
  REQUIRE(c.join());
  CHECK(writer_done.load() == 1);
  return entered;
}
}  // namespace

TEST_CASE("a waiting writer keeps new readers out by default, and not when readers are preferred") {
  shared_mutex writers_first;
  CHECK_FALSE(reader_enters_past_waiting_writer(writers_first));
  shared_mutex readers_first(futex_scope::this_process, rwlock_preference::readers);
  CHECK(reader_enters_past_waiting_writer(readers_first));
}

TEST_CASE("no writer starvation under a stream of 8 readers") {
  shared_mutex rw;
  std::atomic<int> stop{0};
  std::atomic<long> reads{0};
  std::atomic<int> writer_got{-1};
  {
    test::crew c(9, [&](int i) {
      if (i == 8) {
        // Let the readers get going, so the writer arrives into a lock that is never free.
        while (reads.load() < 1000) this_thread::yield();
        const int writes = test::emulated() ? 20 : 200;
        int got = 0;
        for (int w = 0; w < writes; ++w)
          if (rw.try_lock_for(seconds(20))) {
            ++got;
            rw.unlock();
          }
        writer_got.store(got);
        stop.store(1);
        return;
      }
      while (stop.load() == 0) {
        shared_lock l(rw);
        for (int spin = 0; spin < 200; ++spin) reads.fetch_add(0, std::memory_order_relaxed);
        reads.fetch_add(1);
      }
    });
    REQUIRE(c.join());
  }
  CHECK(writer_got.load() == (test::emulated() ? 20 : 200));
}

TEST_CASE("shared_mutex timed operations give up no earlier than the deadline") {
  shared_mutex rw;
  const nanoseconds timeout = milliseconds(20);
  std::atomic<long> waited{-1};
  std::atomic<int> got{-1};
  rw.lock();
  {
    test::crew c(1, [&](int) {
      monotonic_time start = monotonic_now();
      got.store(rw.try_lock_shared_for(timeout) ? 1 : 0);
      waited.store((monotonic_now() - start).count);
    });
  }
  CHECK(got.load() == 0);
  CHECK(waited.load() >= timeout.count);
  rw.unlock();
  rw.lock_shared();
  {
    test::crew c(1, [&](int) {
      monotonic_time start = monotonic_now();
      got.store(rw.try_lock_until(monotonic_now() + timeout) ? 1 : 0);
      waited.store((monotonic_now() - start).count);
    });
  }
  CHECK(got.load() == 0);
  CHECK(waited.load() >= timeout.count);
  // The writer that gave up left no flag behind that would keep readers out.
  CHECK(rw.try_lock_shared());
  rw.unlock_shared();
  rw.unlock_shared();
  CHECK(rw.try_lock_for(milliseconds(1)));
  rw.unlock();
}

TEST_CASE("a writer woken by the last reader takes the lock; the readers queued behind it follow") {
  shared_mutex rw;
  rw.lock_shared();
  std::atomic<int> order{0};
  std::atomic<int> writer_at{-1};
  std::atomic<int> readers_after{0};
  test::crew writer(1, [&](int) {
    rw.lock();
    writer_at.store(order.fetch_add(1));
    rw.unlock();
  });
  REQUIRE(writer.await_all_blocked());
  test::crew readers(3, [&](int) {
    rw.lock_shared();
    if (order.fetch_add(1) > 0) readers_after.fetch_add(1);
    rw.unlock_shared();
  });
  REQUIRE(readers.await_all_blocked());
  rw.unlock_shared();
  REQUIRE(writer.join());
  REQUIRE(readers.join());
  CHECK(writer_at.load() == 0);
  CHECK(readers_after.load() == 3);
}

TEST_CASE("shared_lock: defer, try, move; misuse of shared_mutex traps") {
  shared_mutex rw;
  {
    shared_lock l(rw, defer_lock);
    CHECK_FALSE(l.owns_lock());
    l.lock();
    CHECK_FALSE(rw.try_lock());
    shared_lock<shared_mutex> moved(std::move(l));
    CHECK(moved.owns_lock());
    CHECK_FALSE(l.owns_lock());
  }
  CHECK(rw.try_lock());
  {
    shared_lock l(rw, try_to_lock);
    CHECK_FALSE(l.owns_lock());
  }
  rw.unlock();
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    shared_mutex m;
    m.unlock_shared();
  })));
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    shared_mutex m;
    m.unlock();
  })));
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    shared_mutex m;
    m.lock_shared();
    m.unlock();
  })));
}
