// SPDX-License-Identifier: MIT
// A storm of thread::signal while thousands of threads are created, joined and detached, with and
// without alternate stacks and start masks: every signal sent is handled, every thread starts
// with the mask it was promised, nothing crashes and no mapping is left behind.
#include <doctest.h>

#include <atomic>
#include <cstdint>

#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>
#include <rawthread/time.hpp>

#include "../support.hpp"
#include "../thread/mappings.hpp"
#include "signal_support.hpp"

using namespace rawthread;

namespace {
// A real-time signal: each one sent is queued and delivered, none merges with another. (glibc
// keeps 32 and 33 for itself; 40 is free in a hosted program too.)
constexpr int storm_signal = 40;
constexpr int per_thread = 3;
constexpr int slots = 1 << 16;

std::atomic<int> total{0};
std::atomic<int> by_tid[slots];

void on_storm(int, sys::siginfo*, void*) {
  by_tid[sys::gettid() % slots].fetch_add(1, std::memory_order_relaxed);
  total.fetch_add(1, std::memory_order_relaxed);
}

struct tally {
  std::atomic<int> wrong_mask{0};
  std::atomic<int> timed_out{0};
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
};
// At namespace scope, not in the test's frame: detached targets may still be finishing when
// the test waits for them, and must never write into a frame that has returned.
tally main_tally, churn_tally;

thread_options options_for(int i, const sys::sigset* block_usr2) {
  thread_options opts;
  opts.stack_size = 64 * 1024;
  if (i % 3 == 0) opts.signal_mask = block_usr2;
  if (i % 3 == 1) opts.signal_stack_size = 16 * 1024;
  return opts;
}

// The body of a target: checks its mask, then stays until its signals have been handled (a
// signal to a thread that leaves before handling it is lost by design).
int target(tally& t, sys::sigset expected, int wanted) {
  t.started.fetch_add(1);
  if (this_thread::signal_mask() != expected) t.wrong_mask.fetch_add(1);
  const int tid = sys::gettid();
  const monotonic_time deadline = monotonic_now() + seconds(20);
  while (by_tid[tid % slots].load() < wanted) {
    if (monotonic_now() > deadline) {
      t.timed_out.fetch_add(1);
      break;
    }
    this_thread::yield();
  }
  by_tid[tid % slots].store(0);
  t.finished.fetch_add(1);
  return 0;
}
}  // namespace

TEST_CASE("a storm of thread::signal during thousands of creates, joins and detaches") {
  test::scoped_handler handler(storm_signal, on_storm, sys::sa_restart | sys::sa_onstack);
  REQUIRE(handler.ok());
  for (auto& slot : by_tid) slot.store(0);
  total = 0;
  const test::mapped_ranges before;
  const sys::sigset creator = this_thread::signal_mask();
  const sys::sigset block_usr2 = sys::sigmask_of(sys::sigusr2);
  const int rounds = test::scaled(2000);
  for (tally* t : {&main_tally, &churn_tally}) {
    t->wrong_mask = 0;
    t->timed_out = 0;
    t->started = 0;
    t->finished = 0;
  }
  std::atomic<bool> stop{false};
  std::atomic<int> churned{0};

  // Churn: another thread creating, joining and detaching threads that are not signalled.
  auto churn = spawn([&] {
    int i = 0;
    while (!stop.load()) {
      const sys::sigset expected = i % 3 == 0 ? block_usr2 : creator;
      auto t = spawn([expected] { return target(churn_tally, expected, 0); },
                     options_for(i, &block_usr2));
      if (!t) continue;
      if (i % 2 == 0) (void)t->join();
      else (void)t->detach();
      churned.fetch_add(1);
      ++i;
    }
  });
  REQUIRE(churn.has_value());

  int sent = 0;
  for (int i = 0; i < rounds; ++i) {
    const sys::sigset expected = i % 3 == 0 ? block_usr2 : creator;
    auto t = spawn([expected] { return target(main_tally, expected, per_thread); },
                   options_for(i, &block_usr2));
    REQUIRE(t.has_value());
    for (int k = 0; k < per_thread; ++k) {
      auto r = t->signal(storm_signal);
      if (r) ++sent;
    }
    if (i % 2 == 0) REQUIRE(t->join().has_value());
    else REQUIRE(t->detach().has_value());
  }
  stop.store(true);
  REQUIRE(churn->join().has_value());

  // Detached targets are still finishing: wait until every target, detached or joined, of both
  // kinds has ended (a churned thread counts once spawned), and every signal was handled.
  const monotonic_time deadline = monotonic_now() + seconds(30);
  while ((total.load() < sent || main_tally.finished.load() < rounds ||
          churn_tally.finished.load() < churned.load()) &&
         monotonic_now() < deadline)
    this_thread::sleep_for(milliseconds(1));
  CHECK(sent == rounds * per_thread);
  CHECK(total.load() == sent);
  CHECK(main_tally.started.load() == rounds);
  CHECK(main_tally.finished.load() == rounds);
  CHECK(churn_tally.finished.load() == churned.load());
  CHECK(main_tally.wrong_mask.load() == 0);
  CHECK(main_tally.timed_out.load() == 0);
  CHECK(churn_tally.wrong_mask.load() == 0);
  CHECK(churned.load() > 0);
  CHECK(test::mappings_once_settled(before) == 0);
  CHECK(this_thread::signal_mask() == creator);
}
