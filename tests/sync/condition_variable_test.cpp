// SPDX-License-Identifier: MIT
// condition_variable: a bounded queue, wake-up counts, timeouts, misuse.
#include <doctest.h>

#include <atomic>
#include <vector>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// A bounded FIFO of ints built from one mutex and two condition variables.
class bounded_queue {
 public:
  void push(int v) {
    unique_lock l(m_);
    not_full_.wait(l, [&] { return size_ < capacity; });
    items_[(head_ + size_) % capacity] = v;
    ++size_;
    not_empty_.notify_one();
  }
  int pop() {
    unique_lock l(m_);
    not_empty_.wait(l, [&] { return size_ > 0; });
    int v = items_[head_];
    head_ = (head_ + 1) % capacity;
    --size_;
    not_full_.notify_one();
    return v;
  }

 private:
  static constexpr int capacity = 8;
  mutex m_;
  condition_variable not_full_, not_empty_;
  int items_[capacity] = {};
  int head_ = 0, size_ = 0;
};

// Parks `count` threads in cv.wait until `stop`; counts every return from wait().
struct parked_waiters {
  mutex m;
  condition_variable cv;
  int ready = 0;
  bool stop = false;
  std::atomic<int> wakeups{0};

  void wait_here() {
    unique_lock l(m);
    ++ready;
    while (!stop) {
      cv.wait(l);
      wakeups.fetch_add(1);
    }
  }
  // Returns once `count` waiters have entered wait().
  void await_ready(int count) {
    for (;;) {
      {
        unique_lock l(m);
        if (ready == count) break;
      }
      this_thread::sleep_for(milliseconds(1));
    }
  }
};

}  // namespace

TEST_CASE("4 producers and 4 consumers over a bounded queue deliver every item exactly once") {
  const int per_producer = test::scaled(20000);
  const int total = 4 * per_producer;
  std::vector<std::atomic<int>> received(static_cast<std::size_t>(total));
  std::atomic<int> out_of_range{0};
  bounded_queue q;
  {
    test::crew producers(4, [&](int p) {
      for (int i = 0; i < per_producer; ++i) q.push(p * per_producer + i);
    });
    test::crew consumers(4, [&](int) {
      for (int v; (v = q.pop()) >= 0;) {
        if (v >= total) out_of_range.fetch_add(1);
        else received[static_cast<std::size_t>(v)].fetch_add(1);
      }
    });
    REQUIRE(producers.join());
    for (int i = 0; i < 4; ++i) q.push(-1);  // one end marker per consumer
    REQUIRE(consumers.join());
  }
  CHECK(out_of_range.load() == 0);
  int wrong = 0;
  for (auto& r : received) wrong += r.load() != 1;
  CHECK(wrong == 0);
}

TEST_CASE("notify_one wakes exactly one sleeping waiter; notify_all wakes the rest") {
  parked_waiters w;
  test::crew c(4, [&](int) { w.wait_here(); });
  w.await_ready(4);
  REQUIRE(c.await_all_blocked());
  w.cv.notify_one();
  REQUIRE(c.await_all_blocked());  // the woken one counted its wake-up and sleeps again
  CHECK(w.wakeups.load() == 1);  // the one woken went back to sleep: stop is still false
  {
    lock_guard g(w.m);
    w.stop = true;
  }
  w.cv.notify_all();
  REQUIRE(c.join());
  CHECK(w.wakeups.load() == 5);
}

TEST_CASE("notify_all under the mutex hands it on to every waiter in turn") {
  parked_waiters w;
  test::crew c(8, [&](int) { w.wait_here(); });
  w.await_ready(8);
  REQUIRE(c.await_all_blocked());
  {
    lock_guard g(w.m);
    w.stop = true;
    w.cv.notify_all();  // sleepers requeued onto w.m, which we still hold
  }
  REQUIRE(c.join());
  CHECK(w.wakeups.load() == 8);
}

// A notify_all preempted between its sequence bump and its requeue moves waiters that began
// waiting in between, and nothing such a waiter reads tells it that it was moved. That requeue
// is made here by hand: of two sleepers, one is woken and one moved onto the mutex, which the
// test holds. White-box: a condition variable's and a mutex's first member is their futex word
// (the C API's layout checks in src/c_api/mutex.cpp pin both).
TEST_CASE("waiters a notify_all moves onto the mutex hand it on, even ones that came late") {
  parked_waiters w;
  test::crew c(2, [&](int) { w.wait_here(); });
  w.await_ready(2);
  REQUIRE(c.await_all_blocked());
  auto& sequence = *reinterpret_cast<std::atomic<int>*>(&w.cv);
  auto& word = *reinterpret_cast<std::atomic<int>*>(&w.m);
  {
    lock_guard g(w.m);
    w.stop = true;
    auto moved = futex_requeue(sequence, sequence.load(), 1, 1, word);
    REQUIRE(moved.has_value());
    REQUIRE(*moved == 2);
    // The woken one now sleeps on the mutex too, behind the moved one.
    REQUIRE(c.await_all_blocked());
  }
  // Our unlock wakes the moved waiter; its unlock must wake the other.
  for (int i = 0; i < 5000 && w.wakeups.load() < 2; ++i) this_thread::sleep_for(milliseconds(1));
  const int woke = w.wakeups.load();
  if (woke < 2) (void)futex_wake(word, 2);  // let the stranded one go, so the crew can be joined
  CHECK(woke == 2);
  REQUIRE(c.join());
}

TEST_CASE("a ping-pong of many rounds loses no wake-up") {
  const int rounds = test::scaled(20000);
  mutex m;
  condition_variable cv;
  int turn = 0;  // even: player 0 moves; odd: player 1
  {
    test::crew c(2, [&](int me) {
      for (int i = 0; i < rounds; ++i) {
        unique_lock l(m);
        cv.wait(l, [&] { return turn % 2 == me; });
        ++turn;
        cv.notify_one();
      }
    });
    REQUIRE(c.join());
  }
  CHECK(turn == 2 * rounds);
}

TEST_CASE("wait_for times out no earlier than asked, with the lock held again") {
  mutex m;
  condition_variable cv;
  unique_lock l(m);
  monotonic_time before = monotonic_now();
  cv_status s = cv.wait_for(l, milliseconds(30));
  nanoseconds took = monotonic_now() - before;
  CHECK(s == cv_status::timeout);
  CHECK(took >= milliseconds(30));
  CHECK(l.owns_lock());
  CHECK_FALSE(m.try_lock());

  before = monotonic_now();
  CHECK_FALSE(cv.wait_until(l, before + milliseconds(20), [] { return false; }));
  CHECK(monotonic_now() - before >= milliseconds(20));
  CHECK(cv.wait_for(l, seconds(-1)) == cv_status::timeout);
}

TEST_CASE("wait_for with a predicate returns true as soon as it is notified") {
  mutex m;
  condition_variable cv;
  bool flag = false;
  test::crew c(1, [&](int) {
    this_thread::sleep_for(milliseconds(10));
    lock_guard g(m);
    flag = true;
    cv.notify_one();
  });
  unique_lock l(m);
  monotonic_time before = monotonic_now();
  CHECK(cv.wait_for(l, seconds(30), [&] { return flag; }));
  CHECK(monotonic_now() - before < seconds(20));
}

TEST_CASE("waiting with a unique_lock that owns nothing traps") {
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    mutex m;
    condition_variable cv;
    unique_lock l(m, defer_lock);
    cv.wait(l);
  })));
}
