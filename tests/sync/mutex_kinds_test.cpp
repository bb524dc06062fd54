// SPDX-License-Identifier: MIT
// recursive_mutex, checked_mutex and the timed operations: depth, ownership, error codes,
// deadlines.
#include <doctest.h>

#include <atomic>
#include <type_traits>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
static_assert(std::is_trivially_destructible_v<recursive_mutex>);
static_assert(std::is_trivially_destructible_v<checked_mutex>);
static_assert(std::is_trivially_destructible_v<robust_mutex>);
static_assert(std::is_same_v<timed_mutex, mutex>);

constinit recursive_mutex global_recursive;

// Whether another thread can take `m` right now (it lets go again at once).
template <class M>
bool other_thread_gets(M& m) {
  std::atomic<int> got{-1};
  {
    test::crew c(1, [&](int) {
      bool ok = m.try_lock();
      if (ok) m.unlock();
      got.store(ok ? 1 : 0);
    });
  }
  return got.load() == 1;
}

int code_of(const result<void>& r) { return r ? 0 : r.error(); }
}  // namespace

TEST_CASE("recursive_mutex: 1,000 nested locks need 1,000 unlocks") {
  recursive_mutex& m = global_recursive;  // constinit: no constructor ran
  for (int i = 0; i < 1000; ++i) m.lock();
  CHECK(m.try_lock());  // the owner's try_lock nests too: 1,001
  CHECK_FALSE(other_thread_gets(m));
  for (int i = 0; i < 1000; ++i) m.unlock();
  CHECK_FALSE(other_thread_gets(m));  // one level still held
  m.unlock();
  CHECK(other_thread_gets(m));
}

TEST_CASE("recursive_mutex keeps 4 threads' nested increments exact") {
  const int per_thread = test::scaled(20000);
  recursive_mutex m;
  long count = 0;
  {
    test::crew c(4, [&](int) {
      for (int i = 0; i < per_thread; ++i) {
        lock_guard outer(m);
        lock_guard inner(m);
        ++count;
      }
    });
    REQUIRE(c.join());
  }
  CHECK(count == 4L * per_thread);
}

TEST_CASE("recursive_mutex unlocked by a thread that does not hold it traps") {
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    recursive_mutex m;
    m.unlock();
  })));
}

TEST_CASE("checked_mutex: EDEADLK on relock, EBUSY on try, EPERM on unlock by a non-owner") {
  checked_mutex m;
  REQUIRE(m.lock());
  CHECK(code_of(m.lock()) == errc::edeadlk);
  CHECK(code_of(m.try_lock()) == errc::ebusy);
  CHECK(code_of(m.try_lock_for(milliseconds(1))) == errc::edeadlk);
  std::atomic<int> other_unlock{-1};
  std::atomic<int> other_try{-1};
  {
    test::crew c(1, [&](int) {
      other_unlock.store(code_of(m.unlock()));
      other_try.store(code_of(m.try_lock()));
    });
  }
  CHECK(other_unlock.load() == errc::eperm);
  CHECK(other_try.load() == errc::ebusy);
  CHECK(m.unlock());
  CHECK(code_of(m.unlock()) == errc::eperm);  // nobody holds it now
  CHECK(m.try_lock());
  CHECK(m.unlock());
}

TEST_CASE("checked_mutex keeps 4 threads' increments exact") {
  const int per_thread = test::scaled(20000);
  checked_mutex m;
  long count = 0;
  std::atomic<int> errors{0};
  {
    test::crew c(4, [&](int) {
      for (int i = 0; i < per_thread; ++i) {
        if (!m.lock()) errors.fetch_add(1);
        ++count;
        if (!m.unlock()) errors.fetch_add(1);
      }
    });
    REQUIRE(c.join());
  }
  CHECK(errors.load() == 0);
  CHECK(count == 4L * per_thread);
}

