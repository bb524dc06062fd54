// SPDX-License-Identifier: MIT
// call_once in code built with exceptions (this file is, explicitly: tests/sync/meson.build): a
// function that throws leaves the flag as it found it, so the next call tries again, as with
// std::call_once. Only the main thread throws: a hosted child must not call libc, and unwinding
// does. The children here run functions that return normally.
#include <doctest.h>

#include <atomic>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

using namespace rawthread;

namespace {

struct refused {};

// Waits up to about five seconds for `done`; a call stuck on the flag never sets it.
bool finished_in_time(const std::atomic<int>& done) {
  for (int tries = 0; done.load() == 0 && tries < 5000; ++tries)
    this_thread::sleep_for(milliseconds(1));
  return done.load() != 0;
}

// Runs call_once(flag, count) in a new thread; `done` is set once it has returned. The thread
// is detached so that a call stuck for good cannot hang the test on a join.
void call_once_in_a_thread(once_flag& flag, std::atomic<int>& runs, std::atomic<int>& done) {
  auto t = spawn([&] {
    call_once(flag, [&] { runs.fetch_add(1); });
    done.store(1);
  });
  REQUIRE(t.has_value());
  REQUIRE(t->detach().has_value());
}

}  // namespace

// Static: a thread left stuck on a flag (the failure this guards against) must not outlive what
// it refers to.
TEST_CASE("a call_once function that throws lets the next call run it, then only once") {
  static once_flag flag;
  static std::atomic<int> runs{0}, done{0};
  int attempts = 0;
  CHECK_THROWS_AS(call_once(flag, [&] {
    ++attempts;
    throw refused{};
  }), refused);
  CHECK(attempts == 1);
  call_once_in_a_thread(flag, runs, done);
  REQUIRE(finished_in_time(done));
  CHECK(runs.load() == 1);
  call_once(flag, [&] { ++attempts; });  // done now: does not run
  CHECK(attempts == 1);
  CHECK(runs.load() == 1);
}

TEST_CASE("a caller waiting on a call that throws is woken and runs the function itself") {
  static once_flag flag;
  static std::atomic<int> runs{0}, done{0};
  CHECK_THROWS_AS(call_once(flag, [&] {
    call_once_in_a_thread(flag, runs, done);
    // Give the thread time to find the flag taken and go to sleep on it.
    this_thread::sleep_for(milliseconds(50));
    CHECK(done.load() == 0);
    throw refused{};
  }), refused);
  REQUIRE(finished_in_time(done));
  CHECK(runs.load() == 1);
  bool ran_again = false;
  call_once(flag, [&] { ran_again = true; });
  CHECK_FALSE(ran_again);
}
