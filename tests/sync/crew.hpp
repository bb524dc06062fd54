// SPDX-License-Identifier: MIT
// A fixed crew of rawthread threads running the same body, for the sync tests.
#pragma once

#include <doctest.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "support.hpp"

namespace test {

inline constexpr int max_crew = 16;

// Starts `count` threads running body(i) for i in [0, count); the destructor joins them all.
// Bodies must not call libc or doctest: they report through shared atomics.
class crew {
 public:
  template <class Body>
  crew(int count, Body body) {
    REQUIRE(count <= max_crew);
    for (int i = 0; i < count; ++i) {
      auto t = rawthread::spawn([body, i] { body(i); });
      REQUIRE(t.has_value());
      threads_[i] = std::move(*t);
    }
  }
  // Joins every thread; true when all of them could be joined.
  bool join() {
    bool ok = true;
    for (auto& t : threads_)
      if (t.joinable()) ok = t.join().has_value() && ok;
    return ok;
  }
  ~crew() { (void)join(); }

  // Waits until every thread of the crew is asleep in the kernel (in a futex wait, when the test
  // leaves no other place to sleep) or has ended; false after 20 s.
  bool await_all_blocked() const {
    for (int tries = 0; tries < 20000; ++tries) {
      bool all = true;
      for (const auto& t : threads_)
        if (t.joinable() && !asleep_or_gone(t.id())) all = false;
      if (all) return true;
      rawthread::this_thread::sleep_for(rawthread::milliseconds(1));
    }
    return false;
  }

 private:
  // Asleep in the kernel (as in futex_wait), or ended.
  static bool asleep_or_gone(int tid) { return test::asleep(tid) || test::gone(tid); }
  rawthread::thread threads_[max_crew];
};

// For a forked child about to trap on purpose: default actions for the trap signals, so that
// the trap kills it rather than reaching doctest's crash handler (which would report a failure).
inline void let_traps_kill() {
  std::signal(SIGILL, SIG_DFL);
  std::signal(SIGTRAP, SIG_DFL);
}

// True for the wait status of a process killed by __builtin_trap (SIGILL or SIGTRAP, by
// architecture and compiler: <rawthread/sync.hpp>).
inline bool died_of_trap(int status) {
  using namespace rawthread::sys;
  return signaled(status) && (term_signal(status) == sigill || term_signal(status) == sigtrap);
}

}  // namespace test