TEST_CASE("timed locks give up no earlier than their deadline, and succeed when freed in time") {
  mutex plain;
  recursive_mutex recursive;
  checked_mutex checked;
  plain.lock();
  recursive.lock();
  REQUIRE(checked.lock());
  std::atomic<long> waited[3] = {-1, -1, -1};
  std::atomic<int> got[3] = {-1, -1, -1};
  const nanoseconds timeout = milliseconds(30);
  {
    test::crew c(1, [&](int) {
      monotonic_time start = monotonic_now();
      got[0].store(plain.try_lock_for(timeout) ? 1 : 0);
      waited[0].store((monotonic_now() - start).count);
      start = monotonic_now();
      got[1].store(recursive.try_lock_until(monotonic_now() + timeout) ? 1 : 0);
      waited[1].store((monotonic_now() - start).count);
      start = monotonic_now();
      got[2].store(code_of(checked.try_lock_for(timeout)));
      waited[2].store((monotonic_now() - start).count);
    });
  }
  CHECK(got[0].load() == 0);
  CHECK(got[1].load() == 0);
  CHECK(got[2].load() == errc::etimedout);
  for (auto& w : waited) CHECK(w.load() >= timeout.count);

  // Released while the other thread waits: its timed lock succeeds.
  std::atomic<int> stage{0};
  test::crew c(1, [&](int) {
    stage.store(1);
    bool a = plain.try_lock_for(seconds(20));
    bool b = recursive.try_lock_for(seconds(20));
    bool ok = a && b && checked.try_lock_for(seconds(20));
    stage.store(ok ? 2 : 3);
    if (a) plain.unlock();
    if (b) recursive.unlock();
    if (ok) (void)checked.unlock();
  });
  REQUIRE(c.await_all_blocked());
  plain.unlock();
  recursive.unlock();
  CHECK(checked.unlock());
  REQUIRE(c.join());
  CHECK(stage.load() == 2);
}

TEST_CASE("a timed lock of a free mutex succeeds even with a past deadline") {
  mutex plain;
  recursive_mutex recursive;
  checked_mutex checked;
  CHECK(plain.try_lock_until(monotonic_time{0}));
  CHECK(recursive.try_lock_until(monotonic_time{0}));
  CHECK(checked.try_lock_until(monotonic_time{0}));
  plain.unlock();
  recursive.unlock();
  CHECK(checked.unlock());
}

TEST_CASE("a condition_variable waits with a recursive_mutex and with a checked_mutex") {
  recursive_mutex m;
  condition_variable cv;
  bool ready = false;
  std::atomic<int> woke{0};
  test::crew c(1, [&](int) {
    unique_lock l(m);
    cv.wait(l, [&] { return ready; });
    woke.store(1);
  });
  REQUIRE(c.await_all_blocked());
  {
    lock_guard g(m);
    ready = true;
  }
  cv.notify_all();
  REQUIRE(c.join());
  CHECK(woke.load() == 1);

  unique_lock l(m);
  CHECK(cv.wait_for(l, milliseconds(5)) == cv_status::timeout);
  CHECK(l.owns_lock());
}

TEST_CASE("condition_variable deadlines on CLOCK_REALTIME; the clock a condition reports") {
  mutex m;
  condition_variable wall(futex_scope::this_process, wait_clock::realtime);
  condition_variable steady;
  CHECK(wall.clock_of() == wait_clock::realtime);
  CHECK(steady.clock_of() == wait_clock::monotonic);
  CHECK(wall.scope() == futex_scope::this_process);
  unique_lock l(m);
  const realtime_time deadline = realtime_now() + milliseconds(20);
  CHECK(steady.wait_until(l, deadline) == cv_status::timeout);  // any condition takes either
  CHECK_FALSE(realtime_now() < deadline);
  CHECK(l.owns_lock());
  bool never = false;
  CHECK_FALSE(wall.wait_until(l, realtime_now() + milliseconds(5), [&] { return never; }));
}
